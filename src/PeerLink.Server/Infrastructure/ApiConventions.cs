namespace PeerLink.Server.Infrastructure;

/// <summary>Problems any endpoint can answer without its handler running (rate limit, store
/// outage, body cap, content type), declared so the OpenAPI document lists them too.</summary>
internal static class ApiConventions
{
    public static RouteHandlerBuilder WithCommonProblems(this RouteHandlerBuilder builder, bool usesStore = true, bool hasJsonBody = false)
    {
        builder.ProducesProblem(StatusCodes.Status429TooManyRequests);
        if (usesStore)
        {
            builder.ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        }

        if (hasJsonBody)
        {
            builder.ProducesProblem(StatusCodes.Status413PayloadTooLarge);
            builder.ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        }

        return builder;
    }
}
