using System.Globalization;
using System.Text;

namespace PeerLink.Protocol;

/// <summary>Strict IP literal parsing and canonical formatting. System.Net.IPAddress is not used: it
/// accepts forms such as "1" or "0x7f.1" that another implementation would not.</summary>
internal static class IpText
{
    /// <summary>Dotted decimal, four octets 0–255 without leading zeros.</summary>
    public static bool TryParseIPv4(ReadOnlySpan<char> text, Span<byte> output)
    {
        var part = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '.')
            {
                continue;
            }

            if (part == 4 || !TryParseOctet(text[start..i], out output[part]))
            {
                return false;
            }

            part++;
            start = i + 1;
        }

        return part == 4;
    }

    public static string FormatIPv4(ReadOnlySpan<byte> b) =>
        string.Create(CultureInfo.InvariantCulture, $"{b[0]}.{b[1]}.{b[2]}.{b[3]}");

    /// <summary>RFC 4291 §2.2 text forms: eight groups, one optional <c>::</c>, an optional dotted IPv4 tail.
    /// No zone index, no brackets.</summary>
    public static bool TryParseIPv6(ReadOnlySpan<char> text, Span<byte> output)
    {
        if (text.Length is < 2 or > 45)
        {
            return false;
        }

        Span<ushort> head = stackalloc ushort[8];
        Span<ushort> tail = stackalloc ushort[8];
        var gap = text.IndexOf("::".AsSpan(), StringComparison.Ordinal);
        int headCount;
        var tailCount = 0;
        if (gap < 0)
        {
            if (!TryParseGroups(text, head, out headCount) || headCount != 8)
            {
                return false;
            }
        }
        else
        {
            var after = text[(gap + 2)..];
            if (after.Contains("::".AsSpan(), StringComparison.Ordinal)
                || !TryParseGroups(text[..gap], head, out headCount)
                || !TryParseGroups(after, tail, out tailCount)
                || headCount + tailCount > 7
                || text[..gap].Contains('.'))
            {
                return false;
            }
        }

        output[..16].Clear();
        for (var i = 0; i < headCount; i++)
        {
            output[2 * i] = (byte)(head[i] >> 8);
            output[(2 * i) + 1] = (byte)head[i];
        }

        for (var i = 0; i < tailCount; i++)
        {
            var at = 8 - tailCount + i;
            output[2 * at] = (byte)(tail[i] >> 8);
            output[(2 * at) + 1] = (byte)tail[i];
        }

        return true;
    }

    /// <summary>RFC 5952 §4: lowercase, no leading zeros, the longest run of two or more zero groups
    /// (the first on a tie) as <c>::</c>; IPv4-mapped addresses in dotted form (RFC 5952 §5).</summary>
    public static string FormatIPv6(ReadOnlySpan<byte> b)
    {
        Span<int> g = stackalloc int[8];
        for (var i = 0; i < 8; i++)
        {
            g[i] = (b[2 * i] << 8) | b[(2 * i) + 1];
        }

        if (g[..5].IndexOfAnyExcept(0) < 0 && g[5] == 0xFFFF)
        {
            return "::ffff:" + FormatIPv4(b[12..]);
        }

        int bestStart = -1, bestLength = 0;
        for (var i = 0; i < 8;)
        {
            if (g[i] != 0)
            {
                i++;
                continue;
            }

            var j = i;
            while (j < 8 && g[j] == 0)
            {
                j++;
            }

            if (j - i >= 2 && j - i > bestLength)
            {
                bestStart = i;
                bestLength = j - i;
            }

            i = j;
        }

        var sb = new StringBuilder(39);
        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.Append("::");
                i += bestLength - 1;
                continue;
            }

            if (sb.Length > 0 && sb[^1] != ':')
            {
                sb.Append(':');
            }

            sb.Append(g[i].ToString("x", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private static bool TryParseOctet(ReadOnlySpan<char> s, out byte value)
    {
        value = 0;
        if (s.Length is 0 or > 3 || (s.Length > 1 && s[0] == '0'))
        {
            return false;
        }

        var n = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            n = (n * 10) + (c - '0');
        }

        if (n > 255)
        {
            return false;
        }

        value = (byte)n;
        return true;
    }

    private static bool TryParseGroups(ReadOnlySpan<char> s, Span<ushort> groups, out int count)
    {
        count = 0;
        if (s.IsEmpty)
        {
            return true;
        }

        while (true)
        {
            var colon = s.IndexOf(':');
            var item = colon < 0 ? s : s[..colon];
            if (colon < 0 && item.Contains('.'))
            {
                // A dotted IPv4 tail stands for the last two groups.
                Span<byte> v4 = stackalloc byte[4];
                if (count > 6 || !TryParseIPv4(item, v4))
                {
                    return false;
                }

                groups[count++] = (ushort)((v4[0] << 8) | v4[1]);
                groups[count++] = (ushort)((v4[2] << 8) | v4[3]);
                return true;
            }

            if (count == 8 || !TryParseHexGroup(item, out groups[count]))
            {
                return false;
            }

            count++;
            if (colon < 0)
            {
                return true;
            }

            s = s[(colon + 1)..];
        }
    }

    private static bool TryParseHexGroup(ReadOnlySpan<char> s, out ushort value)
    {
        value = 0;
        if (s.Length is 0 or > 4)
        {
            return false;
        }

        var n = 0;
        foreach (var c in s)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (d < 0)
            {
                return false;
            }

            n = (n << 4) | d;
        }

        value = (ushort)n;
        return true;
    }
}
