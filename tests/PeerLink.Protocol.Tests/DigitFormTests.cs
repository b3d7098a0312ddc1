using System.Numerics;

namespace PeerLink.Protocol.Tests;

public sealed class DigitFormTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 5)]
    [InlineData(3, 8)]
    [InlineData(126, 304)]
    [InlineData(152, 367)]
    public void Width_IsTheDigitCountOf256PowNMinus1(int bytes, int digits) =>
        Assert.Equal(digits, DigitForm.Width(bytes));

    [Fact]
    public void Encode_PadsLeadingZeroBytesToTheWidth()
    {
        Assert.Equal("00000001", DigitForm.Encode([0, 0, 1]));
        Assert.Equal("00000000", DigitForm.Encode([0, 0, 0]));
        Assert.Equal("16777215", DigitForm.Encode([0xFF, 0xFF, 0xFF]));
    }

    [Fact]
    public void TryDecode_EveryLengthUpTo4096_IsAWidthOrRefused()
    {
        var widths = Enumerable.Range(1, 1800).Select(DigitForm.Width).ToHashSet();
        for (var length = 1; length <= 4096; length++)
        {
            var ok = DigitForm.TryDecode(new string('0', length), out var bytes);

            Assert.Equal(widths.Contains(length), ok);
            Assert.True(!ok || DigitForm.Width(bytes.Length) == length);
        }
    }

    [Fact]
    public void TryDecode_RoundTripsRandomBytes_AndRefuses256PowN()
    {
        var random = new Random(7);
        for (var n = 1; n < 200; n++)
        {
            var bytes = new byte[n];
            random.NextBytes(bytes);
            bytes[0] = (byte)(n % 3 == 0 ? 0 : bytes[0]);

            Assert.True(DigitForm.TryDecode(DigitForm.Encode(bytes), out var back));
            Assert.Equal(bytes, back);
            var limit = BigInteger.Pow(256, n).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(DigitForm.Width(n), '0');
            Assert.False(DigitForm.TryDecode(limit, out _));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("12a")]
    [InlineData("+255")]
    [InlineData("２５５")]
    public void TryDecode_NonDigits_IsRefused(string text) => Assert.False(DigitForm.TryDecode(text, out _));
}
