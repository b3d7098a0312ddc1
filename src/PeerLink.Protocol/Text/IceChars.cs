namespace PeerLink.Protocol;

/// <summary>ICE ufrag and pwd packed at 6 bits per character (spec §2.1): ice-char (RFC 8839 §5.4,
/// <c>A-Z a-z 0-9 + /</c>) is exactly the base64 alphabet, so each character is its base64 index,
/// written most significant bit first; the bits after the last character up to the byte boundary
/// are zero, so each string has one packed form.</summary>
internal static class IceChars
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static int PackedLength(int chars) => ((chars * 6) + 7) / 8;

    /// <summary>Callers validate the string first (only ice-chars).</summary>
    public static void Write(CompactWriter w, string s)
    {
        var packed = new byte[PackedLength(s.Length)];
        var bit = 0;
        foreach (var c in s)
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            for (var i = 5; i >= 0; i--, bit++)
            {
                if (((value >> i) & 1) != 0)
                {
                    packed[bit >> 3] |= (byte)(0x80 >> (bit & 7));
                }
            }
        }

        w.U8(s.Length);
        w.Bytes(packed);
    }

    /// <summary>Reads the character count and the packed bytes (<c>truncated</c> when they are not all
    /// there); null when the padding bits are not zero, so the caller fails with its field's reason.</summary>
    public static string? Read(ref CompactReader r)
    {
        var count = r.U8();
        var packed = r.Take(PackedLength(count));
        var chars = new char[count];
        var bit = 0;
        for (var k = 0; k < count; k++)
        {
            var value = 0;
            for (var i = 0; i < 6; i++, bit++)
            {
                value = (value << 1) | ((packed[bit >> 3] >> (7 - (bit & 7))) & 1);
            }

            chars[k] = Alphabet[value];
        }

        for (; bit < packed.Length * 8; bit++)
        {
            if (((packed[bit >> 3] >> (7 - (bit & 7))) & 1) != 0)
            {
                return null;
            }
        }

        return new string(chars);
    }
}
