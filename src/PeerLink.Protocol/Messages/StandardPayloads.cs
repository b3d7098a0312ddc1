using System.Text.Json;
using static PeerLink.Protocol.PayloadRules;

namespace PeerLink.Protocol;

/// <summary>The payload schema of every standard type (spec §7 table); fields are checked in table
/// order and the first problem is the reason. Extra payload members are allowed.</summary>
internal static class StandardPayloads
{
    public static readonly IReadOnlyDictionary<string, Func<Dictionary<string, JsonElement>, string?>> Schemas =
        new Dictionary<string, Func<Dictionary<string, JsonElement>, string?>>(StringComparer.Ordinal)
        {
            [MessageTypes.Handshake] = p => IntegerList(p, "versions") ?? String(p, "sdk", 0, 64, required: false),
            [MessageTypes.PaymentRequest] = p =>
                String(p, "requestId", 1, 64)
                ?? String(p, "amount", 1, 24, rule: IsAmount)
                ?? String(p, "currency", 3, 3, rule: IsCurrency)
                ?? String(p, "description", 0, 140, required: false),
            [MessageTypes.PaymentResponse] = p =>
                String(p, "requestId", 1, 64)
                ?? OneOf(p, "status", "accepted", "declined")
                ?? String(p, "reason", 0, 140, required: false),
            [MessageTypes.PaymentAcknowledgment] = p =>
                String(p, "requestId", 1, 64)
                ?? OneOf(p, "status", "completed", "failed")
                ?? String(p, "reference", 0, 64, required: false),
            [MessageTypes.Error] = p => String(p, "code", 1, 64) ?? String(p, "message", 0, 500),
            [MessageTypes.Ping] = p => String(p, "nonce", 0, 64, required: false),
            [MessageTypes.Pong] = p => String(p, "nonce", 0, 64, required: false),
            [MessageTypes.Receipt] = p =>
                String(p, "messageId", 1, 64, rule: MessageTypes.IsValidMessageId)
                ?? OneOf(p, "status", "ok", "rejected")
                ?? String(p, "reason", 0, 140, required: false),
        };
}
