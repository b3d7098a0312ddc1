using System.Net;
using System.Security.Cryptography;
using PeerLink.Protocol;
using PeerLink.Server.Tests.Infrastructure;

namespace PeerLink.Server.Tests.Publishing;

public sealed class PublishEndpointsTests : IDisposable
{
    private readonly PeerLinkFactory _factory = new();
    private readonly HttpClient _client;

    public PublishEndpointsTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Publish_WithValidToken_Returns201WithOwnerKeyAndTokenId()
    {
        var token = TestToken.Create(_factory.NowMs);

        var response = await _client.PostJsonAsync("/publish", new { username = "@Coffee-Shop", token = token.Text, ttl = 120_000 });

        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(token.SessionId, body.GetProperty("tokenId").GetString());
        Assert.Equal("coffee-shop", body.GetProperty("username").GetString());
        Assert.Equal(_factory.NowMs, body.GetProperty("publishedAt").GetInt64());
        Assert.Equal(_factory.NowMs + 120_000, body.GetProperty("expiresAt").GetInt64());
        Assert.True(Base64Url.TryDecode(body.GetProperty("ownerKey").GetString()!, out var key));
        Assert.Equal(32, key.Length);
        Assert.Equal("/lookup?username=coffee-shop", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Publish_WithoutTtl_UsesDefault300000()
    {
        var token = TestToken.Create(_factory.NowMs, lifetimeMs: 900_000);

        var body = await (await _client.PostJsonAsync("/publish", new { username = NewHandle(), token = token.Text })).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(_factory.NowMs + 300_000, body.GetProperty("expiresAt").GetInt64());
    }

    [Fact]
    public async Task Publish_WithTtlBeyondTokenExpiry_ExpiresWithTheToken()
    {
        var token = TestToken.Create(_factory.NowMs, lifetimeMs: 60_000);

        var body = await (await _client.PostJsonAsync("/publish", new { username = NewHandle(), token = token.Text, ttl = 900_000 })).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(token.ExpiresAt, body.GetProperty("expiresAt").GetInt64());
    }

    [Theory]
    [InlineData(59_999, HttpStatusCode.BadRequest)]
    [InlineData(60_000, HttpStatusCode.Created)]
    [InlineData(900_000, HttpStatusCode.Created)]
    [InlineData(900_001, HttpStatusCode.BadRequest)]
    [InlineData(0, HttpStatusCode.BadRequest)]
    [InlineData(-60_000, HttpStatusCode.BadRequest)]
    [InlineData(long.MaxValue, HttpStatusCode.BadRequest)]
    public async Task Publish_TtlBoundaries(long ttl, HttpStatusCode expected)
    {
        var token = TestToken.Create(_factory.NowMs, lifetimeMs: 900_000);

        var response = await _client.PostJsonAsync("/publish", new { username = NewHandle(), token = token.Text, ttl });

        if (expected == HttpStatusCode.Created)
        {
            var body = await response.ReadJsonAsync(HttpStatusCode.Created);
            Assert.Equal(_factory.NowMs + ttl, body.GetProperty("expiresAt").GetInt64());
        }
        else
        {
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_ttl");
        }
    }

    [Theory]
    [InlineData(59_999, HttpStatusCode.BadRequest)]
    [InlineData(60_000, HttpStatusCode.OK)]
    [InlineData(900_000, HttpStatusCode.OK)]
    [InlineData(900_001, HttpStatusCode.BadRequest)]
    public async Task Patch_TtlBoundaries(long ttl, HttpStatusCode expected)
    {
        var (handle, ownerKey, _) = await PublishAsync(lifetimeMs: 900_000);

        var response = await _client.SendJsonAsync(HttpMethod.Patch, "/publish", new { username = handle, ttl }, ownerKey);

        if (expected == HttpStatusCode.OK)
        {
            var body = await response.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(_factory.NowMs + ttl, body.GetProperty("expiresAt").GetInt64());
        }
        else
        {
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_ttl");
        }
    }

    [Fact]
    public async Task Publish_WithExpiredToken_Returns400InvalidTokenWithReasonExpired()
    {
        var token = TestToken.Create(_factory.NowMs, lifetimeMs: 60_000);
        _factory.Time.Advance(TimeSpan.FromMilliseconds(60_001));

        var response = await _client.PostJsonAsync("/publish", new { username = NewHandle(), token = token.Text });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        Assert.Equal("expired", problem.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Publish_AtExactlyTokenExpiry_IsAccepted()
    {
        var token = TestToken.Create(_factory.NowMs, lifetimeMs: 60_000);
        _factory.Time.Advance(TimeSpan.FromMilliseconds(60_000));

        var response = await _client.PostJsonAsync("/publish", new { username = NewHandle(), token = token.Text });

        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(token.ExpiresAt, body.GetProperty("expiresAt").GetInt64());
    }

    [Theory]
    [InlineData("not a token", "bad_base64")]
    [InlineData("AQ", "truncated")]
    [InlineData("Ag", "unsupported_version")]
    [InlineData("   ", "empty")]
    public async Task Publish_WithBadToken_Returns400InvalidTokenWithReason(string text, string reason)
    {
        var response = await _client.PostJsonAsync("/publish", new { username = NewHandle(), token = text });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Publish_WithJsonEncodedToken_IsAccepted()
    {
        var token = TestToken.Create(_factory.NowMs, encoding: TokenEncoding.Json);

        var response = await _client.PostJsonAsync("/publish", new { username = NewHandle(), token = token.Text });

        Assert.Equal(token.SessionId, (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("tokenId").GetString());
    }

    [Fact]
    public async Task Publish_WhenHandleHeldByOther_Returns409()
    {
        var (handle, _, first) = await PublishAsync();
        var other = TestToken.Create(_factory.NowMs);

        var response = await _client.PostJsonAsync("/publish", new { username = handle.ToUpperInvariant(), token = other.Text });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "handle_taken");
        var lookup = await (await _client.GetAsync($"/lookup?username={handle}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(first.Text, lookup.GetProperty("token").GetString());
    }

    [Fact]
    public async Task Publish_WhenHandleHeldByOtherAndWrongBearer_Returns409()
    {
        var (handle, _, _) = await PublishAsync();
        var other = TestToken.Create(_factory.NowMs);

        var response = await _client.PostJsonAsync("/publish", new { username = handle, token = other.Text }, NewKey());

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "handle_taken");
    }

    [Fact]
    public async Task Publish_ByOwnerWithBearer_ReplacesPublicationAndKeepsKey()
    {
        var (handle, ownerKey, _) = await PublishAsync();
        var replacement = TestToken.Create(_factory.NowMs);

        var response = await _client.PostJsonAsync("/publish", new { username = handle, token = replacement.Text }, ownerKey);

        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(ownerKey, body.GetProperty("ownerKey").GetString());
        Assert.Equal(replacement.SessionId, body.GetProperty("tokenId").GetString());
        var lookup = await (await _client.GetAsync($"/lookup?username={handle}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(replacement.Text, lookup.GetProperty("token").GetString());
    }

    [Fact]
    public async Task Publish_AfterPreviousExpired_SucceedsForAnotherOwner()
    {
        var (handle, _, _) = await PublishAsync(ttl: 60_000);
        _factory.Time.Advance(TimeSpan.FromMilliseconds(60_001));
        var other = TestToken.Create(_factory.NowMs);

        var response = await _client.PostJsonAsync("/publish", new { username = handle, token = other.Text });

        await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Lookup_ServesTokenUntilExactlyItsExpiryAndNotAfter()
    {
        var (handle, _, token) = await PublishAsync(ttl: 120_000, lifetimeMs: 60_000);

        _factory.Time.Advance(TimeSpan.FromMilliseconds(token.ExpiresAt - _factory.NowMs));
        var atExpiry = await _client.GetAsync($"/lookup?username={handle}");
        _factory.Time.Advance(TimeSpan.FromMilliseconds(1));
        var afterExpiry = await _client.GetAsync($"/lookup?username={handle}");

        var body = await atExpiry.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(token.Text, body.GetProperty("token").GetString());
        Assert.Equal(token.ExpiresAt, body.GetProperty("expiresAt").GetInt64());
        await afterExpiry.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Lookup_ReturnsAllFieldsAndNoStore()
    {
        var (handle, _, token) = await PublishAsync(ttl: 90_000);

        var response = await _client.GetAsync($"/lookup?username=%20@{handle.ToUpperInvariant()}%20");

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(token.Text, body.GetProperty("token").GetString());
        Assert.Equal(handle, body.GetProperty("username").GetString());
        Assert.Equal(token.SessionId, body.GetProperty("tokenId").GetString());
        Assert.Equal(_factory.NowMs, body.GetProperty("publishedAt").GetInt64());
        Assert.Equal(_factory.NowMs + 90_000, body.GetProperty("expiresAt").GetInt64());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Lookup_WhenUnknown_Returns404()
    {
        var response = await _client.GetAsync($"/lookup?username={NewHandle()}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("a-handle-that-is-far-too-long-for-us")]
    [InlineData("caf\u00e9")]
    [InlineData("\u212Aelvin")]
    [InlineData("with space")]
    [InlineData("")]
    public async Task Lookup_WithInvalidHandle_Returns400(string handle)
    {
        var response = await _client.GetAsync($"/lookup?username={Uri.EscapeDataString(handle)}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_handle");
    }

    [Fact]
    public async Task Patch_WithoutBearer_Returns401()
    {
        var (handle, _, _) = await PublishAsync();

        var response = await _client.SendJsonAsync(HttpMethod.Patch, "/publish", new { username = handle, ttl = 120_000 });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Patch_WithWrongBearer_Returns403(bool wellFormed)
    {
        var (handle, _, _) = await PublishAsync();

        var response = await _client.SendJsonAsync(HttpMethod.Patch, "/publish", new { username = handle, ttl = 120_000 }, wellFormed ? NewKey() : "nonsense");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Patch_WhenUnknown_Returns404()
    {
        var response = await _client.SendJsonAsync(HttpMethod.Patch, "/publish", new { username = NewHandle(), ttl = 120_000 }, NewKey());

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Patch_ByOwner_ExtendsPublication()
    {
        var (handle, ownerKey, _) = await PublishAsync(ttl: 60_000, lifetimeMs: 900_000);
        _factory.Time.Advance(TimeSpan.FromSeconds(30));

        var response = await _client.SendJsonAsync(HttpMethod.Patch, "/publish", new { username = handle, ttl = 300_000 }, ownerKey);

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(_factory.NowMs + 300_000, body.GetProperty("expiresAt").GetInt64());
        _factory.Time.Advance(TimeSpan.FromSeconds(60));
        await (await _client.GetAsync($"/lookup?username={handle}")).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Patch_ByOwner_NeverExtendsBeyondTokenExpiry()
    {
        var (handle, ownerKey, token) = await PublishAsync(ttl: 60_000, lifetimeMs: 120_000);

        var response = await _client.SendJsonAsync(HttpMethod.Patch, "/publish", new { username = handle, ttl = 900_000 }, ownerKey);

        Assert.Equal(token.ExpiresAt, (await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("expiresAt").GetInt64());
    }

    [Fact]
    public async Task Delete_WithoutBearer_Returns401()
    {
        var (handle, _, _) = await PublishAsync();

        var response = await _client.DeleteAsync($"/publish?username={handle}");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Delete_WithWrongBearer_Returns403AndKeepsPublication()
    {
        var (handle, _, _) = await PublishAsync();

        var response = await _client.SendJsonAsync(HttpMethod.Delete, $"/publish?username={handle}", null, NewKey());

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _client.GetAsync($"/lookup?username={handle}")).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_ByOwner_WithdrawsPublication()
    {
        var (handle, ownerKey, _) = await PublishAsync();

        var response = await _client.SendJsonAsync(HttpMethod.Delete, $"/publish?username={handle}", null, ownerKey);

        Assert.True((await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("success").GetBoolean());
        await (await _client.GetAsync($"/lookup?username={handle}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var again = await _client.SendJsonAsync(HttpMethod.Delete, $"/publish?username={handle}", null, ownerKey);
        await again.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Publish_ConcurrentlyForOneHandle_LeavesExactlyOneOwner()
    {
        var handle = NewHandle();
        var tokens = Enumerable.Range(0, 24).Select(_ => TestToken.Create(_factory.NowMs)).ToArray();

        var responses = await Task.WhenAll(tokens.Select(t => Task.Run(() => _client.PostJsonAsync("/publish", new { username = handle, token = t.Text }))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(tokens.Length - 1, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.Created).ReadJsonAsync(HttpStatusCode.Created);
        var lookup = await (await _client.GetAsync($"/lookup?username={handle}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(winner.GetProperty("tokenId").GetString(), lookup.GetProperty("tokenId").GetString());
    }

    private async Task<(string Handle, string OwnerKey, TestToken Token)> PublishAsync(long ttl = 300_000, long lifetimeMs = 300_000)
    {
        var handle = NewHandle();
        var token = TestToken.Create(_factory.NowMs, lifetimeMs);
        var body = await (await _client.PostJsonAsync("/publish", new { username = handle, token = token.Text, ttl })).ReadJsonAsync(HttpStatusCode.Created);
        return (handle, body.GetProperty("ownerKey").GetString()!, token);
    }

    internal static string NewHandle() => "h-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    internal static string NewKey() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
}
