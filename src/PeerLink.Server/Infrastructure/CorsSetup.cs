using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace PeerLink.Server.Infrastructure;

/// <summary><c>PeerLink:Cors:Origins</c>: origins of web apps served elsewhere that call this
/// rendezvous. Empty (the default) means only the app served from here, which needs no CORS.</summary>
internal sealed class PeerLinkCorsOptions
{
    public const string Section = "PeerLink:Cors";

    public string[] Origins { get; set; } = [];
}

internal static class CorsSetup
{
    public static WebApplicationBuilder AddCorsFromConfiguration(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PeerLinkCorsOptions>()
            .Bind(builder.Configuration.GetSection(PeerLinkCorsOptions.Section))
            .Validate(o => o.Origins.All(IsOrigin), "PeerLink:Cors:Origins must be absolute http(s) origins without a path, or '*'.")
            .ValidateOnStart();
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<PeerLinkCorsOptions>>((options, cors) =>
            options.AddDefaultPolicy(policy =>
            {
                var origins = cors.Value.Origins;
                if (origins.Contains("*"))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins(origins);
                }

                policy.WithMethods("GET", "POST", "PATCH", "DELETE")
                    .WithHeaders("Authorization", "Content-Type", "Last-Event-ID")
                    .WithExposedHeaders("Retry-After", "Location")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
            }));
        return builder;
    }

    private static bool IsOrigin(string origin) =>
        origin == "*"
        || (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && uri.AbsolutePath == "/"
            && !origin.EndsWith('/'));
}
