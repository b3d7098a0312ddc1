using Microsoft.AspNetCore.Http.HttpResults;
using OpenTelemetry.Metrics;
using PeerLink.Protocol;
using PeerLink.Server.Infrastructure;

namespace PeerLink.Server.Telemetry;

internal static class TelemetryEndpoints
{
    private const int MaxTimingMs = 600_000;

    private static readonly string[] Outcomes = ["connected", "failed", "cancelled"];
    private static readonly string[] Methods = ["qr", "link", "remote"];
    private static readonly string[] Roles = ["offerer", "answerer"];
    private static readonly string[] CandidateTypes = ["host", "srflx", "prflx", "relay"];
    private static readonly string[] ErrorCodes =
    [
        "BOOTSTRAP_GENERATION_FAILED", "BOOTSTRAP_PARSE_FAILED", "CONNECTION_FAILED", "ICE_FAILED",
        "DATA_CHANNEL_FAILED", "MESSAGE_SEND_FAILED", "TIMEOUT", "REMOTE_SERVICE_ERROR",
    ];

    // Seconds; WebRTC set-up lives between a few ms (loopback) and tens of seconds (TURN fallback).
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public static WebApplicationBuilder AddMetricsAndTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PeerLinkMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PeerLinkMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddView(PeerLinkMetrics.IceDurationName, new ExplicitBucketHistogramConfiguration { Boundaries = DurationBuckets })
            .AddView(PeerLinkMetrics.SetupDurationName, new ExplicitBucketHistogramConfiguration { Boundaries = DurationBuckets })
            .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    public static IEndpointRouteBuilder MapTelemetry(this IEndpointRouteBuilder app)
    {
        app.MapPost("/telemetry", Report)
            .WithName("ReportTelemetry").WithTags("Telemetry").WithBodyLimit(BodyLimits.Large)
            .WithCommonProblems(usesStore: false, hasJsonBody: true)
            .WithMetadata(new InvalidBodyCode(ProblemCodes.InvalidTelemetry))
            .WithSummary("Report one connection attempt's outcome and phase timings (no addresses).");
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static Results<Accepted, BadRequestProblem> Report(TelemetryReport report, PeerLinkMetrics metrics)
    {
        var problem = Validate(report);
        if (problem is not null)
        {
            return new BadRequestProblem(ProblemCodes.InvalidTelemetry, problem);
        }

        metrics.Report(report);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>The first problem, naming the member, or null.</summary>
    internal static string? Validate(TelemetryReport report)
    {
        if (!OneOf(report.Outcome, Outcomes, required: true))
        {
            return "'outcome' is one of connected, failed, cancelled.";
        }

        if (!OneOf(report.Method, Methods, required: true))
        {
            return "'method' is one of qr, link, remote.";
        }

        if (!OneOf(report.Role, Roles, required: true))
        {
            return "'role' is one of offerer, answerer.";
        }

        if (!OneOf(report.ErrorCode, ErrorCodes, required: false))
        {
            return "'errorCode' is one of the SDK error codes (spec §8).";
        }

        if (!OneOf(report.CandidateType, CandidateTypes, required: false))
        {
            return "'candidateType' is one of host, srflx, prflx, relay.";
        }

        if (report.Timings is { } t)
        {
            foreach (var (name, value) in new[] { ("offer", t.Offer), ("answer", t.Answer), ("ice", t.Ice), ("channel", t.Channel), ("total", t.Total) })
            {
                if (value is < 0 or > MaxTimingMs)
                {
                    return $"'timings.{name}' is an integer 0–{MaxTimingMs} ms.";
                }
            }
        }

        if (report.Sdk is { } sdk && (sdk.Length is 0 or > 32 || !sdk.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+')))
        {
            return "'sdk' is a version string of at most 32 characters.";
        }

        return null;
    }

    private static bool OneOf(string? value, string[] allowed, bool required) =>
        value is null ? !required : allowed.Contains(value, StringComparer.Ordinal);
}
