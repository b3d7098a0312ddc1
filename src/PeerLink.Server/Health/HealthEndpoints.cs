using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using PeerLink.Server.Infrastructure;
using PeerLink.Server.Storage;

namespace PeerLink.Server.Health;

internal sealed record HealthResponse(string Status, string Store, string Version);

internal static class HealthEndpoints
{
    // A health probe that hangs is worse than one that says "unhealthy".
    private static readonly TimeSpan StoreCheckTimeout = TimeSpan.FromSeconds(2);

    private static readonly string Version =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth)
            .WithName("Health").WithTags("Health").WithCommonProblems(usesStore: false)
            .WithSummary("Liveness and readiness, including the store.")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> GetHealth(
        IRendezvousStore store,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-store";
        StoreHealth health;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StoreCheckTimeout);
        try
        {
            // WaitAsync bounds the wait even for a store call that does not honour cancellation.
            var check = store.CheckHealthAsync(timeout.Token);
            _ = check.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            health = await check.WaitAsync(timeout.Token);
        }
        catch (Exception e) when (e is StoreUnavailableException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            health = new StoreHealth(false, "unknown");
        }

        return health.Healthy
            ? TypedResults.Ok(new HealthResponse("healthy", health.Provider, Version))
            : TypedResults.Json(new HealthResponse("unhealthy", health.Provider, Version), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
