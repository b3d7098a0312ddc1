using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using PeerLink.Server.Infrastructure;
using PeerLink.Server.Storage;

namespace PeerLink.Server.Sessions;

/// <summary>
/// <c>text/event-stream</c> of what the other party posts (spec §6.1). Pushed as the store wakes the
/// reader, so delivery is as fast as the store; a comment every keep-alive interval keeps proxies
/// from closing an idle stream; the stream ends on a bye, at session expiry, or when the client
/// leaves. Plain SSE framing, readable by <c>EventSource</c> and by <c>fetch</c> + a body reader.
/// </summary>
internal sealed class EventStreamResult(
    string sessionId,
    SignalSender listener,
    long afterSeq,
    IRendezvousStore store,
    TimeProvider time,
    TimeSpan keepAliveInterval,
    SessionsLog log) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public const string ContentType = "text/event-stream";

    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    int? IStatusCodeHttpResult.StatusCode => StatusCodes.Status200OK;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [ContentType]));
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache, no-store";
        // nginx and similar buffer responses unless told not to, which would delay every signal.
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var writeLock = new SemaphoreSlim(1, 1);
        var role = listener == SignalSender.Offerer ? "offerer" : "answerer";
        // Shutdown ends streams at once instead of waiting out the host's shutdown timeout.
        var stopping = httpContext.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        var why = "client left";
        Task keepAlive = Task.CompletedTask;
        Task expiry = Task.CompletedTask;
        try
        {
            // Both timers exist before the headers go out, so a client that sees the headers (or a
            // test that then moves a fake clock) can rely on them.
            keepAlive = KeepAliveAsync(response, writeLock, stop.Token);
            expiry = EndAtExpiryAsync(stop);

            // Headers go out now: the client knows it is listening before anything is posted.
            await response.Body.FlushAsync(stop.Token);
            log.Listening(sessionId, role, afterSeq);

            why = "session expired";
            // Read from the start (a mailbox holds a handful of signals) so a client reconnecting
            // after the bye, with Last-Event-ID past it, still sees the session is over.
            await foreach (var signal in store.ReadAsync(sessionId, 0, stop.Token))
            {
                if (signal.From != listener && signal.Seq > afterSeq)
                {
                    await WriteEventAsync(response, writeLock, signal, stop.Token);
                }

                if (signal.Kind == SignalKind.Bye)
                {
                    why = "bye";
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            why = httpContext.RequestAborted.IsCancellationRequested ? "client left" : "session expired";
        }
        catch (StoreUnavailableException e)
        {
            // Headers are sent; all that is left is to end the stream so the client reconnects.
            why = "store unavailable";
            log.StreamStoreFailed(sessionId, e);
        }
        catch (IOException)
        {
            why = "client left";
        }
        finally
        {
            await stop.CancelAsync();
            await Quietly(keepAlive);
            await Quietly(expiry);
            log.StreamEnded(sessionId, role, why);
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, SemaphoreSlim writeLock, MailboxSignal signal, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(
            new SignalEvent(signal.Seq, Name(signal.From), Name(signal.Kind), signal.Box),
            ServerJsonContext.Default.SignalEvent);
        var text = string.Create(CultureInfo.InvariantCulture, $"id: {signal.Seq}\nevent: signal\ndata: {data}\n\n");
        await WriteAsync(response, writeLock, Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    private static async Task WriteAsync(HttpResponse response, SemaphoreSlim writeLock, byte[] bytes, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            await response.Body.WriteAsync(bytes, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async Task KeepAliveAsync(HttpResponse response, SemaphoreSlim writeLock, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(keepAliveInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await WriteAsync(response, writeLock, KeepAlive, cancellationToken);
        }
    }

    /// <summary>Nothing outlives the session: re-reads its expiry (an answer extends it) and stops
    /// the stream once it is gone.</summary>
    private async Task EndAtExpiryAsync(CancellationTokenSource stop)
    {
        while (true)
        {
            var now = time.NowMs();
            var session = await store.GetSessionAsync(sessionId, now, stop.Token);
            if (session is null)
            {
                await stop.CancelAsync();
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(session.ExpiresAt - now + 1), time, stop.Token);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or StoreUnavailableException or ObjectDisposedException)
        {
            // The stream is ending; these are the expected ways for its helpers to stop.
        }
    }

    internal static string Name(SignalSender sender) => sender == SignalSender.Offerer ? "offerer" : "answerer";

    internal static string Name(SignalKind kind) => kind switch
    {
        SignalKind.Answer => "answer",
        SignalKind.Bye => "bye",
        _ => "signal",
    };
}
