namespace PeerLink.Protocol.Tests;

public sealed class HandleNameTests
{
    [Theory]
    [InlineData("coffee-shop", "coffee-shop")]
    [InlineData("@coffee-shop", "coffee-shop")]
    [InlineData("  @Coffee.Shop_1  ", "coffee.shop_1")]
    [InlineData("ABC", "abc")]
    [InlineData("abc", "abc")]
    [InlineData("a234567890123456789012345678901b", "a234567890123456789012345678901b")]
    public void TryNormalize_WhenValid_FoldsCaseAndDropsTheAt(string raw, string expected)
    {
        Assert.True(HandleName.TryNormalize(raw, out var handle));
        Assert.Equal(expected, handle);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("@")]
    [InlineData("ab")]
    [InlineData("@ab")]
    [InlineData("a2345678901234567890123456789012b")]
    [InlineData("coffee shop")]
    [InlineData("coffee/shop")]
    [InlineData("@@coffee")]
    [InlineData("\u212Aelvin")]            // Kelvin sign, folds to 'k' under Unicode rules
    [InlineData("\u0130stanbul")]          // Turkish capital I with dot
    [InlineData("\u0131stanbul")]          // Turkish dotless i
    [InlineData("\uFF43offee")]            // fullwidth 'c'
    [InlineData("cof\u200Dfee")]           // zero-width joiner
    [InlineData("cof\u200Bfee")]           // zero-width space
    [InlineData("caf\u00E9")]              // é
    [InlineData("c\u043Effee")]            // Cyrillic о
    public void TryNormalize_WhenInvalid_Fails(string? raw)
    {
        Assert.False(HandleName.TryNormalize(raw, out var handle));
        Assert.Null(handle);
    }

    [Fact]
    public void TryNormalize_LengthIsCountedAfterTheAt()
    {
        Assert.True(HandleName.TryNormalize("@abc", out _));
        Assert.True(HandleName.TryNormalize("@" + new string('a', 32), out _));
        Assert.False(HandleName.TryNormalize("@" + new string('a', 33), out _));
    }
}
