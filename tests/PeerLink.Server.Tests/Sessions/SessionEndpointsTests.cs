using System.Diagnostics;
using System.Net;
using System.Text.Json;
using PeerLink.Server.Tests.Infrastructure;
using PeerLink.Server.Tests.Publishing;

namespace PeerLink.Server.Tests.Sessions;

public sealed class SessionEndpointsTests : IDisposable
{
    private readonly PeerLinkFactory _factory = new();
    private readonly HttpClient _client;

    public SessionEndpointsTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Create_WithValidRequest_Returns201WithOwnerKey()
    {
        var token = TestToken.Create(_factory.NowMs);

        var response = await _client.PostJsonAsync("/sessions", new { sessionId = token.SessionId, answerKeyHash = token.AnswerKeyHash, expiresAt = token.ExpiresAt });

        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(token.SessionId, body.GetProperty("sessionId").GetString());
        Assert.Equal(token.ExpiresAt, body.GetProperty("expiresAt").GetInt64());
        Assert.Equal(43, body.GetProperty("ownerKey").GetString()!.Length);
    }

    [Fact]
    public async Task Create_WhenLiveSessionExists_Returns409()
    {
        var (token, _) = await CreateSessionAsync();

        var response = await _client.PostJsonAsync("/sessions", new { sessionId = token.SessionId, answerKeyHash = token.AnswerKeyHash, expiresAt = token.ExpiresAt });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "session_exists");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(900_001)]
    public async Task Create_WithExpiryInPastOrBeyond15Minutes_Returns400(long offsetMs)
    {
        var token = TestToken.Create(_factory.NowMs);

        var response = await _client.PostJsonAsync("/sessions", new { sessionId = token.SessionId, answerKeyHash = token.AnswerKeyHash, expiresAt = _factory.NowMs + offsetMs });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Answer_WithoutBearer_Returns401()
    {
        var (token, _) = await CreateSessionAsync();

        var response = await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Answer_WithOwnerKeyInsteadOfAnswerKey_Returns403()
    {
        var (token, ownerKey) = await CreateSessionAsync();

        var response = await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() }, ownerKey);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Answer_WhenSessionUnknown_Returns404()
    {
        var token = TestToken.Create(_factory.NowMs);

        var response = await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() }, token.AnswerKey);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "session_not_found");
    }

    [Fact]
    public async Task Answer_Second_Returns409()
    {
        var (token, _) = await CreateSessionAsync();
        var first = await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() }, token.AnswerKey);

        var second = await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() }, token.AnswerKey);

        Assert.Equal(1, (await first.ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("seq").GetInt64());
        await second.AssertProblemAsync(HttpStatusCode.Conflict, "session_answered");
    }

    [Fact]
    public async Task Answer_MakesPublishedTokenSingleUse()
    {
        var (token, _) = await CreateSessionAsync();
        var handle = PublishEndpointsTests.NewHandle();
        await (await _client.PostJsonAsync("/publish", new { username = handle, token = token.Text })).ReadJsonAsync(HttpStatusCode.Created);
        await (await _client.GetAsync($"/lookup?username={handle}")).ReadJsonAsync(HttpStatusCode.OK);

        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);

        await (await _client.GetAsync($"/lookup?username={handle}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Answer_KeepsSessionAliveForAnsweredLifetime()
    {
        var (token, ownerKey) = await CreateSessionAsync(lifetimeMs: 60_000);
        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);

        _factory.Time.Advance(TimeSpan.FromMinutes(10));
        var within = await _client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { box = TestToken.NewBox() }, ownerKey);
        _factory.Time.Advance(TimeSpan.FromMilliseconds(1));
        var after = await _client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { box = TestToken.NewBox() }, ownerKey);

        await within.ReadJsonAsync(HttpStatusCode.Accepted);
        await after.AssertProblemAsync(HttpStatusCode.NotFound, "session_not_found");
    }

    [Fact]
    public async Task Events_PushesAnswerToListenerAlreadyConnected()
    {
        var (token, ownerKey) = await CreateSessionAsync();
        using var response = await OpenEventsAsync(token.SessionId, ownerKey);
        using var events = new EventStreamReader(await response.Content.ReadAsStreamAsync());
        var box = TestToken.NewBox();

        var posted = Stopwatch.StartNew();
        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);
        var received = await events.NextAsync();
        posted.Stop();

        Assert.NotNull(received);
        Assert.Equal("1", received.Id);
        Assert.Equal("signal", received.Event);
        var data = JsonDocument.Parse(received.Data!).RootElement;
        Assert.Equal(1, data.GetProperty("seq").GetInt64());
        Assert.Equal("answerer", data.GetProperty("from").GetString());
        Assert.Equal("answer", data.GetProperty("kind").GetString());
        Assert.Equal(box, data.GetProperty("box").GetString());
        // Pushed, not polled: well under any polling interval even on a loaded machine.
        Assert.True(posted.ElapsedMilliseconds < 1_000, $"answer took {posted.ElapsedMilliseconds} ms to arrive");
    }

    [Fact]
    public async Task Events_DeliversAnswerPostedBeforeListenerConnected()
    {
        var (token, ownerKey) = await CreateSessionAsync();
        var box = TestToken.NewBox();
        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);

        using var response = await OpenEventsAsync(token.SessionId, ownerKey);
        using var events = new EventStreamReader(await response.Content.ReadAsStreamAsync());

        var received = await events.NextAsync();
        Assert.Equal(box, JsonDocument.Parse(received!.Data!).RootElement.GetProperty("box").GetString());
    }

    [Fact]
    public async Task Events_HaveEventStreamHeaders()
    {
        var (token, ownerKey) = await CreateSessionAsync();

        using var response = await OpenEventsAsync(token.SessionId, ownerKey);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task Events_ListenerReceivesOnlyTheOtherPartysSignalsInOrder()
    {
        var (token, ownerKey) = await CreateSessionAsync();
        var offererBox = TestToken.NewBox();
        var answerBox = TestToken.NewBox();
        var answererBox = TestToken.NewBox();
        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { box = offererBox }, ownerKey)).ReadJsonAsync(HttpStatusCode.Accepted);
        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = answerBox }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);
        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { box = answererBox }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);

        using var offererResponse = await OpenEventsAsync(token.SessionId, ownerKey);
        using var offererEvents = new EventStreamReader(await offererResponse.Content.ReadAsStreamAsync());
        using var answererResponse = await OpenEventsAsync(token.SessionId, token.AnswerKey);
        using var answererEvents = new EventStreamReader(await answererResponse.Content.ReadAsStreamAsync());

        Assert.Equal(answerBox, Box(await offererEvents.NextAsync()));
        Assert.Equal(answererBox, Box(await offererEvents.NextAsync()));
        var toAnswerer = await answererEvents.NextAsync();
        Assert.Equal(offererBox, Box(toAnswerer));
        Assert.Equal("offerer", JsonDocument.Parse(toAnswerer!.Data!).RootElement.GetProperty("from").GetString());
        Assert.Equal("signal", JsonDocument.Parse(toAnswerer.Data!).RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Events_ResumeAfterLastEventId()
    {
        var (token, ownerKey) = await CreateSessionAsync();
        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);
        var second = TestToken.NewBox();
        var third = TestToken.NewBox();
        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { box = second }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);
        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { box = third }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);

        using var response = await OpenEventsAsync(token.SessionId, ownerKey, lastEventId: "2");
        using var events = new EventStreamReader(await response.Content.ReadAsStreamAsync());

        var received = await events.NextAsync();
        Assert.Equal("3", received!.Id);
        Assert.Equal(third, Box(received));
    }

    [Fact]
    public async Task Events_WithBadLastEventId_Returns400()
    {
        var (token, ownerKey) = await CreateSessionAsync();

        using var response = await OpenEventsAsync(token.SessionId, ownerKey, lastEventId: "-3", expectOk: false);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Events_EndAfterBye()
    {
        var (token, ownerKey) = await CreateSessionAsync();
        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);
        using var response = await OpenEventsAsync(token.SessionId, token.AnswerKey);
        using var events = new EventStreamReader(await response.Content.ReadAsStreamAsync());

        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { bye = true }, ownerKey)).ReadJsonAsync(HttpStatusCode.Accepted);

        var bye = await events.NextAsync();
        var kind = JsonDocument.Parse(bye!.Data!).RootElement;
        Assert.Equal("bye", kind.GetProperty("kind").GetString());
        Assert.False(kind.TryGetProperty("box", out _));
        Assert.Null(await events.NextAsync());
    }

    [Fact]
    public async Task Events_ReconnectingAfterBye_EndsAtOnce()
    {
        var (token, ownerKey) = await CreateSessionAsync();
        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);
        var bye = await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { bye = true }, ownerKey)).ReadJsonAsync(HttpStatusCode.Accepted);

        using var response = await OpenEventsAsync(token.SessionId, token.AnswerKey, lastEventId: bye.GetProperty("seq").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var events = new EventStreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Null(await events.NextAsync());
    }

    [Fact]
    public async Task Events_SendKeepAliveEvery15Seconds()
    {
        var (token, ownerKey) = await CreateSessionAsync();
        using var response = await OpenEventsAsync(token.SessionId, ownerKey);
        using var events = new EventStreamReader(await response.Content.ReadAsStreamAsync());

        _factory.Time.Advance(TimeSpan.FromSeconds(15));

        var comment = await events.NextAsync();
        Assert.Equal("keep-alive", comment!.Comment);
    }

    [Fact]
    public async Task Events_EndWhenSessionExpires()
    {
        var (token, ownerKey) = await CreateSessionAsync(lifetimeMs: 60_000);
        using var response = await OpenEventsAsync(token.SessionId, ownerKey);
        using var events = new EventStreamReader(await response.Content.ReadAsStreamAsync());

        _factory.Time.Advance(TimeSpan.FromMilliseconds(60_001));

        // Keep-alive comments may come first; the stream must then end.
        SseEvent? next;
        do
        {
            next = await events.NextAsync();
        }
        while (next?.Comment is not null);

        Assert.Null(next);
    }

    [Fact]
    public async Task Events_WithoutBearer_Returns401_WithWrongKey_Returns403_Unknown_Returns404()
    {
        var (token, _) = await CreateSessionAsync();

        using var none = await OpenEventsAsync(token.SessionId, null, expectOk: false);
        using var wrong = await OpenEventsAsync(token.SessionId, PublishEndpointsTests.NewKey(), expectOk: false);
        using var unknown = await OpenEventsAsync(TestToken.Create(_factory.NowMs).SessionId, token.AnswerKey, expectOk: false);

        await none.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await wrong.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "session_not_found");
    }

    [Fact]
    public async Task Signals_FromAnswererBeforeAnswer_Returns409()
    {
        var (token, _) = await CreateSessionAsync();

        var response = await _client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { box = TestToken.NewBox() }, token.AnswerKey);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "not_answered");
    }

    [Fact]
    public async Task Signals_WithWrongKey_Returns403_WithoutKey_Returns401()
    {
        var (token, _) = await CreateSessionAsync();

        var wrong = await _client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { box = TestToken.NewBox() }, PublishEndpointsTests.NewKey());
        var none = await _client.PostJsonAsync($"/sessions/{token.SessionId}/signals", new { box = TestToken.NewBox() });

        await wrong.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await none.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Signals_PastMaxSignals_Returns409MailboxFull_ForBoxByeAndDelete()
    {
        using var factory = new PeerLinkFactory().With("PeerLink:Sessions:MaxSignals", "8");
        using var client = factory.CreateClient();
        var token = TestToken.Create(factory.NowMs);
        var ownerKey = (await (await client.PostJsonAsync("/sessions", new { sessionId = token.SessionId, answerKeyHash = token.AnswerKeyHash, expiresAt = token.ExpiresAt }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("ownerKey").GetString()!;
        var signals = $"/sessions/{token.SessionId}/signals";
        await (await client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);
        for (var i = 1; i < 8; i++)
        {
            await (await client.PostJsonAsync(signals, new { box = TestToken.NewBox() }, i % 2 == 0 ? ownerKey : token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);
        }

        var box = await client.PostJsonAsync(signals, new { box = TestToken.NewBox() }, ownerKey);
        var bye = await client.PostJsonAsync(signals, new { bye = true }, token.AnswerKey);
        var close = await client.SendJsonAsync(HttpMethod.Delete, $"/sessions/{token.SessionId}", null, ownerKey);

        await box.AssertProblemAsync(HttpStatusCode.Conflict, "mailbox_full");
        await bye.AssertProblemAsync(HttpStatusCode.Conflict, "mailbox_full");
        await close.AssertProblemAsync(HttpStatusCode.Conflict, "mailbox_full");
    }

    [Theory]
    [InlineData("7")]
    [InlineData("1025")]
    public void Start_WithMaxSignalsOutOfRange_Fails(string value)
    {
        using var factory = new PeerLinkFactory().With("PeerLink:Sessions:MaxSignals", value);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("MaxSignals", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"box\":\"AAAA\"}")]
    [InlineData("{\"box\":\"not base64url!\"}")]
    [InlineData("{\"bye\":false}")]
    [InlineData("{\"bye\":true,\"box\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}")]
    [InlineData("{}")]
    public async Task Signals_WithBadBody_Returns400(string body)
    {
        var (token, ownerKey) = await CreateSessionAsync();

        var response = await _client.SendAsync(Http.Raw(HttpMethod.Post, $"/sessions/{token.SessionId}/signals", body, bearer: ownerKey));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Delete_ByOwner_EndsListenersStreams()
    {
        var (token, ownerKey) = await CreateSessionAsync();
        await (await _client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);
        using var response = await OpenEventsAsync(token.SessionId, token.AnswerKey);
        using var events = new EventStreamReader(await response.Content.ReadAsStreamAsync());

        var deleted = await _client.SendJsonAsync(HttpMethod.Delete, $"/sessions/{token.SessionId}", null, ownerKey);

        Assert.True((await deleted.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("success").GetBoolean());
        Assert.Equal("bye", JsonDocument.Parse((await events.NextAsync())!.Data!).RootElement.GetProperty("kind").GetString());
        Assert.Null(await events.NextAsync());
    }

    [Fact]
    public async Task Delete_WithAnswerKey_Returns403_WithoutKey_Returns401()
    {
        var (token, _) = await CreateSessionAsync();

        var answerer = await _client.SendJsonAsync(HttpMethod.Delete, $"/sessions/{token.SessionId}", null, token.AnswerKey);
        var none = await _client.DeleteAsync($"/sessions/{token.SessionId}");

        await answerer.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await none.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    private async Task<(TestToken Token, string OwnerKey)> CreateSessionAsync(long lifetimeMs = 300_000)
    {
        var token = TestToken.Create(_factory.NowMs, lifetimeMs);
        var body = await (await _client.PostJsonAsync("/sessions", new { sessionId = token.SessionId, answerKeyHash = token.AnswerKeyHash, expiresAt = token.ExpiresAt }))
            .ReadJsonAsync(HttpStatusCode.Created);
        return (token, body.GetProperty("ownerKey").GetString()!);
    }

    private async Task<HttpResponseMessage> OpenEventsAsync(string sessionId, string? bearer, string? lastEventId = null, bool expectOk = true)
    {
        using var request = Http.Json(HttpMethod.Get, $"/sessions/{sessionId}/events", null, bearer);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        if (expectOk)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return response;
    }

    private static string? Box(SseEvent? e) =>
        JsonDocument.Parse(e!.Data!).RootElement.TryGetProperty("box", out var box) ? box.GetString() : null;
}
