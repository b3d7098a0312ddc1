using System.Globalization;
using System.Text;

namespace PeerLink.Protocol;

/// <summary>SDP ⇄ compact description (spec §2–§3).</summary>
public static class SdpCompactor
{
    private const int DefaultSctpPort = 5000;

    /// <summary>Reduces a data-channel SDP (Chromium's, Firefox's, Safari's) to a compact description.
    /// Throws <see cref="SdpCompactionException"/> (reason <c>unsupported_sdp</c>) when ufrag, pwd, a
    /// sha-256 fingerprint or the <c>m=application … webrtc-datachannel</c> section is missing or invalid.</summary>
    public static SessionDescription Compact(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        var lines = sdp.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var firstMedia = Array.FindIndex(lines, l => l.StartsWith("m=", StringComparison.Ordinal));
        var app = Array.FindIndex(lines, IsDataChannelMedia);
        if (app < 0)
        {
            throw new SdpCompactionException("no m=application webrtc-datachannel section");
        }

        var end = Array.FindIndex(lines, app + 1, l => l.StartsWith("m=", StringComparison.Ordinal));
        var media = lines[(app + 1)..(end < 0 ? lines.Length : end)];
        var session = lines[..firstMedia];

        // Media-level attributes win; session-level ones are accepted for ICE and DTLS (RFC 8839 §5.4, RFC 8122 §5).
        string? Pick(string name) => Attributes(media, name).Concat(Attributes(session, name)).FirstOrDefault();

        var ufrag = Pick("ice-ufrag");
        if (ufrag is null || !FieldRules.IsValidUfrag(ufrag))
        {
            throw new SdpCompactionException("ice-ufrag");
        }

        var pwd = Pick("ice-pwd");
        if (pwd is null || !FieldRules.IsValidPwd(pwd))
        {
            throw new SdpCompactionException("ice-pwd");
        }

        var fingerprint = Attributes(media, "fingerprint").Concat(Attributes(session, "fingerprint"))
            .Select(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 2 && p[0].Equals("sha-256", StringComparison.OrdinalIgnoreCase))
            .Select(p => FieldRules.TryParseFingerprint(p[1], out var bytes) ? bytes : null)
            .FirstOrDefault();
        if (fingerprint is null)
        {
            throw new SdpCompactionException("sha-256 fingerprint");
        }

        // Browsers always write a=setup; without it the description is treated as an actpass offer.
        if (!WireNames.TryParseSetup(Pick("setup") ?? "actpass", out var setup))
        {
            throw new SdpCompactionException("setup");
        }

        long? maxMessageSize = ParseNumber(Attributes(media, "max-message-size").FirstOrDefault()) is { } mms && FieldRules.IsValidMaxMessageSize(mms)
            ? mms
            : null;
        int? sctpPort = ParseNumber(Attributes(media, "sctp-port").FirstOrDefault()) is { } port && FieldRules.IsValidPort(port) && port != DefaultSctpPort
            ? (int)port
            : null;
        var candidates = new List<IceCandidate>();
        foreach (var value in Attributes(media, "candidate"))
        {
            if (candidates.Count < Limits.MaxCandidates && SdpCandidate.Parse(value) is { } c && !candidates.Contains(c))
            {
                candidates.Add(c);
            }
        }

        return new SessionDescription(ufrag, pwd, fingerprint, setup, maxMessageSize, sctpPort, candidates);
    }

    /// <summary>The SDP of spec §3, CRLF line ends. <paramref name="endOfCandidates"/> adds
    /// <c>a=end-of-candidates</c>; <paramref name="sessionVersionId"/> is the o= line's session id (0 … 2^62).</summary>
    public static string Rebuild(SessionDescription d, bool endOfCandidates, long sessionVersionId)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentOutOfRangeException.ThrowIfNegative(sessionVersionId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sessionVersionId, 1L << 62);
        DescriptionRules.Validate(d);
        var sb = new StringBuilder(512);
        void Line(string text) => sb.Append(text).Append("\r\n");
        Line(string.Create(CultureInfo.InvariantCulture, $"v=0"));
        Line(string.Create(CultureInfo.InvariantCulture, $"o=- {sessionVersionId} 2 IN IP4 127.0.0.1"));
        Line("s=-");
        Line("t=0 0");
        Line("a=group:BUNDLE 0");
        Line("a=msid-semantic: WMS");
        Line("m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
        Line("c=IN IP4 0.0.0.0");
        Line("a=ice-ufrag:" + d.Ufrag);
        Line("a=ice-pwd:" + d.Pwd);
        Line("a=ice-options:trickle");
        Line("a=fingerprint:sha-256 " + FieldRules.FormatFingerprint(d.Fingerprint.Span));
        Line("a=setup:" + WireNames.SetupName(d.Setup));
        Line("a=mid:0");
        Line(string.Create(CultureInfo.InvariantCulture, $"a=sctp-port:{d.SctpPort ?? DefaultSctpPort}"));
        if (d.MaxMessageSize is { } size)
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"a=max-message-size:{size}"));
        }

        for (var i = 0; i < d.Candidates.Count; i++)
        {
            Line(SdpCandidate.Format(d.Candidates[i], i));
        }

        if (endOfCandidates)
        {
            Line("a=end-of-candidates");
        }

        return sb.ToString();
    }

    /// <summary>Parses one <c>a=candidate:</c> value (with or without <c>a=</c> / <c>candidate:</c>), e.g.
    /// from a trickled <c>RTCIceCandidate.candidate</c>; null when it is not carried (spec §2).</summary>
    public static IceCandidate? ParseCandidate(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var value = line.Trim();
        value = value.StartsWith("a=", StringComparison.Ordinal) ? value[2..] : value;
        value = value.StartsWith("candidate:", StringComparison.Ordinal) ? value["candidate:".Length..] : value;
        return SdpCandidate.Parse(value);
    }

    private static bool IsDataChannelMedia(string line)
    {
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return f.Length == 4 && f[0] == "m=application" && f[3] == "webrtc-datachannel";
    }

    private static IEnumerable<string> Attributes(string[] lines, string name)
    {
        var prefix = "a=" + name + ":";
        return lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..].Trim());
    }

    private static long? ParseNumber(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
