using System.Net;
using System.Security.Cryptography;
using System.Text;
using PeerLink.Server.Ice;
using PeerLink.Server.Tests.Infrastructure;

namespace PeerLink.Server.Tests.Ice;

public sealed class IceEndpointsTests
{
    [Fact]
    public async Task IceServers_WithTurnConfigured_ReturnsStunAndTurnWithValidCredentials()
    {
        using var factory = new PeerLinkFactory()
            .With("PeerLink:Ice:StunUrls:0", "stun:stun.example:3478")
            .With("PeerLink:Ice:TurnUrls:0", "turn:turn.example:3478?transport=udp")
            .With("PeerLink:Ice:TurnUrls:1", "turns:turn.example:5349")
            .With("PeerLink:Ice:TurnSecret", "shared-with-coturn")
            .With("PeerLink:Ice:CredentialLifetime", "00:05:00");
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/ice-servers");

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var servers = body.GetProperty("iceServers").EnumerateArray().ToArray();
        Assert.Equal(2, servers.Length);
        Assert.Equal(["stun:stun.example:3478"], servers[0].GetProperty("urls").EnumerateArray().Select(u => u.GetString()));
        Assert.False(servers[0].TryGetProperty("username", out _));
        Assert.Equal(2, servers[1].GetProperty("urls").GetArrayLength());
        var username = servers[1].GetProperty("username").GetString()!;
        var expiry = factory.Time.GetUtcNow().ToUnixTimeSeconds() + 300;
        Assert.StartsWith($"{expiry}:", username, StringComparison.Ordinal);
        var expected = Convert.ToBase64String(IndependentHmacSha1("shared-with-coturn", username));
        Assert.Equal(expected, servers[1].GetProperty("credential").GetString());
        Assert.Equal(expiry * 1000, body.GetProperty("expiresAt").GetInt64());
    }

    [Fact]
    public async Task IceServers_WithoutTurn_ReturnsStunOnly()
    {
        using var factory = new PeerLinkFactory().With("PeerLink:Ice:StunUrls:0", "stun:stun.example:3478");
        using var client = factory.CreateClient();

        var body = await (await client.GetAsync("/ice-servers")).ReadJsonAsync(HttpStatusCode.OK);

        var server = Assert.Single(body.GetProperty("iceServers").EnumerateArray());
        Assert.False(server.TryGetProperty("credential", out _));
    }

    [Theory]
    [InlineData("00:15:01")]
    [InlineData("00:00:00")]
    public void Start_WithCredentialLifetimeOutOfRange_Fails(string lifetime)
    {
        using var factory = new PeerLinkFactory()
            .With("PeerLink:Ice:TurnUrls:0", "turn:turn.example:3478")
            .With("PeerLink:Ice:TurnSecret", "x")
            .With("PeerLink:Ice:CredentialLifetime", lifetime);

        // The reason is checked by the Validate_ tests: a failed start sometimes surfaces as the
        // test host's ObjectDisposedException instead of the validation error.
        Assert.NotNull(Record.Exception(() => factory.CreateClient()));
    }

    [Fact]
    public void Start_WithTurnUrlsButNoSecret_Fails()
    {
        using var factory = new PeerLinkFactory().With("PeerLink:Ice:TurnUrls:0", "turn:turn.example:3478");

        Assert.NotNull(Record.Exception(() => factory.CreateClient()));
    }

    [Theory]
    [InlineData(15 * 60 + 1, "CredentialLifetime")]
    [InlineData(0, "CredentialLifetime")]
    public void Validate_CredentialLifetimeOutOfRange_NamesTheKey(int seconds, string key)
    {
        var options = new IceOptions { CredentialLifetime = TimeSpan.FromSeconds(seconds) };

        Assert.Contains(IceOptions.Validate(options), m => m.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TurnUrlsWithoutSecret_NamesTheKey()
    {
        var options = new IceOptions { TurnUrls = ["turn:turn.example:3478"] };

        Assert.Contains(IceOptions.Validate(options), m => m.Contains("TurnSecret", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NonStunUrl_IsRefused() =>
        Assert.NotEmpty(IceOptions.Validate(new IceOptions { StunUrls = ["http://stun.example"] }));

    [Fact]
    public void Validate_DefaultOptions_AreValid() => Assert.Empty(IceOptions.Validate(new IceOptions()));

    private static byte[] IndependentHmacSha1(string secret, string username)
    {
#pragma warning disable CA5350 // TURN REST credentials are HMAC-SHA1 by definition.
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(secret));
#pragma warning restore CA5350
        return hmac.ComputeHash(Encoding.UTF8.GetBytes(username));
    }
}
