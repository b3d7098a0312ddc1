using System.Net;
using PeerLink.Server.Tests.Publishing;

namespace PeerLink.Server.Tests.Infrastructure;

/// <summary>Logs go to places with weaker protection than the service; no secret may reach them.</summary>
public sealed class LogSafetyTests
{
    [Fact]
    public async Task FullFlow_LogsNeitherTokensNorKeysNorBoxes()
    {
        using var factory = new PeerLinkFactory();
        using var client = factory.CreateClient();
        var token = TestToken.Create(factory.NowMs);
        var handle = PublishEndpointsTests.NewHandle();
        var boxes = Enumerable.Range(0, 4).Select(_ => TestToken.NewBox()).ToArray();
        var secrets = new List<string> { token.Text, token.AnswerKey, token.AnswerKeyHash };
        secrets.AddRange(boxes);

        var session = await (await client.PostJsonAsync("/sessions", new { sessionId = token.SessionId, answerKeyHash = token.AnswerKeyHash, expiresAt = token.ExpiresAt })).ReadJsonAsync(HttpStatusCode.Created);
        var sessionOwner = session.GetProperty("ownerKey").GetString()!;
        var published = await (await client.PostJsonAsync("/publish", new { username = handle, token = token.Text })).ReadJsonAsync(HttpStatusCode.Created);
        var publicationOwner = published.GetProperty("ownerKey").GetString()!;
        secrets.Add(sessionOwner);
        secrets.Add(publicationOwner);

        await client.SendJsonAsync(HttpMethod.Patch, "/publish", new { username = handle, ttl = 120_000 }, publicationOwner);
        await client.GetAsync($"/lookup?username={handle}");
        await client.PostJsonAsync("/publish", new { username = handle, token = token.Text }, PublishEndpointsTests.NewKey());
        await client.PostJsonAsync("/publish", new { username = PublishEndpointsTests.NewHandle(), token = token.Text[..^4] });
        await client.PostJsonAsync("/publish", new { username = PublishEndpointsTests.NewHandle(), token = token.Text, ttl = "x" });
        await client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { box = boxes[0] }, sessionOwner);
        using (var request = Http.Json(HttpMethod.Get, $"/sessions/{token.SessionId}/events", null, sessionOwner))
        using (var stream = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        using (var events = new EventStreamReader(await stream.Content.ReadAsStreamAsync()))
        {
            await client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = boxes[1] }, token.AnswerKey);
            Assert.NotNull(await events.NextAsync());
            await client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { box = boxes[2] }, token.AnswerKey);
            Assert.NotNull(await events.NextAsync());
            await client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = boxes[3] }, token.AnswerKey);
            await client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { bye = true }, token.AnswerKey);
            Assert.NotNull(await events.NextAsync());
        }

        await client.SendJsonAsync(HttpMethod.Delete, $"/publish?username={handle}", null, publicationOwner);
        await client.SendJsonAsync(HttpMethod.Delete, $"/sessions/{token.SessionId}", null, sessionOwner);

        var logs = factory.Logs.Entries.ToArray();
        Assert.Contains(logs, l => l.Contains("Session", StringComparison.Ordinal) && l.Contains("answered", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("Published", StringComparison.Ordinal));
        // The capture sees the framework's debug output too, where request details would surface.
        Assert.Contains(logs, l => l.StartsWith("Debug Microsoft.AspNetCore", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            // A prefix long enough to be unmistakable, short enough to catch a truncated copy.
            var needle = secret[..Math.Min(secret.Length, 16)];
            Assert.DoesNotContain(logs, l => l.Contains(needle, StringComparison.Ordinal));
        }
    }
}
