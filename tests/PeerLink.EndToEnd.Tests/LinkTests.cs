using PeerLink.EndToEnd.Tests.Infrastructure;

namespace PeerLink.EndToEnd.Tests;

/// <summary>Scenario 2: B opens A's token link instead of scanning.</summary>
[Collection(StackGroup.Name)]
public sealed class LinkTests(StackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task TokenLinkOpenedOnThePayer_ConnectsAndCompletesThePaymentExchange()
    {
        var server = await stack.RunningRendezvousAsync(output);
        await Scenario.RunAsync(output, "link", server, async s =>
        {
            var receive = new DemoApp(await s.ChromiumAsync("A"), server.BaseUrl);
            var payPhone = await s.ChromiumAsync("B");
            await receive.OpenAsync();
            await receive.ChooseReceiveAsync();
            var link = await receive.ShowQrAsync();
            Assert.StartsWith($"{server.BaseUrl}/#", link, StringComparison.Ordinal);

            var pay = new DemoApp(payPhone, server.BaseUrl);
            var openedAt = PaymentFlow.NowMs();
            await pay.OpenLinkAsync(link);
            await PaymentFlow.WaitConnectedAsync(s, "link chromium→chromium", receive, pay, openedAt);
            await PaymentFlow.AcceptAndAssertCompletedAsync(receive, pay);
        });
    }
}
