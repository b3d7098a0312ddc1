namespace PeerLink.Protocol.Tests;

public sealed class Base64UrlTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("AQ", "01")]
    [InlineData("AQI", "0102")]
    [InlineData("AQID", "010203")]
    [InlineData("-_8", "FBFF")]
    public void TryDecode_WhenCanonical_Decodes(string text, string hex)
    {
        Assert.True(Base64Url.TryDecode(text, out var bytes));
        Assert.Equal(hex, Convert.ToHexString(bytes));
        Assert.Equal(text, Base64Url.Encode(bytes));
    }

    [Theory]
    [InlineData("AQ==")]
    [InlineData("AQ=")]
    [InlineData("A")]
    [InlineData("AQIDB")]
    [InlineData("AR")]
    [InlineData("AQJ")]
    [InlineData("A Q")]
    [InlineData("AQ\n")]
    [InlineData("+/8")]
    [InlineData("AQ\u00e9")]
    public void TryDecode_WhenNotCanonicalBase64Url_Fails(string text) => Assert.False(Base64Url.TryDecode(text, out _));
}
