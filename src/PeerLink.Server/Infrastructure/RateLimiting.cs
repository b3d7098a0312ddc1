using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PeerLink.Protocol;

namespace PeerLink.Server.Infrastructure;

/// <summary><c>PeerLink:RateLimits</c>: a fixed window per client address. The defaults let a busy
/// shop (many phones behind one NAT address) through while stopping a script.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "PeerLink:RateLimits";

    [Range(1, 1_000_000)]
    public int PermitsPerWindow { get; set; } = 120;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);
}

internal static class RateLimiting
{
    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            var permits = limits.Value.PermitsPerWindow;
            var window = limits.Value.Window;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Keyed by the address itself, not its text: formatting it on every request was a
            // measurable share of a lookup's cost (docs/benchmarks.md, "Rendezvous load").
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, IPAddress>(context =>
                RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress ?? IPAddress.None,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = Problems.Create(
                        StatusCodes.Status429TooManyRequests,
                        ProblemCodes.RateLimited,
                        $"Too many requests from this address; retry after {seconds} s."),
                });
            };
        });
        return builder;
    }
}
