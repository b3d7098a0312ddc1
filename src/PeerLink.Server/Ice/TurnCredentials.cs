using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PeerLink.Protocol;

namespace PeerLink.Server.Ice;

internal sealed record TurnCredential(string Username, string Credential, long ExpiresAtSeconds);

/// <summary>TURN REST API credentials (draft-uberti-behave-turn-rest-00 §2.2, as coturn's
/// <c>use-auth-secret</c> checks them): <c>username = "&lt;unix expiry&gt;:&lt;id&gt;"</c>,
/// <c>credential = base64(HMAC-SHA1(secret, username))</c>.</summary>
internal static class TurnCredentials
{
    public static TurnCredential Mint(string secret, TimeSpan lifetime, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var expiresAt = now.ToUnixTimeSeconds() + (long)Math.Ceiling(lifetime.TotalSeconds);

        // A random id rather than a user name: the rendezvous has no users, and coturn only needs
        // the expiry before the colon.
        var username = string.Create(CultureInfo.InvariantCulture, $"{expiresAt}:{Base64Url.Encode(RandomNumberGenerator.GetBytes(9))}");
        return new TurnCredential(username, Sign(secret, username), expiresAt);
    }

    // HMAC-SHA1 is what the TURN REST scheme and coturn require; it is an HMAC (not a bare hash),
    // which SHA-1's collision weakness does not break.
#pragma warning disable CA5350
    internal static string Sign(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
#pragma warning restore CA5350
}
