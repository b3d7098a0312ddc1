using System.Text.Json;
using PeerLink.Protocol.Tests.Vectors;

namespace PeerLink.Protocol.Tests;

public sealed class MessageValidatorTests
{
    [Fact]
    public void Validate_CustomType_UsesItsValidator_AndPrefixesThePath()
    {
        var validator = new MessageValidator().Register("loyalty.points", p =>
            p.TryGetProperty("points", out var v) && v.ValueKind == JsonValueKind.Number ? null : "points: required");

        Assert.True(validator.Validate(MessageVectors.Envelope("loyalty.points", """{"points":5}""")).IsValid);
        Assert.Equal("payload.points: required", validator.Validate(MessageVectors.Envelope("loyalty.points", "{}")).Reason);
        Assert.Equal("type: unknown_type", new MessageValidator().Validate(MessageVectors.Envelope("loyalty.points", "{}")).Reason);
    }

    [Theory]
    [InlineData("ping")]
    [InlineData("payment_request")]
    [InlineData("Upper")]
    [InlineData("")]
    [InlineData("1abc")]
    public void Register_StandardOrMalformedName_Throws(string type) =>
        Assert.Throws<ArgumentException>(() => new MessageValidator().Register(type, _ => null));

    [Fact]
    public void Validate_KeepsExtraPayloadMembers_AndEnvelopeRoundTrips()
    {
        var json = MessageVectors.Envelope("payment_request", """{"requestId":"r","amount":"1","currency":"EUR","orderRef":{"id":7}}""");

        var envelope = new MessageValidator().Validate(json).Envelope!;

        Assert.Equal(7, envelope.Payload.GetProperty("orderRef").GetProperty("id").GetInt32());
        Assert.Equal(1795000000000, envelope.Timestamp);
        Assert.Equal(json, envelope.ToJson());
    }

    [Fact]
    public void Validate_OversizedBytes_IsTooLarge_WithoutParsing()
    {
        var bytes = new byte[Limits.MaxMessageBytes + 1];

        Assert.Equal("message: too_large", new MessageValidator().Validate(bytes).Reason);
    }

    [Fact]
    public void Validate_InvalidUtf8_IsInvalidJson() =>
        Assert.Equal("message: invalid_json", new MessageValidator().Validate([(byte)'{', 0xFF, (byte)'}']).Reason);

    [Fact]
    public void Validate_HugeString_IsTooLarge() =>
        Assert.Equal("message: too_large", new MessageValidator().Validate(new string('x', 10_000_000)).Reason);

    [Fact]
    public void Validate_MultiByteCharacters_CountInUtf8Bytes()
    {
        // 'é' is 2 bytes in UTF-8: a text of fewer than 65 536 chars can still be too large.
        var padding = new string('é', 33_000);
        var json = MessageVectors.Envelope("ping", $$"""{"pad":"{{padding}}"}""");

        Assert.True(json.Length < Limits.MaxMessageBytes);
        Assert.Equal("message: too_large", new MessageValidator().Validate(json).Reason);
    }

    [Fact]
    public void Validate_DeeplyNestedExtraPayload_IsValid_AsWithJsonParse()
    {
        var nested = new string('[', 5000) + new string(']', 5000);

        Assert.True(new MessageValidator().Validate(MessageVectors.Envelope("ping", $$"""{"deep":{{nested}}}""")).IsValid);
    }
}
