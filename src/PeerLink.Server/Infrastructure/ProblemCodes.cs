namespace PeerLink.Server.Infrastructure;

/// <summary>The rendezvous problem codes of spec/protocol.md §8, in one place so every writer of a
/// problem uses the same strings.</summary>
internal static class ProblemCodes
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
    public const string InvalidTelemetry = "invalid_telemetry";
    public const string RateLimited = "rate_limited";
    public const string StoreUnavailable = "store_unavailable";
    public const string InternalError = "internal_error";

    /// <summary>The code for a problem produced by the framework (status code pages, binding
    /// failures), where only the status is known.</summary>
    public static string ForStatus(int status, Endpoint? endpoint) => status switch
    {
        StatusCodes.Status400BadRequest => endpoint?.Metadata.GetMetadata<InvalidBodyCode>()?.Code ?? InvalidRequest,
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status413PayloadTooLarge => BodyTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status503ServiceUnavailable => StoreUnavailable,
        >= 500 => InternalError,
        _ => InvalidRequest,
    };
}

/// <summary>Endpoint metadata: the code a 400 for an unreadable body gets on this endpoint
/// (telemetry answers <c>invalid_telemetry</c> for every shape error, spec §6).</summary>
internal sealed record InvalidBodyCode(string Code);
