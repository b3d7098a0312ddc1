using System.Text;
using PeerLink.Protocol.Tests.Vectors;

namespace PeerLink.Protocol.Tests;

/// <summary>Seeded random mutations of valid inputs: only the protocol's own errors may escape.</summary>
public sealed class RobustnessTests
{
    private const int Cases = 4000;

    [Fact]
    public void Decode_MutatedCompactTokens_OnlyEverThrowsTokenParseException()
    {
        var random = new Random(20261126);
        var seeds = TokenVectors.Valid().Select(v => Bytes(TokenCodec.Encode(v.Token))).ToArray();
        for (var i = 0; i < Cases; i++)
        {
            var mutated = Mutate(random, seeds[random.Next(seeds.Length)]);
            AssertOnlyParseErrors(Base64Url.Encode(mutated));
            AssertOnlyParseErrors(() => DescriptionCodec.DecodeCompact(Base64Url.Encode(mutated.AsSpan(Math.Min(26, mutated.Length)))));
        }
    }

    [Fact]
    public void Decode_MutatedJsonTokens_OnlyEverThrowsTokenParseException()
    {
        var random = new Random(7);
        var seeds = TokenVectors.Valid().Select(v => Encoding.UTF8.GetBytes(TokenCodec.ToJson(v.Token))).ToArray();
        for (var i = 0; i < Cases; i++)
        {
            var mutated = Mutate(random, seeds[random.Next(seeds.Length)]);
            AssertOnlyParseErrors(Base64Url.Encode(mutated));
            AssertOnlyParseErrors(() => DescriptionCodec.FromJson(Encoding.UTF8.GetString(mutated)));
        }
    }

    [Fact]
    public void Decode_RandomText_OnlyEverThrowsTokenParseException()
    {
        var random = new Random(42);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/# \t\n{}\":,.é\u0000";
        for (var i = 0; i < Cases; i++)
        {
            var chars = new char[random.Next(0, 300)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(10) == 0 ? (char)random.Next(0, 0x10000) : alphabet[random.Next(alphabet.Length)];
            }

            AssertOnlyParseErrors(new string(chars));
        }
    }

    [Fact]
    public void Compact_MutatedSdp_OnlyEverThrowsSdpCompactionException()
    {
        var random = new Random(5);
        var seeds = DescriptionVectors.Valid().Select(v => Encoding.UTF8.GetBytes(v.Sdp)).ToArray();
        for (var i = 0; i < Cases; i++)
        {
            var sdp = Encoding.UTF8.GetString(Mutate(random, seeds[random.Next(seeds.Length)]));
            try
            {
                var d = SdpCompactor.Compact(sdp);
                Assert.Equal(DescriptionCodec.EncodeCompact(d), DescriptionCodec.EncodeCompact(SdpCompactor.Compact(SdpCompactor.Rebuild(d, false, 1))));
            }
            catch (SdpCompactionException e)
            {
                Assert.Equal("unsupported_sdp", e.Reason);
            }
        }
    }

    [Fact]
    public void Validate_MutatedMessages_NeverThrows()
    {
        var random = new Random(99);
        var validator = new MessageValidator();
        var seeds = MessageVectors.Valid().Select(v => Encoding.UTF8.GetBytes(v.Json)).Where(b => b.Length < 4096).ToArray();
        for (var i = 0; i < Cases; i++)
        {
            var mutated = Mutate(random, seeds[random.Next(seeds.Length)]);
            var result = validator.Validate(mutated);
            Assert.True(result.IsValid ^ (result.Reason is not null));
        }
    }

    private static void AssertOnlyParseErrors(string text) => AssertOnlyParseErrors(() => TokenCodec.Decode(text, Samples.Now));

    private static void AssertOnlyParseErrors(Func<object> decode)
    {
        try
        {
            decode();
        }
        catch (TokenParseException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Reason));
        }
    }

    /// <summary>Flips bits, overwrites, inserts, deletes or truncates a few bytes.</summary>
    private static byte[] Mutate(Random random, byte[] input)
    {
        var bytes = input.ToList();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes = bytes.Take(at).ToList();
                    break;
            }
        }

        return [.. bytes];
    }

    private static byte[] Bytes(string text) => Base64Url.TryDecode(text, out var b) ? b : throw new InvalidOperationException();
}
