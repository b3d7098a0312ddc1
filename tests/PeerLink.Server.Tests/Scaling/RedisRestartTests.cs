using System.Diagnostics;
using System.Net;
using PeerLink.Server.Tests.Infrastructure;
using PeerLink.Server.Tests.Storage;

namespace PeerLink.Server.Tests.Scaling;

/// <summary>Issue 5: while Redis is away the API answers 503 store_unavailable (never a hang or a
/// 500) and /health says unhealthy; when it is back the same instances serve again by themselves.
/// Owns its redis-server, since it kills it.</summary>
public sealed class RedisRestartTests : IAsyncLifetime
{
    // The test connection string sets 1 s timeouts, so an answer comes in about a second; the
    // limit only tells an answer from a hang, with room for a busy two-core machine (4 s flaked).
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(20);

    private RedisServer _redis = null!;
    private RendezvousInstance _a = null!;
    private RendezvousInstance _b = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _a = RendezvousInstance.Start(_redis.ConnectionString);
        _b = RendezvousInstance.Start(_redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task RedisRestarted_RequestsAnswer503ThenSucceedAgainWithoutRestartingTheInstances()
    {
        var before = TestToken.Create(_a.NowMs);
        await (await _a.Client.PostJsonAsync("/publish", new { username = NewHandle(), token = before.Text })).ReadJsonAsync(HttpStatusCode.Created);

        await _redis.KillAsync();

        foreach (var instance in new[] { _a, _b })
        {
            var token = TestToken.Create(instance.NowMs);
            await AssertUnavailableAsync(() => instance.Client.PostJsonAsync("/publish", new { username = NewHandle(), token = token.Text }));
            await AssertUnavailableAsync(() => instance.Client.GetAsync($"/lookup?username={NewHandle()}"));
            await AssertUnavailableAsync(() => instance.Client.PostJsonAsync("/sessions", new
            {
                sessionId = token.SessionId,
                answerKeyHash = token.AnswerKeyHash,
                expiresAt = token.ExpiresAt,
            }));

            var watch = Stopwatch.StartNew();
            var health = await instance.Client.GetAsync("/health");
            Assert.InRange(watch.Elapsed, TimeSpan.Zero, AnswerLimit);
            var body = await health.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        }

        await _redis.StartAgainAsync();

        foreach (var instance in new[] { _a, _b })
        {
            Assert.True(await HealthyWithinAsync(instance), "the instance did not report healthy again");
        }

        // Redis ran without persistence, so the service works again on an empty store: publish on
        // one instance, resolve on the other, and a listener on one hears an answer posted to the other.
        var after = TestToken.Create(_a.NowMs);
        var handle = NewHandle();
        await (await _a.Client.PostJsonAsync("/publish", new { username = handle, token = after.Text })).ReadJsonAsync(HttpStatusCode.Created);
        var found = await (await _b.Client.GetAsync($"/lookup?username={handle}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(after.Text, found.GetProperty("token").GetString());

        var ownerKey = await TwoInstancesTests.CreateSessionAsync(_b, after);
        using var events = await TwoInstancesTests.OpenEventsAsync(_b, after.SessionId, ownerKey);
        await Task.Delay(200);
        await (await _a.Client.PostJsonAsync($"/sessions/{after.SessionId}/answer", new { box = TestToken.NewBox() }, after.AnswerKey))
            .ReadJsonAsync(HttpStatusCode.Accepted);
        SseEvent? signal;
        do
        {
            signal = await events.NextAsync(TimeSpan.FromSeconds(3));
        }
        while (signal is not null && signal.Event != "signal");

        Assert.NotNull(signal);
    }

    [Fact]
    public async Task OpenEventStream_WhenRedisDies_EndsPromptlyInsteadOfHanging()
    {
        var token = TestToken.Create(_a.NowMs);
        var ownerKey = await TwoInstancesTests.CreateSessionAsync(_a, token);
        using var events = await TwoInstancesTests.OpenEventsAsync(_a, token.SessionId, ownerKey);
        await Task.Delay(200);

        await _redis.KillAsync();

        // The store wakes its listeners on connection failure; without that the stream would only
        // notice at its 5 s fallback poll. The client then reconnects with Last-Event-ID.
        SseEvent? next;
        do
        {
            next = await events.NextAsync(TimeSpan.FromSeconds(3));
        }
        while (next is not null && next.Event != "signal");

        Assert.Null(next);
    }

    private static async Task AssertUnavailableAsync(Func<Task<HttpResponseMessage>> send)
    {
        var watch = Stopwatch.StartNew();
        using var response = await send();
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, AnswerLimit);
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "store_unavailable");
    }

    private static async Task<bool> HealthyWithinAsync(RendezvousInstance instance)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < RecoveryLimit)
        {
            using var response = await instance.Client.GetAsync("/health");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    private static string NewHandle() => "restart-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
}
