namespace PeerLink.Protocol;

/// <summary>The standard message types (spec §7).</summary>
public static class MessageTypes
{
    public const string Handshake = "handshake";
    public const string PaymentRequest = "payment_request";
    public const string PaymentResponse = "payment_response";
    public const string PaymentAcknowledgment = "payment_acknowledgment";
    public const string Error = "error";
    public const string Ping = "ping";
    public const string Pong = "pong";
    public const string Receipt = "receipt";

    public static IReadOnlyList<string> Standard { get; } =
        [Handshake, PaymentRequest, PaymentResponse, PaymentAcknowledgment, Error, Ping, Pong, Receipt];

    /// <summary>1–64 of <c>a-z 0-9 _ . -</c>, starting with a letter (spec §7).</summary>
    public static bool IsValidName(string? type) =>
        type is { Length: >= 1 and <= 64 }
        && char.IsAsciiLetterLower(type[0])
        && type.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '.' or '-');

    /// <summary>1–64 of <c>A-Z a-z 0-9 _ -</c> (spec §7).</summary>
    public static bool IsValidMessageId(string? id) =>
        id is { Length: >= 1 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
