using System.Globalization;

namespace PeerLink.Protocol;

/// <summary>One <c>a=candidate</c> line (RFC 8839 §5.1) to and from the compact candidate (spec §2, §3).</summary>
internal static class SdpCandidate
{
    /// <summary>The compact candidate, or null for one that is not carried: component ≠ 1, an unknown
    /// transport or type, <c>tcptype</c> other than passive, port 0 or 9 (RFC 6544 §4.5: active TCP
    /// candidates carry port 9 and cannot be connected to), or an address with no compact form.</summary>
    public static IceCandidate? Parse(string value)
    {
        var f = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 8 || f[6] != "typ" || f[1] != "1")
        {
            return null;
        }

        CandidateProtocol protocol;
        switch (f[2].ToLowerInvariant())
        {
            case "udp":
                protocol = CandidateProtocol.Udp;
                break;
            case "tcp":
                var at = Array.IndexOf(f, "tcptype", 8);
                if (at < 0 || at + 1 >= f.Length || f[at + 1] != "passive")
                {
                    return null;
                }

                protocol = CandidateProtocol.Tcp;
                break;
            default:
                return null;
        }

        if (!WireNames.TryParseType(f[7], out var type)
            || !int.TryParse(f[5], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !FieldRules.IsValidPort(port)
            || port == 9
            || !CandidateAddress.TryCanonicalize(f[4], out var address))
        {
            return null;
        }

        return new IceCandidate(type, protocol, address, port);
    }

    /// <summary>Candidate <paramref name="index"/> gets foundation index + 1 and the RFC 8445 §5.1.2.1
    /// priority for component 1 with local preference 65535 − index (spec §3).</summary>
    public static string Format(IceCandidate c, int index)
    {
        var typePreference = c.Type switch
        {
            CandidateType.Host => 126L,
            CandidateType.Prflx => 110L,
            CandidateType.Srflx => 100L,
            _ => 0L,
        };
        var priority = (typePreference << 24) + ((65535L - index) << 8) + 255;
        var tcp = c.Protocol == CandidateProtocol.Tcp ? " tcptype passive" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"a=candidate:{index + 1} 1 {WireNames.ProtocolName(c.Protocol)} {priority} {c.Address} {c.Port} typ {WireNames.TypeName(c.Type)}{tcp}");
    }
}
