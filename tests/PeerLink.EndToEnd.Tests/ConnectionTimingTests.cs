using System.Globalization;
using PeerLink.EndToEnd.Tests.Infrastructure;

namespace PeerLink.EndToEnd.Tests;

/// <summary>
/// Repeated connections between the same two phones, for a timing distribution rather than single
/// samples (a report, not an assertion: the assertions are that every attempt opens on both sides).
/// </summary>
[Collection(StackGroup.Name)]
public sealed class ConnectionTimingTests(StackFixture stack, ITestOutputHelper output)
{
    private const int Rounds = 10;

    [Theory]
    [InlineData("default")]
    [InlineData("relay")]
    public async Task RepeatedInviteAndAccept_OpenEveryTime_AndReportTheirTiming(string privacy)
    {
        var server = await stack.RunningRendezvousAsync(output);
        await Scenario.RunAsync(output, $"timing-{privacy}", server, async s =>
        {
            var a = new SdkPage(await s.ChromiumAsync("A"), server.BaseUrl);
            var b = new SdkPage(await s.ChromiumAsync("B"), server.BaseUrl);
            var options = $"{{ privacy: '{privacy}', telemetry: false }}";
            await a.LoadAsync(options);
            await b.LoadAsync(options);

            var totals = new List<double>();
            var answerPosted = new List<double>();
            for (var round = 1; round <= Rounds; round++)
            {
                var invitation = await a.InviteAsync();
                await b.StartAcceptAsync(invitation.Token);
                Assert.Null(await b.WaitForAcceptAsync(PaymentFlow.ConnectTimeout));
                await a.WaitForStateAsync("CONNECTED", PaymentFlow.ConnectTimeout);
                await b.WaitForStateAsync("CONNECTED", PaymentFlow.ConnectTimeout);
                var offerer = await a.TransitionsAsync();
                var answerer = await b.TransitionsAsync();
                Assert.Equal(["IDLE", "CREATING_OFFER", "AWAITING_ANSWER", "CONNECTING", "CONNECTED"], offerer.States());
                Assert.Equal(["IDLE", "CONNECTING", "CONNECTED"], answerer.States());

                var start = answerer[0].At;
                var bothOpen = Math.Max(offerer[^1].At, answerer[^1].At);
                // When the answerer's POST /sessions/{id}/answer completed (resource timing, same clock).
                var posted = await b.Page.EvaluateAsync<double>("""
                    () => { const e = performance.getEntriesByType('resource').filter(r => r.name.endsWith('/answer')).at(-1);
                            return e ? performance.timeOrigin + e.responseEnd : NaN; }
                    """);
                totals.Add(bothOpen - start);
                answerPosted.Add(posted - start);
                if (round == 1)
                {
                    TimingReport.Record(s, $"sdk {privacy} chromium→chromium, first attempt (ICE servers fetched)", offerer, answerer);
                }

                await a.Page.EvaluateAsync("() => window.__e2e.connection.close('round done')");
                await b.WaitForStateAsync("CLOSED", PaymentFlow.StepTimeout);
                await b.Page.EvaluateAsync("() => { window.__e2e.accepted = undefined; performance.clearResourceTimings(); }");
            }

            var warm = totals.Skip(1).Order().ToList();
            var warmPosted = answerPosted.Skip(1).Order().ToList();
            s.Log(string.Create(CultureInfo.InvariantCulture,
                $"TIMING sdk {privacy} chromium→chromium, {warm.Count} warm attempts: token in hand → both open p50 {Percentile(warm, 50):F0} ms, " +
                $"p90 {Percentile(warm, 90):F0} ms, min {warm[0]:F0}, max {warm[^1]:F0}; of which answer posted p50 {Percentile(warmPosted, 50):F0} ms " +
                $"(all: {string.Join(" ", totals.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))})"));
        });
    }

    private static double Percentile(List<double> sorted, int p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
