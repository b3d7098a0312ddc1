using System.Diagnostics.CodeAnalysis;

namespace PeerLink.Protocol;

public enum TokenEncoding
{
    Compact,
    Json,
}

/// <summary>Encodes and decodes bootstrap tokens in both encodings (spec §4). Decoding never throws
/// anything but <see cref="TokenParseException"/>.</summary>
public static class TokenCodec
{
    public const int MaxTextLength = 4096;

    /// <summary>Decodes a token text, a link ending in <c>#token</c>, in either encoding. When
    /// <paramref name="nowMs"/> is given, an expired token fails with reason <c>expired</c>.</summary>
    public static BootstrapToken Decode(string text, long? nowMs = null) =>
        throw new NotImplementedException();

    public static bool TryDecode(
        string text,
        long? nowMs,
        [NotNullWhen(true)] out BootstrapToken? token,
        [NotNullWhen(false)] out string? reason)
    {
        try
        {
            token = Decode(text, nowMs);
            reason = null;
            return true;
        }
        catch (TokenParseException e)
        {
            token = null;
            reason = e.Reason;
            return false;
        }
    }

    public static string Encode(BootstrapToken token, TokenEncoding encoding = TokenEncoding.Compact) =>
        throw new NotImplementedException();
}

/// <summary>A token or description failed to parse; <see cref="Reason"/> is one of spec §4.3's reasons.</summary>
public sealed class TokenParseException : FormatException
{
    public TokenParseException()
        : this("bad_json")
    {
    }

    public TokenParseException(string reason)
        : base($"The bootstrap token is invalid: {reason}.") => Reason = reason;

    public TokenParseException(string reason, Exception innerException)
        : base($"The bootstrap token is invalid: {reason}.", innerException) => Reason = reason;

    public string Reason { get; }
}
