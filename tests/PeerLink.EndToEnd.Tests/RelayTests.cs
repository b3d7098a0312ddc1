using PeerLink.EndToEnd.Tests.Infrastructure;

namespace PeerLink.EndToEnd.Tests;

/// <summary>Scenario 4: both phones relay-only through coturn with credentials minted by the rendezvous.</summary>
[Collection(StackGroup.Name)]
public sealed class RelayTests(StackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task RelayOnlyPrivacy_ConnectsThroughTurn_AndSelectsARelayRelayPair()
    {
        var server = await stack.RunningRendezvousAsync(output);
        await Scenario.RunAsync(output, "relay", server, async s =>
        {
            var receive = new DemoApp(await s.ChromiumAsync("A"), server.BaseUrl);
            var payPhone = await s.ChromiumAsync("B");
            await receive.OpenAsync("?privacy=relay");
            await receive.ChooseReceiveAsync();
            var link = await receive.ShowQrAsync();

            var pay = new DemoApp(payPhone, server.BaseUrl);
            var openedAt = PaymentFlow.NowMs();
            await pay.OpenLinkAsync(link, "?privacy=relay");
            await PaymentFlow.WaitConnectedAsync(s, "link relay-only (TURN) chromium→chromium", receive, pay, openedAt);

            var offerer = await receive.StatsAsync();
            var answerer = await pay.StatsAsync();
            s.Log($"selected pair: A {offerer}, B {answerer}");
            Assert.Equal(("relay", "relay"), (offerer.LocalCandidateType, offerer.RemoteCandidateType));
            Assert.Equal(("relay", "relay"), (answerer.LocalCandidateType, answerer.RemoteCandidateType));

            await PaymentFlow.AcceptAndAssertCompletedAsync(receive, pay);
        });
    }
}
