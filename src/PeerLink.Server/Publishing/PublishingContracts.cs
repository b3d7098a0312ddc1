namespace PeerLink.Server.Publishing;

/// <summary>Members are nullable so a missing one is reported by name (400 invalid_request)
/// instead of binding to a default.</summary>
internal sealed record PublishRequest(string? Username, string? Token, long? Ttl);

internal sealed record PublishResponse(string TokenId, string Username, long PublishedAt, long ExpiresAt, string OwnerKey);

internal sealed record ExtendRequest(string? Username, long? Ttl);

internal sealed record ExtendResponse(bool Success, long ExpiresAt);

internal sealed record WithdrawResponse(bool Success);

internal sealed record LookupResponse(string Token, string Username, string TokenId, long PublishedAt, long ExpiresAt);
