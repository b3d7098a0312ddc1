using System.Net;
using System.Text.Json;
using PeerLink.Server.Tests.Infrastructure;
using PeerLink.Server.Tests.Storage;

namespace PeerLink.Server.Tests.Scaling;

/// <summary>Issue 5: two stateless instances on one Redis behave as one service, whichever
/// instance each request reaches (no sticky sessions).</summary>
[Collection(RedisServerDefinition.Name)]
public sealed class TwoInstancesTests : IDisposable
{
    // Well below the store's 5 s fallback poll: an event that arrives within this was pushed
    // through Redis pub/sub, not found by polling.
    private static readonly TimeSpan PushLimit = TimeSpan.FromSeconds(3);

    private readonly RendezvousInstance _a;
    private readonly RendezvousInstance _b;

    public TwoInstancesTests(RedisFixture redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _a = RendezvousInstance.Start(redis.Server.ConnectionString);
        _b = RendezvousInstance.Start(redis.Server.ConnectionString);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Fact]
    public async Task PublishOnOne_LookupExtendWithdrawOnTheOther()
    {
        var token = TestToken.Create(_a.NowMs);
        var handle = NewHandle();

        var published = await (await _a.Client.PostJsonAsync("/publish", new { username = handle, token = token.Text, ttl = 120_000 }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var ownerKey = published.GetProperty("ownerKey").GetString()!;

        var found = await (await _b.Client.GetAsync($"/lookup?username={handle}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(token.Text, found.GetProperty("token").GetString());
        Assert.Equal(token.SessionId, found.GetProperty("tokenId").GetString());

        var extended = await (await _b.Client.SendJsonAsync(HttpMethod.Patch, "/publish", new { username = handle, ttl = 240_000 }, ownerKey))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(_b.NowMs + 240_000, extended.GetProperty("expiresAt").GetInt64());
        var afterExtend = await (await _a.Client.GetAsync($"/lookup?username={handle}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(_a.NowMs + 240_000, afterExtend.GetProperty("expiresAt").GetInt64());

        await (await _b.Client.SendJsonAsync(HttpMethod.Delete, $"/publish?username={handle}", null, ownerKey)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _a.Client.GetAsync($"/lookup?username={handle}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task TwentyConcurrentPublishesOfOneHandle_SpreadOverBothInstances_LeaveExactlyOneOwner()
    {
        var handle = NewHandle();
        var tokens = Enumerable.Range(0, 20).Select(_ => TestToken.Create(_a.NowMs)).ToArray();

        var responses = await Task.WhenAll(tokens.Select((t, i) =>
            (i % 2 == 0 ? _a : _b).Client.PostJsonAsync("/publish", new { username = handle, token = t.Text })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await conflict.AssertProblemAsync(HttpStatusCode.Conflict, "handle_taken");
        }

        var winner = tokens[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.Created)];
        foreach (var instance in new[] { _a, _b })
        {
            var found = await (await instance.Client.GetAsync($"/lookup?username={handle}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(winner.Text, found.GetProperty("token").GetString());
        }
    }

    [Fact]
    public async Task ListenerOnOne_ReceivesAnswerAndSignalsPostedToTheOther_AndTheTokenIsSpentEverywhere()
    {
        var token = TestToken.Create(_a.NowMs);
        var handle = NewHandle();
        await (await _a.Client.PostJsonAsync("/publish", new { username = handle, token = token.Text })).ReadJsonAsync(HttpStatusCode.Created);
        var ownerKey = await CreateSessionAsync(_a, token);
        using var events = await OpenEventsAsync(_a, token.SessionId, ownerKey);
        // Let the listener settle into waiting, so the answer below is pushed, not read at connect.
        await Task.Delay(300);

        var answerBox = TestToken.NewBox();
        var answered = await (await _b.Client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = answerBox }, token.AnswerKey))
            .ReadJsonAsync(HttpStatusCode.Accepted);

        var answer = await NextSignalAsync(events);
        Assert.Equal(answered.GetProperty("seq").GetInt64(), answer.GetProperty("seq").GetInt64());
        Assert.Equal("answerer", answer.GetProperty("from").GetString());
        Assert.Equal("answer", answer.GetProperty("kind").GetString());
        Assert.Equal(answerBox, answer.GetProperty("box").GetString());

        var candidateBox = TestToken.NewBox();
        await (await _b.Client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { box = candidateBox }, token.AnswerKey))
            .ReadJsonAsync(HttpStatusCode.Accepted);
        var candidate = await NextSignalAsync(events);
        Assert.Equal("signal", candidate.GetProperty("kind").GetString());
        Assert.Equal(candidateBox, candidate.GetProperty("box").GetString());

        // Single use holds across instances: the answered token no longer resolves anywhere.
        await (await _a.Client.GetAsync($"/lookup?username={handle}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _b.Client.GetAsync($"/lookup?username={handle}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AnswerPostedToOne_BeforeTheListenerConnectsToTheOther_IsDeliveredOnConnect()
    {
        var token = TestToken.Create(_a.NowMs);
        var ownerKey = await CreateSessionAsync(_b, token);
        var box = TestToken.NewBox();
        await (await _b.Client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);

        using var events = await OpenEventsAsync(_a, token.SessionId, ownerKey);

        Assert.Equal(box, (await NextSignalAsync(events)).GetProperty("box").GetString());
    }

    [Fact]
    public async Task TwentyConcurrentAnswers_SpreadOverBothInstances_ExactlyOneIsAccepted()
    {
        var token = TestToken.Create(_a.NowMs);
        await CreateSessionAsync(_a, token);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? _a : _b).Client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() }, token.AnswerKey)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        foreach (var conflict in responses.Where(r => r.StatusCode != HttpStatusCode.Accepted))
        {
            await conflict.AssertProblemAsync(HttpStatusCode.Conflict, "session_answered");
        }
    }

    [Fact]
    public async Task Health_OnBothInstances_ReportsTheRedisStore()
    {
        foreach (var instance in new[] { _a, _b })
        {
            var health = await (await instance.Client.GetAsync("/health")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("healthy", health.GetProperty("status").GetString());
            Assert.Equal("redis", health.GetProperty("store").GetString());
        }
    }

    internal static async Task<string> CreateSessionAsync(RendezvousInstance instance, TestToken token)
    {
        var created = await (await instance.Client.PostJsonAsync("/sessions", new
        {
            sessionId = token.SessionId,
            answerKeyHash = token.AnswerKeyHash,
            expiresAt = token.ExpiresAt,
        })).ReadJsonAsync(HttpStatusCode.Created);
        return created.GetProperty("ownerKey").GetString()!;
    }

    internal static async Task<EventStreamReader> OpenEventsAsync(RendezvousInstance instance, string sessionId, string bearer)
    {
        using var request = Http.Json(HttpMethod.Get, $"/sessions/{sessionId}/events", null, bearer);
        var response = await instance.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamReader(await response.Content.ReadAsStreamAsync());
    }

    private static async Task<JsonElement> NextSignalAsync(EventStreamReader events)
    {
        while (true)
        {
            var next = await events.NextAsync(PushLimit) ?? throw new InvalidOperationException("The event stream ended.");
            if (next.Event == "signal")
            {
                return JsonDocument.Parse(next.Data!).RootElement.Clone();
            }
        }
    }

    private static string NewHandle() => "scale-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
}
