using PeerLink.Protocol.Tests.Vectors;

namespace PeerLink.Protocol.Tests;

public sealed class TokenCodecTests
{
    private const long Now = Samples.Now;

    public static TheoryData<TokenEncoding> Encodings => [TokenEncoding.Compact, TokenEncoding.Json, TokenEncoding.Digits];

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Encode_ThenDecode_RoundTrips(TokenEncoding encoding)
    {
        foreach (var v in TokenVectors.Valid())
        {
            var text = TokenCodec.Encode(v.Token, encoding);

            var decoded = TokenCodec.Decode(text, Now, out var detected);

            Assert.Equal(encoding, detected);
            Assert.Equal(TokenCodec.ToJson(v.Token), TokenCodec.ToJson(decoded));
            Assert.Equal(text, TokenCodec.Encode(decoded, encoding));
        }
    }

    [Fact]
    public void Decode_DigitFormInTheLinkACameraAppOpens_GivesTheToken()
    {
        var digits = TokenCodec.Encode(TokenVectors.Base, TokenEncoding.Digits);

        var token = TokenCodec.Decode(" HTTPS://PAY.EXAMPLE.COM/#" + digits + "\n", Now, out var encoding);

        Assert.Equal(TokenEncoding.Digits, encoding);
        Assert.Equal(TokenCodec.ToJson(TokenVectors.Base), TokenCodec.ToJson(token));
        Assert.Equal(TokenCodec.Encode(TokenVectors.Base), TokenCodec.Encode(token));
    }

    [Fact]
    public void Create_RoundsTheExpiryDownToTheSecond_AndCreatedAtIsNotAfterNow()
    {
        var token = BootstrapToken.Create(TokenVectors.Chromium, Samples.Secret("create"), Now + 1999, 300_500);

        Assert.Equal(Now + 301_000, token.ExpiresAt);
        Assert.Equal(300, token.LifetimeSeconds);
        Assert.True(token.CreatedAt <= Now + 1999);
        Assert.Equal(token, TokenCodec.Decode(TokenCodec.Encode(token)) with { Secret = token.Secret, Offer = token.Offer });
    }

    [Fact]
    public void Encode_CompactText_StartsWithA_AndJsonWithEy()
    {
        Assert.StartsWith("A", TokenCodec.Encode(TokenVectors.Base), StringComparison.Ordinal);
        Assert.StartsWith("ey", TokenCodec.Encode(TokenVectors.Base, TokenEncoding.Json), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(59, false)]
    [InlineData(60, true)]
    [InlineData(900, true)]
    [InlineData(901, false)]
    public void Decode_LifetimeBoundaries_InBothEncodings(int seconds, bool valid)
    {
        var token = TokenVectors.Make(TokenVectors.Chromium, "lifetime", lifetimeSeconds: seconds);
        var compact = Base64Url.Encode(Raw.Token(Raw.Description(), lifetime: seconds));
        var json = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(TokenJsonWithLifetime(token)));

        foreach (var text in new[] { compact, json })
        {
            if (valid)
            {
                Assert.Equal(seconds, TokenCodec.Decode(text, Now).LifetimeSeconds);
            }
            else
            {
                Assert.Equal(TokenParseReasons.BadLifetime, Assert.Throws<TokenParseException>(() => TokenCodec.Decode(text, Now)).Reason);
            }
        }

        if (!valid)
        {
            Assert.Equal(TokenParseReasons.BadLifetime, Assert.Throws<TokenParseException>(() => TokenCodec.Encode(token)).Reason);
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Decode_ExactlyAtExpiresAt_IsValid_AndOneMsLater_Expired(TokenEncoding encoding)
    {
        var token = TokenVectors.Base;
        var text = TokenCodec.Encode(token, encoding);

        Assert.NotNull(TokenCodec.Decode(text, token.ExpiresAt));
        Assert.False(token.IsExpiredAt(token.ExpiresAt));
        Assert.True(token.IsExpiredAt(token.ExpiresAt + 1));
        var e = Assert.Throws<TokenParseException>(() => TokenCodec.Decode(text, token.ExpiresAt + 1));
        Assert.Equal(TokenParseReasons.Expired, e.Reason);
    }

    [Fact]
    public void Decode_WithoutNow_DoesNotCheckExpiry()
    {
        var token = TokenVectors.Make(TokenVectors.Chromium, "old", expiresIn: -10_000_000);

        Assert.Equal(token.ExpiresAt, TokenCodec.Decode(TokenCodec.Encode(token)).ExpiresAt);
    }

    [Theory]
    [InlineData("https://pay.example/#{0}")]
    [InlineData("  {0}\n")]
    [InlineData("peerlink:#{0}")]
    [InlineData("\thttps://pay.example/pay?x=1#{0} ")]
    public void Decode_AcceptsLinksAndSurroundingWhitespace(string format)
    {
        var text = TokenCodec.Encode(TokenVectors.Base);

        var token = TokenCodec.Decode(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, text), Now);

        Assert.Equal(TokenVectors.Base.SessionId, token.SessionId);
    }

    [Fact]
    public void Decode_WhenTruncatedAtEveryLength_FailsWithTruncated()
    {
        var bytes = Base64UrlBytes(TokenCodec.Encode(TokenVectors.Base));
        for (var length = 1; length < bytes.Length; length++)
        {
            var e = Assert.Throws<TokenParseException>(() => TokenCodec.Decode(Base64Url.Encode(bytes.AsSpan(0, length)), Now));
            Assert.Equal(TokenParseReasons.Truncated, e.Reason);
        }
    }

    [Fact]
    public void Decode_HugeInput_FailsWithTooLong()
    {
        var e = Assert.Throws<TokenParseException>(() => TokenCodec.Decode(new string('A', 10_000_000), Now));

        Assert.Equal(TokenParseReasons.TooLong, e.Reason);
    }

    [Fact]
    public void Decode_Null_FailsWithEmpty() =>
        Assert.Equal(TokenParseReasons.Empty, Assert.Throws<TokenParseException>(() => TokenCodec.Decode(null!, Now)).Reason);

    [Fact]
    public void TryDecode_GivesTheReasonInsteadOfThrowing()
    {
        Assert.False(TokenCodec.TryDecode("AR", Now, out var token, out var reason));
        Assert.Null(token);
        Assert.Equal(TokenParseReasons.BadBase64, reason);
        Assert.True(TokenCodec.TryDecode(TokenCodec.Encode(TokenVectors.Base), Now, out token, out reason));
        Assert.Null(reason);
        Assert.Equal(TokenVectors.Base.ExpiresAt, token.ExpiresAt);
    }

    [Fact]
    public void Encode_WhenOfferIsNotActPass_FailsWithBadSetup()
    {
        var token = TokenVectors.Base with { Offer = TokenVectors.Chromium with { Setup = DtlsSetup.Active } };

        Assert.Equal(TokenParseReasons.BadSetup, Assert.Throws<TokenParseException>(() => TokenCodec.Encode(token)).Reason);
    }

    [Theory]
    [InlineData("ftp://x", TokenParseReasons.BadUrl)]
    [InlineData("https://x/#a", TokenParseReasons.BadUrl)]
    [InlineData("https://", TokenParseReasons.BadUrl)]
    [InlineData("https://a b", TokenParseReasons.BadUrl)]
    public void Encode_WhenRendezvousIsBad_Fails(string url, string reason) =>
        Assert.Equal(reason, Assert.Throws<TokenParseException>(() => TokenCodec.Encode(TokenVectors.Base with { Rendezvous = url })).Reason);

    [Fact]
    public void Encode_WhenSecretIsNot16Bytes_FailsWithBadSecret() =>
        Assert.Equal(TokenParseReasons.BadSecret, Assert.Throws<TokenParseException>(() => TokenCodec.Encode(TokenVectors.Base with { Secret = new byte[15] })).Reason);

    [Fact]
    public void Encode_WhenCandidateAddressIsNotCanonical_FailsWithBadCandidate()
    {
        var offer = TokenVectors.Offer("x", [new(CandidateType.Host, CandidateProtocol.Udp, "2001:DB8::1", 1)]);

        Assert.Equal(TokenParseReasons.BadCandidate, Assert.Throws<TokenParseException>(() => TokenCodec.Encode(TokenVectors.Base with { Offer = offer })).Reason);
    }

    [Fact]
    public void Create_SetsCreatedAtAndExpiry()
    {
        var token = BootstrapToken.Create(TokenVectors.Chromium, Samples.Secret("create"), Now, Limits.DefaultTtlMs, "https://pay.example");

        Assert.Equal(Now, token.CreatedAt);
        Assert.Equal(Now + Limits.DefaultTtlMs, token.ExpiresAt);
        Assert.Equal(300, token.LifetimeSeconds);
    }

    [Fact]
    public void Decode_JsonIntegersInAnyNotation_AreAccepted()
    {
        var json = TokenCodec.ToJson(TokenVectors.Base).Replace("\"v\":1", "\"v\":1.0", StringComparison.Ordinal)
            .Replace("\"port\":54400", "\"port\":5.44e4", StringComparison.Ordinal);

        var token = TokenCodec.Decode(Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(json)), Now);

        Assert.Equal(54400, token.Offer.Candidates[0].Port);
    }

    [Fact]
    public void Decode_JsonRepeatedMember_LastOneCounts()
    {
        var json = TokenCodec.ToJson(TokenVectors.Base).Replace("{\"v\":1,", "{\"v\":2,\"v\":1,", StringComparison.Ordinal);

        Assert.NotNull(TokenCodec.Decode(Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(json)), Now));
    }

    [Fact]
    public void Decode_JsonWithDeepNesting_FailsOnTheMemberNotTheDepth()
    {
        var json = TokenCodec.ToJson(TokenVectors.Base).Replace("{\"v\":1,", "{\"v\":1,\"x\":" + new string('[', 500) + new string(']', 500) + ",", StringComparison.Ordinal);

        var e = Assert.Throws<TokenParseException>(() => TokenCodec.Decode(Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(json)), Now));

        Assert.Equal(TokenParseReasons.UnknownField, e.Reason);
    }

    private static string TokenJsonWithLifetime(BootstrapToken token)
    {
        var valid = token with { CreatedAt = token.ExpiresAt - 300_000 };
        return TokenCodec.ToJson(valid).Replace(
            $"\"createdAt\":{valid.CreatedAt}",
            $"\"createdAt\":{token.CreatedAt}",
            StringComparison.Ordinal);
    }

    private static byte[] Base64UrlBytes(string text) => Base64Url.TryDecode(text, out var b) ? b : throw new InvalidOperationException();
}
