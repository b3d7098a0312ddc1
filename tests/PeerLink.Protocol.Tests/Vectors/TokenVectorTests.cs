using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PeerLink.Protocol.Tests.Vectors;

/// <summary>Runs every vector of the committed spec/vectors/tokens.json (spec §9).</summary>
public sealed class TokenVectorTests
{
    private static readonly JsonElement File = VectorFiles.Load("tokens.json");
    private static readonly long Now = File.GetProperty("now").GetInt64();

    public static TheoryData<string> ValidNames() => Names("valid");

    public static TheoryData<string> InvalidNames() => Names("invalid");

    [Fact]
    public void File_HasTheRequiredCoverage()
    {
        Assert.True(File.GetProperty("valid").GetArrayLength() >= 20);
        Assert.True(File.GetProperty("invalid").GetArrayLength() >= 20);
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Decode_ValidVector_GivesItsToken(string name)
    {
        var v = Find("valid", name);
        var token = TokenCodec.Decode(v.GetProperty("text").GetString()!, Now, out var encoding);

        Assert.Equal(v.GetProperty("encoding").GetString(), VectorFiles.EncodingName(encoding));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(v.GetProperty("token").GetRawText()), JsonNode.Parse(TokenCodec.ToJson(token))));
        Assert.Equal(v.GetProperty("sessionId").GetString(), token.SessionId);
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Encode_ValidVectorToken_GivesItsTextExactly(string name)
    {
        var v = Find("valid", name);
        var json = Encoding.UTF8.GetBytes(v.GetProperty("token").GetRawText());
        var token = TokenCodec.Decode(Base64Url.Encode(json));
        var encoding = v.GetProperty("encoding").GetString() switch
        {
            "json" => TokenEncoding.Json,
            "digits" => TokenEncoding.Digits,
            _ => TokenEncoding.Compact,
        };

        Assert.Equal(v.GetProperty("text").GetString(), TokenCodec.Encode(token, encoding));
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Decode_InvalidVector_FailsWithItsReason(string name)
    {
        var v = Find("invalid", name);

        var e = Assert.Throws<TokenParseException>(() => TokenCodec.Decode(v.GetProperty("text").GetString()!, Now));

        Assert.Equal(v.GetProperty("reason").GetString(), e.Reason);
    }

    private static JsonElement Find(string list, string name) =>
        File.GetProperty(list).EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    private static TheoryData<string> Names(string list) =>
        [.. File.GetProperty(list).EnumerateArray().Select(v => v.GetProperty("name").GetString()!)];
}
