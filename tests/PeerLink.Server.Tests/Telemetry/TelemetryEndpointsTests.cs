using System.Net;
using PeerLink.Server.Tests.Infrastructure;

namespace PeerLink.Server.Tests.Telemetry;

[Collection(MetricsGroup.Name)]
public sealed class TelemetryEndpointsTests : IDisposable
{
    private readonly PeerLinkFactory _factory = new();
    private readonly HttpClient _client;

    public TelemetryEndpointsTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Telemetry_ValidReports_ShowInMetrics()
    {
        var connected = await _client.PostJsonAsync("/telemetry", new
        {
            outcome = "connected",
            method = "qr",
            role = "offerer",
            candidateType = "relay",
            timings = new { offer = 12, answer = 30, ice = 40, channel = 55, total = 80 },
            sdk = "0.1.0",
        });
        var failed = await _client.PostJsonAsync("/telemetry", new { outcome = "failed", method = "remote", role = "answerer", errorCode = "ICE_FAILED" });
        var direct = await _client.PostJsonAsync("/telemetry", new { outcome = "connected", method = "link", role = "answerer", candidateType = "host", timings = new { ice = 20 } });

        Assert.Equal(HttpStatusCode.Accepted, connected.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, failed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, direct.StatusCode);
        var metrics = await _client.GetStringAsync("/metrics");
        Assert.Contains("peerlink_connections_total{", metrics, StringComparison.Ordinal);
        Assert.Matches("peerlink_connections_total\\{[^}]*error_code=\"ICE_FAILED\"[^}]*outcome=\"failed\"", metrics);
        Assert.Matches("peerlink_candidates_selected_total\\{[^}]*path=\"relay\"[^}]*\\} 1", metrics);
        Assert.Matches("peerlink_candidates_selected_total\\{[^}]*path=\"direct\"[^}]*\\} 1", metrics);
        Assert.Contains("peerlink_ice_negotiation_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("peerlink_ice_negotiation_duration_seconds_count{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountPublishLookupSessionAndHttp()
    {
        var token = TestToken.Create(_factory.NowMs);
        await _client.PostJsonAsync("/publish", new { username = "metrics-shop", token = token.Text });
        await _client.GetAsync("/lookup?username=metrics-shop");
        await _client.GetAsync("/lookup?username=nobody-here");
        await _client.PostJsonAsync("/sessions", new { sessionId = token.SessionId, answerKeyHash = token.AnswerKeyHash, expiresAt = token.ExpiresAt });

        var metrics = await _client.GetStringAsync("/metrics");

        Assert.Matches("peerlink_publications_total\\{[^}]*outcome=\"created\"[^}]*\\} 1", metrics);
        Assert.Matches("peerlink_lookups_total\\{[^}]*result=\"found\"[^}]*\\} 1", metrics);
        Assert.Matches("peerlink_lookups_total\\{[^}]*result=\"not_found\"[^}]*\\} 1", metrics);
        Assert.Matches("peerlink_sessions_total\\{[^}]*event=\"created\"[^}]*\\} 1", metrics);
        Assert.Contains("http_server_request_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"outcome\":\"connected\",\"method\":\"qr\",\"role\":\"offerer\",\"ip\":\"192.168.1.2\"}")]
    [InlineData("{\"outcome\":\"connected\",\"method\":\"qr\",\"role\":\"offerer\",\"timings\":{\"ice\":40,\"address\":1}}")]
    [InlineData("{\"outcome\":\"won\",\"method\":\"qr\",\"role\":\"offerer\"}")]
    [InlineData("{\"method\":\"qr\",\"role\":\"offerer\"}")]
    [InlineData("{\"outcome\":\"connected\",\"method\":\"qr\",\"role\":\"offerer\",\"timings\":{\"ice\":-1}}")]
    [InlineData("{\"outcome\":\"connected\",\"method\":\"qr\",\"role\":\"offerer\",\"timings\":{\"ice\":600001}}")]
    [InlineData("{\"outcome\":\"connected\",\"method\":\"qr\",\"role\":\"offerer\",\"timings\":{\"ice\":1.5}}")]
    [InlineData("{\"outcome\":\"failed\",\"method\":\"qr\",\"role\":\"offerer\",\"errorCode\":\"SOMETHING\"}")]
    [InlineData("{\"outcome\":\"connected\",\"method\":\"qr\",\"role\":\"offerer\",\"candidateType\":\"10.0.0.1\"}")]
    [InlineData("{\"outcome\":\"connected\",\"method\":\"qr\",\"role\":\"offerer\",\"sdk\":\"<script>\"}")]
    [InlineData("{\"outcome\":1,\"method\":\"qr\",\"role\":\"offerer\"}")]
    [InlineData("{\"outcome\":")]
    [InlineData("[]")]
    public async Task Telemetry_WithInvalidReport_Returns400InvalidTelemetry(string body)
    {
        var response = await _client.SendAsync(Http.Raw(HttpMethod.Post, "/telemetry", body));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_telemetry");
    }
}
