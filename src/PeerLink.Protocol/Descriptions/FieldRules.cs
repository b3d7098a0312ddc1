using System.Text;
using System.Text.Unicode;

namespace PeerLink.Protocol;

/// <summary>Value rules of the token and description fields (spec §1, §2), shared by both encodings
/// and by the encoders, so nothing is encoded that would not decode.</summary>
internal static class FieldRules
{
    public const int FingerprintLength = 32;
    public const int SecretLength = 16;
    /// <summary>The compact token carries expiresAt as u32 seconds (spec §4.1).</summary>
    public const long MaxExpiresAt = uint.MaxValue * 1000L;
    public const long MaxMaxMessageSize = uint.MaxValue;
    public const int DefaultSctpPort = 5000;

    /// <summary>RFC 8839 §5.4 ice-char: ALPHA / DIGIT / "+" / "/"; ufrag 4–64 (spec §2).</summary>
    public static bool IsValidUfrag(string s) => s.Length is >= 4 and <= 64 && IsIceChars(s);

    /// <summary>ice-chars, 22–128 (spec §2).</summary>
    public static bool IsValidPwd(string s) => s.Length is >= 22 and <= 128 && IsIceChars(s);

    public static bool IsValidPort(long port) => port is >= 1 and <= 65535;

    public static bool IsValidMaxMessageSize(long value) => value is >= 1 and <= MaxMaxMessageSize;

    /// <summary>Spec §1/§4.3 <c>bad_url</c>: 1–200 UTF-8 bytes, <c>http://</c> or <c>https://</c> followed by
    /// a host, no fragment, no whitespace or control characters (URL parsers strip those silently).</summary>
    public static bool IsValidUrl(string url)
    {
        var bytes = Encoding.UTF8.GetByteCount(url);
        if (bytes is < 1 or > Limits.MaxRendezvousUrlBytes)
        {
            return false;
        }

        string rest;
        if (url.StartsWith("https://", StringComparison.Ordinal))
        {
            rest = url["https://".Length..];
        }
        else if (url.StartsWith("http://", StringComparison.Ordinal))
        {
            rest = url["http://".Length..];
        }
        else
        {
            return false;
        }

        if (!IsSurrogatePairsValid(url))
        {
            return false;
        }

        foreach (var c in url)
        {
            if (c <= ' ' || c == '\u007f' || c == '#')
            {
                return false;
            }
        }

        var hostEnd = rest.IndexOfAny(['/', '?']);
        var authority = hostEnd < 0 ? rest : rest[..hostEnd];
        var host = authority[(authority.LastIndexOf('@') + 1)..];
        return host.Length > 0 && host[0] != ':' && Uri.TryCreate(url, UriKind.Absolute, out _);
    }

    /// <summary>URL bytes from a compact token: valid UTF-8 and a valid URL.</summary>
    public static bool TryDecodeUrl(ReadOnlySpan<byte> bytes, out string url)
    {
        url = string.Empty;
        if (!Utf8.IsValid(bytes))
        {
            return false;
        }

        url = Encoding.UTF8.GetString(bytes);
        return IsValidUrl(url);
    }

    /// <summary>32 pairs of hex digits (either case) joined by ':' (spec §2.2).</summary>
    public static bool TryParseFingerprint(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != (FingerprintLength * 3) - 1)
        {
            return false;
        }

        var output = new byte[FingerprintLength];
        for (var i = 0; i < FingerprintLength; i++)
        {
            var at = i * 3;
            if ((i > 0 && text[at - 1] != ':') || !IsHex(text[at]) || !IsHex(text[at + 1]))
            {
                return false;
            }

            output[i] = (byte)((HexValue(text[at]) << 4) | HexValue(text[at + 1]));
        }

        bytes = output;
        return true;
    }

    public static string FormatFingerprint(ReadOnlySpan<byte> bytes) =>
        string.Join(':', Convert.ToHexString(bytes).Chunk(2).Select(pair => new string(pair)));

    private static bool IsIceChars(string s)
    {
        foreach (var c in s)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSurrogatePairsValid(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHex(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
