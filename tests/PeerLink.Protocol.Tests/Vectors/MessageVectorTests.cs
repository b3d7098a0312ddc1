using System.Text.Json;

namespace PeerLink.Protocol.Tests.Vectors;

/// <summary>Runs every vector of the committed spec/vectors/messages.json (spec §7).</summary>
public sealed class MessageVectorTests
{
    private static readonly JsonElement File = VectorFiles.Load("messages.json");
    private readonly MessageValidator validator = new();

    public static TheoryData<string> ValidNames() => Names("valid");

    public static TheoryData<string> InvalidNames() => Names("invalid");

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Validate_ValidVector_GivesTheEnvelope(string name)
    {
        var json = Find("valid", name).GetProperty("json").GetString()!;

        var result = validator.Validate(json);

        Assert.Null(result.Reason);
        using var original = JsonDocument.Parse(json);
        Assert.Equal(original.RootElement.GetProperty("type").GetString(), result.Envelope!.Type);
        Assert.Equal(original.RootElement.GetProperty("messageId").GetString(), result.Envelope.MessageId);
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Validate_InvalidVector_FailsWithItsReason(string name)
    {
        var v = Find("invalid", name);

        var result = validator.Validate(v.GetProperty("json").GetString()!);

        Assert.False(result.IsValid);
        Assert.Equal(v.GetProperty("reason").GetString(), result.Reason);
    }

    [Fact]
    public void File_CoversEveryStandardType()
    {
        var names = File.GetProperty("valid").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToHashSet();

        Assert.All(MessageTypes.Standard, t => Assert.Contains(t, names));
    }

    private static JsonElement Find(string list, string name) =>
        File.GetProperty(list).EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    private static TheoryData<string> Names(string list) =>
        [.. File.GetProperty(list).EnumerateArray().Select(v => v.GetProperty("name").GetString()!)];
}
