using System.Globalization;

namespace PeerLink.Protocol;

/// <summary>The four address kinds of a compact candidate (spec §2.1, candidate head bits 2–3).</summary>
internal enum AddressKind
{
    IPv4 = 0,
    IPv6 = 1,
    MdnsUuid = 2,
    Name = 3,
}

/// <summary>Classifies candidate address text and converts it to and from its compact bytes. Text is
/// canonical (spec §2): what the compact bytes format back to, so both encodings round-trip.</summary>
internal static class CandidateAddress
{
    public const int MaxNameLength = 253;
    private const string MdnsSuffix = ".local";
    private const int UuidTextLength = 36;

    /// <summary>Kind and bytes of canonical address text; false when the text is no valid address or
    /// not in canonical form.</summary>
    public static bool TryEncode(string text, out AddressKind kind, out byte[] bytes)
    {
        kind = AddressKind.Name;
        bytes = [];
        var buffer = new byte[16];
        if (IpText.TryParseIPv4(text, buffer))
        {
            kind = AddressKind.IPv4;
            bytes = buffer[..4];
            return true;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            kind = AddressKind.IPv6;
            bytes = buffer;
            return IpText.TryParseIPv6(text, buffer) && IpText.FormatIPv6(buffer) == text;
        }

        if (TryParseMdns(text, buffer))
        {
            kind = AddressKind.MdnsUuid;
            bytes = buffer;
            return true;
        }

        bytes = [.. text.Select(c => (byte)c)];
        return IsValidName(text);
    }

    /// <summary>The canonical text of compact address bytes; false for a name that breaks the rules,
    /// including an mDNS UUID name, which kind 2 must carry.</summary>
    public static bool TryDecode(AddressKind kind, ReadOnlySpan<byte> bytes, out string text)
    {
        switch (kind)
        {
            case AddressKind.IPv4:
                text = IpText.FormatIPv4(bytes);
                return true;
            case AddressKind.IPv6:
                text = IpText.FormatIPv6(bytes);
                return true;
            case AddressKind.MdnsUuid:
                text = FormatMdns(bytes);
                return true;
            default:
                text = string.Create(bytes.Length, bytes.ToArray(), static (span, b) =>
                {
                    for (var i = 0; i < b.Length; i++)
                    {
                        span[i] = (char)b[i];
                    }
                });
                Span<byte> scratch = stackalloc byte[16];
                return IsValidName(text) && !TryParseMdns(text, scratch);
        }
    }

    /// <summary>Canonical text for an address as written in SDP (any IP text form, any case); false when
    /// it cannot be carried.</summary>
    public static bool TryCanonicalize(string sdpAddress, out string canonical)
    {
        canonical = sdpAddress.ToLowerInvariant();
        if (canonical.Contains(':', StringComparison.Ordinal))
        {
            var buffer = new byte[16];
            if (!IpText.TryParseIPv6(canonical, buffer))
            {
                return false;
            }

            canonical = IpText.FormatIPv6(buffer);
        }

        return TryEncode(canonical, out _, out _);
    }

    /// <summary>1–253 of <c>a-z 0-9 . -</c> with at least one letter, so no name can be read as an
    /// IPv4 literal in any notation (RFC 1123 §2.1 rules out all-numeric top-level labels).</summary>
    private static bool IsValidName(string text) =>
        text.Length is >= 1 and <= MaxNameLength
        && text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')
        && text.Any(char.IsAsciiLetterLower);

    private static bool TryParseMdns(string text, Span<byte> output)
    {
        if (text.Length != UuidTextLength + MdnsSuffix.Length || !text.EndsWith(MdnsSuffix, StringComparison.Ordinal))
        {
            return false;
        }

        var o = 0;
        for (var i = 0; i < UuidTextLength;)
        {
            if (i is 8 or 13 or 18 or 23)
            {
                if (text[i] != '-')
                {
                    return false;
                }

                i++;
                continue;
            }

            var hi = LowerHex(text[i]);
            var lo = LowerHex(text[i + 1]);
            if (hi < 0 || lo < 0)
            {
                return false;
            }

            output[o++] = (byte)((hi << 4) | lo);
            i += 2;
        }

        return true;
    }

    private static int LowerHex(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };

    private static string FormatMdns(ReadOnlySpan<byte> b)
    {
        var hex = Convert.ToHexStringLower(b);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}{MdnsSuffix}");
    }
}
