using System.Security.Cryptography;
using System.Text;

namespace PeerLink.Protocol.Tests;

/// <summary>HKDF-SHA256 (RFC 5869) recomputed by hand with HMAC, independently of System.Security.Cryptography.HKDF.</summary>
public sealed class SessionKeysTests
{
    private static readonly byte[] Secret = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");

    [Fact]
    public void DeriveSessionId_MatchesManualHkdf()
    {
        var id = SessionKeys.DeriveSessionId(Secret);

        Assert.Equal(Base64Url.Encode(ManualHkdf(Secret, "peerlink/v1/session-id", 16)), id);
        Assert.Equal(22, id.Length);
    }

    [Fact]
    public void DeriveAnswerKey_MatchesManualHkdf() =>
        Assert.Equal(ManualHkdf(Secret, "peerlink/v1/answer-key", 32), SessionKeys.DeriveAnswerKey(Secret));

    [Theory]
    [InlineData("offerer")]
    [InlineData("answerer")]
    public void DeriveBoxKey_MatchesManualHkdf(string sender) =>
        Assert.Equal(ManualHkdf(Secret, "peerlink/v1/box-" + sender, 32), SessionKeys.DeriveBoxKey(Secret, sender));

    [Fact]
    public void Keys_AreDistinctPerLabel()
    {
        var keys = new[]
        {
            SessionKeys.DeriveAnswerKey(Secret), SessionKeys.DeriveBoxKey(Secret, "offerer"), SessionKeys.DeriveBoxKey(Secret, "answerer"),
        }.Select(Convert.ToHexString).ToHashSet();

        Assert.Equal(3, keys.Count);
    }

    [Fact]
    public void HashKey_IsBase64UrlOfSha256()
    {
        var key = SessionKeys.DeriveAnswerKey(Secret);

        Assert.Equal(Base64Url.Encode(SHA256.HashData(key)), SessionKeys.HashKey(key));
    }

    [Fact]
    public void ManualHkdf_MatchesRfc5869TestCase3()
    {
        // RFC 5869 Appendix A.3: SHA-256, 22 bytes of 0x0b, empty salt and info.
        var okm = ManualHkdf(Enumerable.Repeat((byte)0x0b, 22).ToArray(), string.Empty, 42);

        Assert.Equal("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8", Convert.ToHexStringLower(okm));
    }

    private static byte[] ManualHkdf(byte[] ikm, string info, int length)
    {
        // RFC 5869 §2.2: an absent salt is HashLen zero bytes.
        var prk = HMACSHA256.HashData(new byte[32], ikm);
        var okm = new List<byte>();
        var previous = Array.Empty<byte>();
        for (byte i = 1; okm.Count < length; i++)
        {
            byte[] block = [.. previous, .. Encoding.ASCII.GetBytes(info), i];
            previous = HMACSHA256.HashData(prk, block);
            okm.AddRange(previous);
        }

        return [.. okm.Take(length)];
    }
}
