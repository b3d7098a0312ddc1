namespace PeerLink.Protocol.Tests;

public sealed class CandidateAddressTests
{
    [Theory]
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]       // RFC 5952 §4.2.3: first of equal runs
    [InlineData("2001:0db8::0001", "2001:db8::1")]                  // §4.1 leading zeros
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")]    // §4.2.2 a single 0 is not ::
    [InlineData("2001:DB8::A", "2001:db8::a")]                      // §4.3 lowercase
    [InlineData("0:0:0:0:0:0:0:0", "::")]
    [InlineData("0:0:0:0:0:0:0:1", "::1")]
    [InlineData("1:0:0:0:0:0:0:0", "1::")]
    [InlineData("::ffff:10.0.0.1", "::ffff:10.0.0.1")]
    [InlineData("0:0:0:0:0:ffff:a00:1", "::ffff:10.0.0.1")]          // §5 mapped addresses dotted
    [InlineData("fe80:0:0:0:0:0:0:1", "fe80::1")]
    [InlineData("1:0:0:2:0:0:0:3", "1:0:0:2::3")]                   // the longest run wins
    [InlineData("192.168.1.23", "192.168.1.23")]
    [InlineData("HOST.Example", "host.example")]
    public void TryCanonicalize_GivesCanonicalText(string input, string expected)
    {
        Assert.True(CandidateAddress.TryCanonicalize(input, out var canonical));
        Assert.Equal(expected, canonical);
        Assert.True(CandidateAddress.TryEncode(canonical, out var kind, out var bytes));
        Assert.True(CandidateAddress.TryDecode(kind, bytes, out var back));
        Assert.Equal(canonical, back);
    }

    [Theory]
    [InlineData("1::2::3")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("12345::1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1]")]
    [InlineData("1.2.3.4::")]
    [InlineData("::1.2.3")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3")]
    [InlineData("01.2.3.4")]
    [InlineData("")]
    [InlineData("a_b.example")]
    [InlineData("h\u00f6st.example")]
    public void TryCanonicalize_WhenNoCompactForm_Fails(string input) => Assert.False(CandidateAddress.TryCanonicalize(input, out _));

    [Fact]
    public void TryEncode_MdnsName_IsSixteenBytes()
    {
        Assert.True(CandidateAddress.TryEncode("3f0c2a4e-8b5d-4e7a-9c1d-2b3a4c5d6e7f.local", out var kind, out var bytes));
        Assert.Equal(AddressKind.MdnsUuid, kind);
        Assert.Equal("3F0C2A4E8B5D4E7A9C1D2B3A4C5D6E7F", Convert.ToHexString(bytes));
    }

    [Fact]
    public void TryEncode_OtherLocalName_IsAName()
    {
        Assert.True(CandidateAddress.TryEncode("printer.local", out var kind, out _));
        Assert.Equal(AddressKind.Name, kind);
    }
}
