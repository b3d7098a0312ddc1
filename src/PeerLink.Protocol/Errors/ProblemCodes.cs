namespace PeerLink.Protocol;

/// <summary>The stable <c>code</c> of every rendezvous problem response (spec §6, §8).</summary>
public static class ProblemCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string BodyTooLarge = "body_too_large";
    public const string InvalidHandle = "invalid_handle";
    public const string InvalidTtl = "invalid_ttl";
    public const string InvalidToken = "invalid_token";
    public const string HandleTaken = "handle_taken";
    public const string NotFound = "not_found";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string SessionExists = "session_exists";
    public const string SessionNotFound = "session_not_found";
    public const string SessionAnswered = "session_answered";
    public const string NotAnswered = "not_answered";
    public const string MailboxFull = "mailbox_full";
    public const string InvalidTelemetry = "invalid_telemetry";
    public const string RateLimited = "rate_limited";
    public const string StoreUnavailable = "store_unavailable";
    public const string InternalError = "internal_error";

    public static IReadOnlyList<string> All { get; } =
    [
        InvalidRequest, UnsupportedMediaType, BodyTooLarge, InvalidHandle, InvalidTtl, InvalidToken,
        HandleTaken, NotFound, Unauthorized, Forbidden, SessionExists, SessionNotFound, SessionAnswered,
        NotAnswered, MailboxFull, InvalidTelemetry, RateLimited, StoreUnavailable, InternalError,
    ];
}
