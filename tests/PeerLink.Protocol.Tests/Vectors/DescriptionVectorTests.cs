using System.Text.Json;
using System.Text.Json.Nodes;

namespace PeerLink.Protocol.Tests.Vectors;

/// <summary>Runs every vector of the committed spec/vectors/descriptions.json (spec §9).</summary>
public sealed class DescriptionVectorTests
{
    private static readonly JsonElement File = VectorFiles.Load("descriptions.json");

    public static TheoryData<string> ValidNames() => Names("valid");

    public static TheoryData<string> InvalidNames() => Names("invalid");

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Compact_VectorSdp_GivesItsDescription(string name)
    {
        var v = Find("valid", name);

        var d = SdpCompactor.Compact(v.GetProperty("sdp").GetString()!);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(v.GetProperty("description").GetRawText()), JsonNode.Parse(DescriptionCodec.ToJson(d))));
        Assert.Equal(v.GetProperty("compact").GetString(), DescriptionCodec.EncodeCompact(d));
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Rebuild_VectorDescription_GivesItsSdpExactly(string name)
    {
        var v = Find("valid", name);
        var d = DescriptionCodec.DecodeCompact(v.GetProperty("compact").GetString()!);

        var sdp = SdpCompactor.Rebuild(d, v.GetProperty("endOfCandidates").GetBoolean(), 1);

        Assert.Equal(v.GetProperty("rebuilt").GetString(), sdp);
        Assert.Equal(v.GetProperty("compact").GetString(), DescriptionCodec.EncodeCompact(SdpCompactor.Compact(sdp)));
        Assert.Equal(DescriptionCodec.ToJson(d), DescriptionCodec.ToJson(DescriptionCodec.FromJson(v.GetProperty("description").GetRawText())));
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Compact_UnsupportedVectorSdp_Fails(string name)
    {
        var v = Find("invalid", name);

        var e = Assert.Throws<SdpCompactionException>(() => SdpCompactor.Compact(v.GetProperty("sdp").GetString()!));

        Assert.Equal(v.GetProperty("reason").GetString(), e.Reason);
    }

    private static JsonElement Find(string list, string name) =>
        File.GetProperty(list).EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    private static TheoryData<string> Names(string list) =>
        [.. File.GetProperty(list).EnumerateArray().Select(v => v.GetProperty("name").GetString()!)];
}
