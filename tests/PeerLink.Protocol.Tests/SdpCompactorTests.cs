using PeerLink.Protocol.Tests.Vectors;

namespace PeerLink.Protocol.Tests;

public sealed class SdpCompactorTests
{
    [Fact]
    public void Compact_ChromiumOffer_KeepsWhatRebuildsIt()
    {
        var d = SdpCompactor.Compact(Samples.ChromiumOffer);

        Assert.Equal("Xy1z", d.Ufrag);
        Assert.Equal("q8Rz0e3YtB7vKc2LmN5pWs9a", d.Pwd);
        Assert.Equal(Samples.Fingerprint("chromium-offer"), d.Fingerprint.ToArray());
        Assert.Equal(DtlsSetup.ActPass, d.Setup);
        Assert.Equal(262144, d.MaxMessageSize);
        Assert.Null(d.SctpPort);
        Assert.Equal([new IceCandidate(CandidateType.Host, CandidateProtocol.Udp, "192.168.1.23", 54400)], d.Candidates);
    }

    [Fact]
    public void Compact_FirefoxOffer_ReadsSessionLevelFingerprint_AndCanonicalisesIPv6()
    {
        var d = SdpCompactor.Compact(Samples.FirefoxOffer);

        Assert.Equal(Samples.Fingerprint("firefox-offer"), d.Fingerprint.ToArray());
        Assert.Equal(1073741823, d.MaxMessageSize);
        Assert.Equal(
            ["192.168.1.23", "2001:db8:85a3::8a2e:370:7334", "203.0.113.77"],
            d.Candidates.Select(c => c.Address));
    }

    [Fact]
    public void Compact_DropsTcpActive_AndKeepsTcpPassive()
    {
        var d = SdpCompactor.Compact(Samples.FirefoxAnswer);

        Assert.Equal(DtlsSetup.Active, d.Setup);
        Assert.Equal(
            [CandidateProtocol.Udp, CandidateProtocol.Tcp, CandidateProtocol.Udp],
            d.Candidates.Select(c => c.Protocol));
        Assert.Equal(49823, d.Candidates[1].Port);
    }

    [Fact]
    public void Compact_PhoneOffer_HasTwoMdnsHostsSrflxAndTwoRelays()
    {
        var d = SdpCompactor.Compact(Samples.PhoneOffer);

        Assert.Equal(
            [CandidateType.Host, CandidateType.Host, CandidateType.Srflx, CandidateType.Relay, CandidateType.Relay],
            d.Candidates.Select(c => c.Type));
        Assert.EndsWith(".local", d.Candidates[0].Address, StringComparison.Ordinal);
    }

    [Fact]
    public void Compact_WithLfLineEnds_AndNoCandidates_Works()
    {
        var d = SdpCompactor.Compact(Samples.BareOffer.Replace("\r\n", "\n", StringComparison.Ordinal));

        Assert.Empty(d.Candidates);
        Assert.Equal(5001, d.SctpPort);
        Assert.Null(d.MaxMessageSize);
        Assert.Equal(Samples.Fingerprint("bare-offer"), d.Fingerprint.ToArray());
    }

    [Fact]
    public void Compact_KeepsAtMost16Candidates_AndDropsDuplicates()
    {
        var lines = Enumerable.Range(0, 20).Select(i => $"a=candidate:{i} 1 udp 1 10.0.0.{i % 18} {1000 + (i % 18)} typ host");
        var sdp = Samples.ChromiumOffer.Replace("a=ice-options:trickle\r\n", "a=ice-options:trickle\r\n" + string.Join("\r\n", lines) + "\r\n", StringComparison.Ordinal);

        var d = SdpCompactor.Compact(sdp);

        Assert.Equal(16, d.Candidates.Count);
        Assert.Equal(d.Candidates.Count, d.Candidates.Distinct().Count());
    }

    [Theory]
    [InlineData("a=candidate:1 2 udp 1 10.0.0.1 5000 typ host")]                   // component 2
    [InlineData("a=candidate:1 1 udp 1 10.0.0.1 9 typ host")]                      // port 9
    [InlineData("a=candidate:1 1 udp 1 10.0.0.1 0 typ host")]                      // port 0
    [InlineData("a=candidate:1 1 tcp 1 10.0.0.1 5000 typ host tcptype so")]
    [InlineData("a=candidate:1 1 tcp 1 10.0.0.1 5000 typ host")]
    [InlineData("a=candidate:1 1 sctp 1 10.0.0.1 5000 typ host")]
    [InlineData("a=candidate:1 1 udp 1 10.0.0.1 5000 typ local")]
    [InlineData("a=candidate:1 1 udp 1 fe80::1%eth0 5000 typ host")]
    [InlineData("a=candidate:1 1 udp 1 10.0.0.1 5000")]
    public void Compact_DropsCandidatesWithNoCompactForm(string line)
    {
        var sdp = Samples.BareOffer + line + "\r\n";

        Assert.Empty(SdpCompactor.Compact(sdp).Candidates);
    }

    [Theory]
    [InlineData("a=max-message-size:262144", "a=max-message-size:0")]
    [InlineData("a=max-message-size:262144", "a=max-message-size:4294967296")]
    [InlineData("a=max-message-size:262144", "a=max-message-size:big")]
    public void Compact_InvalidMaxMessageSize_IsAbsent(string from, string to) =>
        Assert.Null(SdpCompactor.Compact(Samples.ChromiumOffer.Replace(from, to, StringComparison.Ordinal)).MaxMessageSize);

    [Fact]
    public void Compact_WithoutSetup_IsActPass() =>
        Assert.Equal(DtlsSetup.ActPass, SdpCompactor.Compact(Samples.ChromiumOffer.Replace("a=setup:actpass\r\n", string.Empty, StringComparison.Ordinal)).Setup);

    [Fact]
    public void Compact_WhenSdpIsNotADataChannelDescription_FailsWithUnsupportedSdp()
    {
        foreach (var (_, sdp) in DescriptionVectors.Unsupported())
        {
            Assert.Equal("unsupported_sdp", Assert.Throws<SdpCompactionException>(() => SdpCompactor.Compact(sdp)).Reason);
        }
    }

    [Fact]
    public void Rebuild_ThenCompact_IsIdentity()
    {
        foreach (var v in TokenVectors.Valid().Select(v => v.Token.Offer).Concat(DescriptionVectors.Valid().Select(v => v.Description)))
        {
            foreach (var final in new[] { false, true })
            {
                var again = SdpCompactor.Compact(SdpCompactor.Rebuild(v, final, 4611686018427387904));

                Assert.Equal(DescriptionCodec.EncodeCompact(v), DescriptionCodec.EncodeCompact(again));
            }
        }
    }

    [Fact]
    public void Rebuild_DerivesFoundationAndRfc8445Priority()
    {
        var d = TokenVectors.Offer("p", [
            new(CandidateType.Host, CandidateProtocol.Udp, "10.0.0.1", 1),
            new(CandidateType.Srflx, CandidateProtocol.Udp, "10.0.0.2", 2),
            new(CandidateType.Prflx, CandidateProtocol.Udp, "10.0.0.3", 3),
            new(CandidateType.Relay, CandidateProtocol.Tcp, "10.0.0.4", 4)]);

        var lines = SdpCompactor.Rebuild(d, true, 1).Split("\r\n");

        Assert.Contains($"a=candidate:1 1 udp {(126L << 24) + (65535L << 8) + 255} 10.0.0.1 1 typ host", lines);
        Assert.Contains($"a=candidate:2 1 udp {(100L << 24) + (65534L << 8) + 255} 10.0.0.2 2 typ srflx", lines);
        Assert.Contains($"a=candidate:3 1 udp {(110L << 24) + (65533L << 8) + 255} 10.0.0.3 3 typ prflx", lines);
        Assert.Contains($"a=candidate:4 1 tcp {(0L << 24) + (65532L << 8) + 255} 10.0.0.4 4 typ relay tcptype passive", lines);
        Assert.Equal("a=end-of-candidates", lines[^2]);
    }

    [Fact]
    public void ParseCandidate_AcceptsATrickledCandidateString()
    {
        var c = SdpCompactor.ParseCandidate("candidate:842163049 1 udp 1677729535 198.51.100.20 50311 typ srflx raddr 0.0.0.0 rport 0 generation 0");

        Assert.Equal(new IceCandidate(CandidateType.Srflx, CandidateProtocol.Udp, "198.51.100.20", 50311), c);
    }
}
