using System.Security.Cryptography;
using System.Text;

namespace PeerLink.Protocol;

/// <summary>Keys derived from a token's secret with HKDF-SHA256 (spec §5.1).</summary>
public static class SessionKeys
{
    public static string DeriveSessionId(ReadOnlySpan<byte> secret) => Base64Url.Encode(Derive(secret, "session-id", 16));

    public static byte[] DeriveAnswerKey(ReadOnlySpan<byte> secret) => Derive(secret, "answer-key", 32);

    public static byte[] DeriveBoxKey(ReadOnlySpan<byte> secret, string sender) => Derive(secret, "box-" + sender, 32);

    /// <summary>base64url(SHA-256(key)): what the rendezvous stores instead of an owner or answer key.</summary>
    public static string HashKey(ReadOnlySpan<byte> key) => Base64Url.Encode(SHA256.HashData(key));

    private static byte[] Derive(ReadOnlySpan<byte> secret, string label, int length)
    {
        var output = new byte[length];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, output, salt: [], info: Encoding.ASCII.GetBytes("peerlink/v1/" + label));
        return output;
    }
}
