using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PeerLink.Server.Ice;

namespace PeerLink.Server.Tests.Ice;

public sealed class TurnCredentialsTests
{
    [Fact]
    public void Mint_UsernameIsUnixExpiryColonId()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

        var credential = TurnCredentials.Mint("s3cret", TimeSpan.FromMinutes(10), now);

        var parts = credential.Username.Split(':');
        Assert.Equal(2, parts.Length);
        Assert.Equal(1_795_000_600, long.Parse(parts[0], CultureInfo.InvariantCulture));
        Assert.Equal(1_795_000_600, credential.ExpiresAtSeconds);
        Assert.False(string.IsNullOrEmpty(parts[1]));
    }

    [Fact]
    public void Mint_CredentialIsBase64HmacSha1OfUsername()
    {
        var credential = TurnCredentials.Mint("coturn-static-auth-secret", TimeSpan.FromMinutes(5), DateTimeOffset.UnixEpoch.AddYears(56));

        // Independent of the implementation: the keyed-hash object, not the one-shot helper.
#pragma warning disable CA5350 // TURN REST credentials are HMAC-SHA1 by definition.
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes("coturn-static-auth-secret"));
#pragma warning restore CA5350
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(credential.Username)));
        Assert.Equal(expected, credential.Credential);
    }

    [Fact]
    public void Sign_MatchesKnownVector()
    {
        // Computed with: printf '%s' '1795000600:abc' | openssl dgst -sha1 -hmac 'secret' -binary | base64
        Assert.Equal("z8Hx9jF1T7XrZOC4GYEfkVtw8vI=", TurnCredentials.Sign("secret", "1795000600:abc"));
    }

    [Fact]
    public void Mint_UsesFreshIdEachTime()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

        var a = TurnCredentials.Mint("s", TimeSpan.FromMinutes(1), now);
        var b = TurnCredentials.Mint("s", TimeSpan.FromMinutes(1), now);

        Assert.NotEqual(a.Username, b.Username);
        Assert.NotEqual(a.Credential, b.Credential);
    }
}
