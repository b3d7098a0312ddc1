using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace PeerLink.Protocol;

public enum TokenEncoding
{
    Compact,
    Json,

    /// <summary>The compact binary as decimal digits (spec §4.3), for QR numeric mode.</summary>
    Digits,
}

/// <summary>Encodes and decodes bootstrap tokens in both encodings (spec §4). Decoding never throws
/// anything but <see cref="TokenParseException"/>.</summary>
public static class TokenCodec
{
    public const int MaxTextLength = Limits.MaxTokenTextLength;

    /// <summary>Decodes a token text, a link ending in <c>#token</c>, in either encoding (spec §4.3). When
    /// <paramref name="nowMs"/> is given, an expired token (<c>now &gt; expiresAt</c>) fails with reason
    /// <c>expired</c>.</summary>
    public static BootstrapToken Decode(string text, long? nowMs = null) => Decode(text, nowMs, out _);

    /// <summary>As <see cref="Decode(string, long?)"/>, also telling which encoding the text used
    /// (<see cref="TokenEncoding.Digits"/> for any digit-form text, whatever its bytes are).</summary>
    public static BootstrapToken Decode(string text, long? nowMs, out TokenEncoding encoding)
    {
        encoding = TokenEncoding.Compact;
        if (text is null)
        {
            throw new TokenParseException(TokenParseReasons.Empty);
        }

        var span = ExtractToken(text);
        if (span.IsEmpty)
        {
            throw new TokenParseException(TokenParseReasons.Empty);
        }

        // Before any decoding, so an arbitrarily large input costs nothing beyond the scan for '#'.
        if (span.Length > MaxTextLength)
        {
            throw new TokenParseException(TokenParseReasons.TooLong);
        }

        byte[] bytes;
        if (DigitForm.IsDigits(span))
        {
            // Never ambiguous: a base64url token starts with a letter ('A' compact, 'e' JSON).
            encoding = TokenEncoding.Digits;
            if (!DigitForm.TryDecode(span, out bytes))
            {
                throw new TokenParseException(TokenParseReasons.BadDigits);
            }
        }
        else if (!Base64Url.TryDecode(span, out bytes))
        {
            throw new TokenParseException(TokenParseReasons.BadBase64);
        }

        BootstrapToken token;
        switch (bytes.Length > 0 ? bytes[0] : -1)
        {
            case '{':
                encoding = TokenEncoding.Json;
                token = TokenJson.Read(bytes);
                break;
            case CompactToken.VersionByte:
                token = CompactToken.Read(bytes);
                break;
            default:
                throw new TokenParseException(TokenParseReasons.UnsupportedVersion);
        }

        if (nowMs is { } now && token.IsExpiredAt(now))
        {
            throw new TokenParseException(TokenParseReasons.Expired);
        }

        return token;
    }

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

    /// <summary>The token as text. A token that breaks a rule of spec §1–§2 is refused with the
    /// <see cref="TokenParseException"/> its decoding would give, so nothing is encoded that would not decode.</summary>
    public static string Encode(BootstrapToken token, TokenEncoding encoding = TokenEncoding.Compact)
    {
        ArgumentNullException.ThrowIfNull(token);
        return encoding switch
        {
            TokenEncoding.Compact => Base64Url.Encode(CompactToken.Write(token)),
            TokenEncoding.Json => EncodeJson(token),
            TokenEncoding.Digits => DigitForm.Encode(CompactToken.Write(token)),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
        };
    }

    /// <summary>The token's JSON form (spec §4.2) as plain JSON text, before base64url: members in spec
    /// order, no whitespace.</summary>
    public static string ToJson(BootstrapToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        TokenRules.Validate(token);
        return TokenJson.Write(token);
    }

    private static string EncodeJson(BootstrapToken token) => Base64Url.Encode(Encoding.UTF8.GetBytes(ToJson(token)));

    /// <summary>Spec §4.3 step 1: trim ASCII whitespace, then keep what follows the first '#'.</summary>
    private static ReadOnlySpan<char> ExtractToken(string text)
    {
        var span = text.AsSpan().Trim(" \t\n\f\r");
        var hash = span.IndexOf('#');
        return hash < 0 ? span : span[(hash + 1)..];
    }
}
