using PeerLink.EndToEnd.Tests.Infrastructure;

namespace PeerLink.EndToEnd.Tests;

/// <summary>Scenario 7: a connection left idle past the configured inactivity period closes itself on both sides.</summary>
[Collection(StackGroup.Name)]
public sealed class InactivityTests(StackFixture stack, ITestOutputHelper output)
{
    private const int InactivityMs = 3000;

    [Fact]
    public async Task ConnectionIdlePastTheInactivityPeriod_ClosesItselfOnBothSides()
    {
        var server = await stack.RunningRendezvousAsync(output);
        await Scenario.RunAsync(output, "inactivity", server, async s =>
        {
            var receive = new DemoApp(await s.ChromiumAsync("A"), server.BaseUrl);
            var payPhone = await s.ChromiumAsync("B");
            await receive.OpenAsync($"?inactivity={InactivityMs}");
            await receive.ChooseReceiveAsync();
            var link = await receive.ShowQrAsync();
            var pay = new DemoApp(payPhone, server.BaseUrl);
            await pay.OpenLinkAsync(link, $"?inactivity={InactivityMs}");
            await PaymentFlow.WaitConnectedAsync(s, "link (inactivity test)", receive, pay);

            // The payer never answers the request: nothing more is sent by either app.
            var limit = TimeSpan.FromMilliseconds(InactivityMs) + TimeSpan.FromSeconds(8);
            await receive.WaitForStateAsync("CLOSED", limit);
            await pay.WaitForStateAsync("CLOSED", limit);

            // Each side runs its own inactivity timer; whichever fires first closes the channel,
            // and the other side may see that close just before its own timer fires.
            var idleClosers = 0;
            foreach (var (app, expected) in new[] { (receive, PaymentFlow.OffererStates), (pay, PaymentFlow.AnswererStates) })
            {
                Assert.Equal(expected, await app.StatesAsync());
                var transitions = await app.TransitionsAsync();
                var connected = transitions.First(t => t.To == "CONNECTED").At;
                var closed = transitions[^1];
                var error = await app.WaitForErrorAsync(PaymentFlow.StepTimeout);
                s.Log($"{app.Phone.Name}: closed {closed.At - connected:F0} ms after CONNECTED, reason '{closed.Reason}', shown as {error}");
                Assert.Equal("CLOSED", closed.To);
                // The payment_request and its receipt are the last activity, after CONNECTED.
                Assert.True(closed.At - connected >= InactivityMs - 50,
                    $"{app.Phone.Name} closed {closed.At - connected:F0} ms after CONNECTED, before the {InactivityMs} ms inactivity period");
                if (closed.Reason == "inactive")
                {
                    idleClosers++;
                    Assert.Equal(new PageError("TIMEOUT", "inactivity"), error);
                }
                else
                {
                    Assert.Equal("remote_closed", closed.Reason);
                }
            }

            Assert.True(idleClosers > 0, "neither side closed for inactivity");
        });
    }
}
