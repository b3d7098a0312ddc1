using System.Text.Json.Serialization;

namespace PeerLink.Server.Sessions;

internal sealed record CreateSessionRequest(string? SessionId, string? AnswerKeyHash, long? ExpiresAt);

internal sealed record CreateSessionResponse(string SessionId, string OwnerKey, long ExpiresAt);

internal sealed record AnswerRequest(string? Box);

/// <summary>Either a box or <c>bye: true</c>.</summary>
internal sealed record SignalRequest(string? Box, bool? Bye);

internal sealed record SeqResponse(long Seq);

internal sealed record SessionClosedResponse(bool Success);

/// <summary>The <c>data:</c> of one event-stream event (spec §6.1).</summary>
internal sealed record SignalEvent(
    long Seq,
    string From,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Box);
