using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using PeerLink.Protocol;
using PeerLink.Server.Storage;

namespace PeerLink.Server.Infrastructure;

/// <summary>
/// Every error leaves as problem+json with a <c>code</c>: handlers return expected failures; this
/// turns the rest (binding failures, store outages, bugs, unmatched routes) into problems too.
/// </summary>
internal static partial class ProblemHandling
{
    public static WebApplicationBuilder AddProblemHandling(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (!problem.Extensions.ContainsKey("code"))
            {
                problem.Extensions["code"] = ProblemStatus.CodeFor(status, context.HttpContext.GetEndpoint());
            }

            // The framework's own 404/405/415 bodies carry no explanation; a client author wants one.
            problem.Detail ??= status switch
            {
                StatusCodes.Status404NotFound => "There is nothing at this address.",
                StatusCodes.Status405MethodNotAllowed => "This address does not accept that method.",
                StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as 'Content-Type: application/json'.",
                _ => null,
            };
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

        // Binding failures throw (instead of a silent empty 400) so they reach the handler below
        // and leave with a code.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseProblemHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
            {
                // The client went away; there is nobody to answer.
                return true;
            }

            // The middleware clears the endpoint before calling handlers; the feature keeps it.
            var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
            var (status, code, detail) = exception switch
            {
                StoreUnavailableException => (StatusCodes.Status503ServiceUnavailable, ProblemCodes.StoreUnavailable, "The store is unavailable; try again shortly."),
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, ProblemCodes.BodyTooLarge, "The request body is larger than this endpoint accepts."),
                BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => (StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType, "Send the body as 'Content-Type: application/json'."),
                BadHttpRequestException { InnerException: JsonException json } => (StatusCodes.Status400BadRequest, ProblemStatus.CodeFor(400, endpoint), DescribeJsonError(json)),
                BadHttpRequestException => (StatusCodes.Status400BadRequest, ProblemStatus.CodeFor(400, endpoint), "The request is malformed or its body is missing."),
                JsonException json => (StatusCodes.Status400BadRequest, ProblemStatus.CodeFor(400, endpoint), DescribeJsonError(json)),
                _ => (StatusCodes.Status500InternalServerError, ProblemCodes.InternalError, "An unexpected error occurred."),
            };

            if (status == StatusCodes.Status500InternalServerError)
            {
                LogUnhandled(logger, exception.GetType().Name, exception);
            }
            else if (status == StatusCodes.Status503ServiceUnavailable)
            {
                LogStoreUnavailable(logger, exception.GetType().Name);
                httpContext.Response.Headers.RetryAfter = "5";
            }

            httpContext.Response.StatusCode = status;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = Problems.Create(status, code, detail),
                Exception = exception,
            });
        }

        // The path names the member (never its value), which is what a client author needs.
        private static string DescribeJsonError(JsonException exception) =>
            string.IsNullOrEmpty(exception.Path)
                ? "The body is not valid JSON for this endpoint."
                : $"The body is not valid JSON for this endpoint (at {exception.Path}).";

        [LoggerMessage(1, LogLevel.Error, "Unhandled {ExceptionType} while serving a request")]
        private static partial void LogUnhandled(ILogger logger, string exceptionType, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "The store is unavailable ({ExceptionType}); answering 503")]
        private static partial void LogStoreUnavailable(ILogger logger, string exceptionType);
    }
}
