using PeerLink.Protocol;

namespace PeerLink.Server.Infrastructure;

/// <summary>Codes (<see cref="ProblemCodes"/>, spec §8) for problems the framework produces
/// (status code pages, binding failures), where only the status is known.</summary>
internal static class ProblemStatus
{
    public static string CodeFor(int status, Endpoint? endpoint) => status switch
    {
        StatusCodes.Status400BadRequest => endpoint?.Metadata.GetMetadata<InvalidBodyCode>()?.Code ?? ProblemCodes.InvalidRequest,
        StatusCodes.Status401Unauthorized => ProblemCodes.Unauthorized,
        StatusCodes.Status403Forbidden => ProblemCodes.Forbidden,
        StatusCodes.Status404NotFound => ProblemCodes.NotFound,
        StatusCodes.Status413PayloadTooLarge => ProblemCodes.BodyTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ProblemCodes.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ProblemCodes.RateLimited,
        StatusCodes.Status503ServiceUnavailable => ProblemCodes.StoreUnavailable,
        >= 500 => ProblemCodes.InternalError,
        _ => ProblemCodes.InvalidRequest,
    };
}

/// <summary>Endpoint metadata: the code a 400 for an unreadable body gets on this endpoint
/// (telemetry answers <c>invalid_telemetry</c> for every shape error, spec §6).</summary>
internal sealed record InvalidBodyCode(string Code);
