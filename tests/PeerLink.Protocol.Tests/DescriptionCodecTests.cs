using PeerLink.Protocol.Tests.Vectors;

namespace PeerLink.Protocol.Tests;

public sealed class DescriptionCodecTests
{
    [Fact]
    public void EncodeCompact_ThenDecode_RoundTripsAnswers()
    {
        var answer = SdpCompactor.Compact(Samples.ChromiumAnswer);

        var back = DescriptionCodec.DecodeCompact(DescriptionCodec.EncodeCompact(answer));

        Assert.Equal(DtlsSetup.Active, back.Setup);
        Assert.Equal(DescriptionCodec.ToJson(answer), DescriptionCodec.ToJson(back));
    }

    [Fact]
    public void ToJson_ThenFromJson_RoundTrips()
    {
        var d = SdpCompactor.Compact(Samples.FirefoxAnswer);

        Assert.Equal(DescriptionCodec.ToJson(d), DescriptionCodec.ToJson(DescriptionCodec.FromJson(DescriptionCodec.ToJson(d))));
    }

    [Fact]
    public void DecodeCompact_WithTrailingByte_FailsWithTrailingBytes()
    {
        var text = DescriptionCodec.EncodeCompact(SdpCompactor.Compact(Samples.ChromiumAnswer));
        Assert.True(Base64Url.TryDecode(text, out var bytes));

        var e = Assert.Throws<TokenParseException>(() => DescriptionCodec.DecodeCompact(Base64Url.Encode([.. bytes, 0])));

        Assert.Equal(TokenParseReasons.TrailingBytes, e.Reason);
    }

    [Fact]
    public void Candidates_RoundTripAsJson()
    {
        var candidates = SdpCompactor.Compact(Samples.PhoneOffer).Candidates;

        var json = DescriptionCodec.CandidatesToJson(candidates);

        Assert.Equal(candidates, DescriptionCodec.CandidatesFromJson(json));
        Assert.StartsWith("[{\"type\":\"host\",\"protocol\":\"udp\",\"address\":\"6a2b9c4d", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", TokenParseReasons.BadJson)]
    [InlineData("{}", TokenParseReasons.BadJson)]
    [InlineData("[{\"type\":\"host\",\"protocol\":\"udp\",\"address\":\"10.0.0.1\",\"port\":1,\"x\":1}]", TokenParseReasons.UnknownField)]
    [InlineData("[{\"type\":\"host\",\"protocol\":\"udp\",\"address\":\"10.0.0.1\",\"port\":0}]", TokenParseReasons.BadCandidate)]
    public void CandidatesFromJson_WhenInvalid_Fails(string json, string reason) =>
        Assert.Equal(reason, Assert.Throws<TokenParseException>(() => DescriptionCodec.CandidatesFromJson(json)).Reason);
}
