using System.Text;

namespace PeerLink.Server.Tests.Infrastructure;

internal sealed record SseEvent(string? Id, string? Event, string? Data, string? Comment);

/// <summary>Reads a <c>text/event-stream</c> body one event (or comment) at a time.</summary>
internal sealed class EventStreamReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The next event, or null when the stream ended; fails the test after the timeout.</summary>
    public async Task<SseEvent?> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        string? id = null, name = null, comment = null;
        StringBuilder? data = null;
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("No event arrived in time.");
            }

            if (line is null)
            {
                return id is null && name is null && data is null && comment is null ? null : new SseEvent(id, name, data?.ToString(), comment);
            }

            if (line.Length == 0)
            {
                if (id is null && name is null && data is null && comment is null)
                {
                    continue;
                }

                return new SseEvent(id, name, data?.ToString(), comment);
            }

            if (line.StartsWith(':'))
            {
                comment = line[1..].Trim();
            }
            else if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                id = line[3..].Trim();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                (data ??= new StringBuilder()).Append(line[5..].Trim());
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}
