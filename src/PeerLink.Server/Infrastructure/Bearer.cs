using System.Security.Cryptography;
using System.Text;
using PeerLink.Protocol;

namespace PeerLink.Server.Infrastructure;

/// <summary>Owner and answer keys: 32 random bytes as base64url, sent as
/// <c>Authorization: Bearer &lt;key&gt;</c>, stored only as <see cref="SessionKeys.HashKey"/>.</summary>
internal readonly record struct Bearer(bool Present, string? Key, string? KeyHash)
{
    public const int KeyBytes = 32;

    /// <summary>A header that is there but is not a 32-byte key is a wrong key (403), not a missing one.</summary>
    public bool Malformed => Present && KeyHash is null;

    public static Bearer From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return new Bearer(false, null, null);
        }

        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return new Bearer(true, null, null);
        }

        var key = header[Scheme.Length..].Trim();
        return Base64Url.TryDecode(key, out var bytes) && bytes.Length == KeyBytes
            ? new Bearer(true, key, SessionKeys.HashKey(bytes))
            : new Bearer(true, null, null);
    }

    public static string NewKey() => Base64Url.Encode(RandomNumberGenerator.GetBytes(KeyBytes));

    public static string HashOf(string key) =>
        Base64Url.TryDecode(key, out var bytes) ? SessionKeys.HashKey(bytes) : throw new ArgumentException("Not a key.", nameof(key));

    /// <summary>Constant time, so response timing says nothing about how much of a hash matched.</summary>
    public bool Matches(string storedHash) =>
        KeyHash is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(KeyHash), Encoding.ASCII.GetBytes(storedHash));
}
