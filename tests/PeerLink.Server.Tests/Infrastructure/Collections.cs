namespace PeerLink.Server.Tests.Infrastructure;

/// <summary>
/// OpenTelemetry listens to meters by name process-wide, so a server started by a parallel test
/// would add its counts to another server's /metrics. Tests that read exact counts run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsGroup
{
    public const string Name = "Metrics";
}
