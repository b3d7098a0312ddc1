using System.Text.Json.Serialization;

namespace PeerLink.Server.Telemetry;

/// <summary>One connection attempt as a client saw it (spec §6.2). Unknown members are refused so
/// an address or a payload cannot ride along.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record TelemetryReport(
    string? Outcome,
    string? Method,
    string? Role,
    string? ErrorCode,
    string? CandidateType,
    TelemetryTimings? Timings,
    string? Sdk);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record TelemetryTimings(long? Offer, long? Answer, long? Ice, long? Channel, long? Total);
