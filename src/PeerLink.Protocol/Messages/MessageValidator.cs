using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace PeerLink.Protocol;

/// <summary>Validates data-channel messages (spec §7): the envelope, the standard payload schemas and
/// the payloads of registered custom types. Never throws on input; an invalid message gives a reason
/// <c>&lt;path&gt;: &lt;problem&gt;</c> (spec §7.1).</summary>
public sealed class MessageValidator
{
    private static readonly string[] EnvelopeMembers = ["type", "payload", "timestamp", "messageId"];
    private readonly ConcurrentDictionary<string, PayloadValidator> custom = new(StringComparer.Ordinal);

    /// <summary>Registers an application type (same name rule as the standard ones, not a standard name).</summary>
    public MessageValidator Register(string type, PayloadValidator validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        if (!MessageTypes.IsValidName(type) || MessageTypes.Standard.Contains(type))
        {
            throw new ArgumentException($"'{type}' is not a valid custom message type.", nameof(type));
        }

        custom[type] = validator;
        return this;
    }

    public MessageValidationResult Validate(string json)
    {
        ArgumentNullException.ThrowIfNull(json);

        // A UTF-16 string never has fewer UTF-8 bytes than chars: the length check spares counting a huge one.
        return json.Length > Limits.MaxMessageBytes || Encoding.UTF8.GetByteCount(json) > Limits.MaxMessageBytes
            ? Fail("message", ValidationProblems.TooLarge)
            : Validate(Encoding.UTF8.GetBytes(json));
    }

    public MessageValidationResult Validate(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > Limits.MaxMessageBytes)
        {
            return Fail("message", ValidationProblems.TooLarge);
        }

        if (!Utf8.IsValid(utf8))
        {
            return Fail("message", ValidationProblems.InvalidJson);
        }

        try
        {
            // JSON.parse has no depth limit; the reader is not recursive, so the size cap bounds the work.
            using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = Limits.MaxMessageBytes });
            return Validate(document.RootElement);
        }
        catch (JsonException)
        {
            return Fail("message", ValidationProblems.InvalidJson);
        }
    }

    private MessageValidationResult Validate(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail("message", ValidationProblems.InvalidJson);
        }

        var m = JsonValues.Members(root);
        if (JsonValues.FirstUnknown(m, EnvelopeMembers) is { } unknown)
        {
            return Fail(unknown, ValidationProblems.UnknownMember);
        }

        var problem = PayloadRules.String(m, "type", 1, 64, rule: MessageTypes.IsValidName)
            ?? CheckPayload(m)
            ?? CheckTimestamp(m)
            ?? PayloadRules.String(m, "messageId", 1, 64, rule: MessageTypes.IsValidMessageId);
        if (problem is not null)
        {
            return new(null, problem);
        }

        var type = m["type"].GetString()!;
        var payload = m["payload"];
        if (StandardPayloads.Schemas.TryGetValue(type, out var schema))
        {
            problem = schema(JsonValues.Members(payload));
        }
        else if (custom.TryGetValue(type, out var validator))
        {
            problem = validator(payload);
        }
        else
        {
            return Fail("type", ValidationProblems.UnknownType);
        }

        return problem is null
            ? new(new MessageEnvelope(type, payload.Clone(), SafeInteger(m["timestamp"]), m["messageId"].GetString()!), null)
            : new(null, "payload." + problem);
    }

    private static string? CheckPayload(Dictionary<string, JsonElement> m) =>
        !m.TryGetValue("payload", out var p) ? ValidationProblems.Reason("payload", ValidationProblems.Required)
        : p.ValueKind != JsonValueKind.Object ? ValidationProblems.Reason("payload", ValidationProblems.WrongType)
        : null;

    private static string? CheckTimestamp(Dictionary<string, JsonElement> m) =>
        !m.TryGetValue("timestamp", out var t) ? ValidationProblems.Reason("timestamp", ValidationProblems.Required)
        : t.ValueKind != JsonValueKind.Number ? ValidationProblems.Reason("timestamp", ValidationProblems.WrongType)
        : !JsonValues.TryGetSafeInteger(t, out var v) || v <= 0 ? ValidationProblems.Reason("timestamp", ValidationProblems.Invalid)
        : null;

    private static long SafeInteger(JsonElement e) => JsonValues.TryGetSafeInteger(e, out var v) ? v : 0;

    private static MessageValidationResult Fail(string path, string problem) => new(null, ValidationProblems.Reason(path, problem));
}
