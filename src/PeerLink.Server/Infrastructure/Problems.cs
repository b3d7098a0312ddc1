using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using PeerLink.Protocol;

namespace PeerLink.Server.Infrastructure;

internal static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ProblemDetails Create(int status, string code, string detail, string? reason = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = ReasonPhrases.GetReasonPhrase(status),
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        if (reason is not null)
        {
            problem.Extensions["reason"] = reason;
        }

        return problem;
    }
}

/// <summary>
/// A problem+json result of one fixed status. One type per status (rather than
/// <see cref="Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult"/> for all) so a handler's
/// <c>Results&lt;…&gt;</c> signature lists every status it can answer and OpenAPI shows each.
/// </summary>
internal abstract class ProblemResult : IResult, IStatusCodeHttpResult, IValueHttpResult<ProblemDetails>, IValueHttpResult, IContentTypeHttpResult
{
    private protected ProblemResult(int status, string code, string detail, string? reason) =>
        Value = Problems.Create(status, code, detail, reason);

    public ProblemDetails Value { get; }

    object? IValueHttpResult.Value => Value;

    public int StatusCode => Value.Status ?? StatusCodes.Status500InternalServerError;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => Problems.ContentType;

    public string Code => (string)Value.Extensions["code"]!;

    // Written through IProblemDetailsService, like every other problem of the service.
    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(Value).ExecuteAsync(httpContext);

    private protected static void AddMetadata(int status, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [Problems.ContentType]));
    }
}

internal sealed class BadRequestProblem(string code, string detail, string? reason = null)
    : ProblemResult(StatusCodes.Status400BadRequest, code, detail, reason), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddMetadata(StatusCodes.Status400BadRequest, builder);
}

internal sealed class UnauthorizedProblem()
    : ProblemResult(StatusCodes.Status401Unauthorized, ProblemCodes.Unauthorized, "Send the key as 'Authorization: Bearer <key>'.", null), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddMetadata(StatusCodes.Status401Unauthorized, builder);
}

internal sealed class ForbiddenProblem()
    : ProblemResult(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "The key does not grant access to this resource.", null), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddMetadata(StatusCodes.Status403Forbidden, builder);
}

internal sealed class NotFoundProblem(string code, string detail)
    : ProblemResult(StatusCodes.Status404NotFound, code, detail, null), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddMetadata(StatusCodes.Status404NotFound, builder);
}

internal sealed class ConflictProblem(string code, string detail)
    : ProblemResult(StatusCodes.Status409Conflict, code, detail, null), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddMetadata(StatusCodes.Status409Conflict, builder);
}
