using System.Diagnostics.Metrics;

namespace PeerLink.Server.Telemetry;

/// <summary>
/// The service's own instruments. Connection outcomes and timings come from clients (only they
/// see ICE); publish/lookup/session counts from the endpoints. Tags are small closed sets, so the
/// Prometheus series stay bounded.
/// </summary>
internal sealed class PeerLinkMetrics
{
    public const string MeterName = "PeerLink.Server";
    public const string IceDurationName = "peerlink.ice.negotiation.duration";
    public const string SetupDurationName = "peerlink.connection.setup.duration";

    private readonly Counter<long> _connections;
    private readonly Histogram<double> _iceDuration;
    private readonly Histogram<double> _setupDuration;
    private readonly Counter<long> _selectedCandidates;
    private readonly Counter<long> _publications;
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _sessions;
    private readonly Counter<long> _signals;

    public PeerLinkMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _connections = meter.CreateCounter<long>("peerlink.connections", "{attempt}", "Connection attempts reported by clients, by outcome, bootstrap method and role.");
        _iceDuration = meter.CreateHistogram<double>(IceDurationName, "s", "ICE negotiation time reported by clients.");
        _setupDuration = meter.CreateHistogram<double>(SetupDurationName, "s", "Token in hand to channel open, reported by clients.");
        _selectedCandidates = meter.CreateCounter<long>("peerlink.candidates.selected", "{connection}", "Selected local candidate type of connected attempts; path=relay vs direct gives the relay ratio.");
        _publications = meter.CreateCounter<long>("peerlink.publications", "{request}", "POST /publish outcomes.");
        _lookups = meter.CreateCounter<long>("peerlink.lookups", "{request}", "GET /lookup results.");
        _sessions = meter.CreateCounter<long>("peerlink.sessions", "{event}", "Session mailbox events (created, answered, closed, mailbox_full).");
        _signals = meter.CreateCounter<long>("peerlink.signals", "{signal}", "Signals posted to session mailboxes, by sender and kind.");
    }

    public void Published(string outcome) => _publications.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void LookedUp(bool found) => _lookups.Add(1, new KeyValuePair<string, object?>("result", found ? "found" : "not_found"));

    public void Session(string @event) => _sessions.Add(1, new KeyValuePair<string, object?>("event", @event));

    public void Signal(string from, string kind) =>
        _signals.Add(1, new KeyValuePair<string, object?>("from", from), new KeyValuePair<string, object?>("kind", kind));

    public void Report(TelemetryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var outcome = new KeyValuePair<string, object?>("outcome", report.Outcome);
        var method = new KeyValuePair<string, object?>("method", report.Method);
        var role = new KeyValuePair<string, object?>("role", report.Role);
        var error = new KeyValuePair<string, object?>("error_code", report.ErrorCode ?? "none");
        _connections.Add(1, outcome, method, role, error);

        if (report.Timings?.Ice is { } ice)
        {
            _iceDuration.Record(ice / 1000.0, outcome, method, role);
        }

        if (report.Timings?.Total is { } total)
        {
            _setupDuration.Record(total / 1000.0, outcome, method, role);
        }

        if (report.Outcome == "connected" && report.CandidateType is { } type)
        {
            _selectedCandidates.Add(
                1,
                new KeyValuePair<string, object?>("candidate_type", type),
                new KeyValuePair<string, object?>("path", type == "relay" ? "relay" : "direct"));
        }
    }
}
