namespace PeerLink.Protocol;

/// <summary>RFC 4648 §5 base64url without padding. Decoding is strict: no padding, whitespace or
/// foreign characters, no impossible length, and the unused bits of the last character are zero
/// (RFC 4648 §3.5), so every byte string has exactly one text form.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);

    public static bool TryDecode(string text, out byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryDecode(text.AsSpan(), out bytes);
    }

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (ValueOf(c) < 0)
            {
                return false;
            }
        }

        if (text.Length > 0)
        {
            var last = ValueOf(text[^1]);
            var unusedMask = (text.Length % 4) switch
            {
                2 => 0x0F,
                3 => 0x03,
                _ => 0,
            };
            if ((last & unusedMask) != 0)
            {
                return false;
            }
        }

        var output = new byte[text.Length * 3 / 4];
        var status = System.Buffers.Text.Base64Url.DecodeFromChars(text, output, out _, out var written);
        if (status != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        bytes = written == output.Length ? output : output[..written];
        return true;
    }

    private static int ValueOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        '_' => 63,
        _ => -1,
    };
}
