using PeerLink.Protocol.Tests.Vectors;

namespace PeerLink.Protocol.Tests;

public sealed class IceCharsTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    [Fact]
    public void Description_EveryUfragAndPwdLength_RoundTripsPackedAt6Bits()
    {
        var random = new Random(3);
        string Random(int n) => new([.. Enumerable.Range(0, n).Select(_ => Alphabet[random.Next(64)])]);
        for (var length = 4; length <= 128; length++)
        {
            var d = TokenVectors.Offer("pack", []) with
            {
                Ufrag = Random(Math.Min(length, 64)),
                Pwd = Random(Math.Max(length, 22)),
            };

            var text = DescriptionCodec.EncodeCompact(d);

            Assert.True(Base64Url.TryDecode(text, out var bytes));
            // flags, 2 counts, packed ufrag and pwd, fingerprint, candidate count (262144 has a code).
            Assert.Equal(1 + 1 + IceChars.PackedLength(d.Ufrag.Length) + 1 + IceChars.PackedLength(d.Pwd.Length) + 32 + 1, bytes.Length);
            var back = DescriptionCodec.DecodeCompact(text);
            Assert.Equal((d.Ufrag, d.Pwd), (back.Ufrag, back.Pwd));
        }
    }

    [Theory]
    [InlineData(4, 3)]
    [InlineData(5, 4)]
    [InlineData(6, 5)]
    [InlineData(7, 6)]
    [InlineData(24, 18)]
    [InlineData(32, 24)]
    public void PackedLength_IsCeilingOf6BitsPerCharacter(int chars, int bytes) => Assert.Equal(bytes, IceChars.PackedLength(chars));

    [Theory]
    [InlineData(262144L, 0)]
    [InlineData(1073741823L, 0)]
    [InlineData(65536L, 3)]
    public void MaxMessageSize_CommonValuesCostNoByte(long size, int varintBytes)
    {
        var without = TokenVectors.Offer("size", []) with { MaxMessageSize = null };
        var with = without with { MaxMessageSize = size };

        Assert.True(Base64Url.TryDecode(DescriptionCodec.EncodeCompact(without), out var a));
        Assert.True(Base64Url.TryDecode(DescriptionCodec.EncodeCompact(with), out var b));

        Assert.Equal(varintBytes, b.Length - a.Length);
        Assert.Equal(size, DescriptionCodec.DecodeCompact(DescriptionCodec.EncodeCompact(with)).MaxMessageSize);
    }
}
