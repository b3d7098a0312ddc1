using System.Text.Json;

namespace PeerLink.Protocol;

/// <summary>A data-channel message (spec §7): <c>{type, payload, timestamp, messageId}</c>.
/// <see cref="Payload"/> is a JSON object.</summary>
public sealed record MessageEnvelope(string Type, JsonElement Payload, long Timestamp, string MessageId)
{
    /// <summary>The wire JSON: members in spec order, the payload as received.</summary>
    public string ToJson() =>
        new JsonText()
            .BeginObject()
            .Member("type", Type)
            .Name("payload").Raw(Payload.ValueKind == JsonValueKind.Undefined ? "{}" : Payload.GetRawText())
            .Member("timestamp", Timestamp)
            .Member("messageId", MessageId)
            .EndObject()
            .ToString();
}

/// <summary>Validates one payload of an application's own message type; returns null when valid, else
/// <c>"&lt;field&gt;: &lt;problem&gt;"</c> relative to the payload (it is reported as <c>payload.&lt;field&gt;: …</c>).</summary>
public delegate string? PayloadValidator(JsonElement payload);

/// <summary>The outcome of <see cref="MessageValidator.Validate(string)"/>: an envelope, or a reason.</summary>
public sealed record MessageValidationResult(MessageEnvelope? Envelope, string? Reason)
{
    public bool IsValid => Envelope is not null;
}
