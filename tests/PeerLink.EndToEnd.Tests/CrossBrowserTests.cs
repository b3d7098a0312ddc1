using PeerLink.EndToEnd.Tests.Infrastructure;

namespace PeerLink.EndToEnd.Tests;

/// <summary>Scenario 5: Chromium and Firefox (ESR) phones, each showing the code in turn.</summary>
[Collection(StackGroup.Name)]
public sealed class CrossBrowserTests(StackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task ChromiumShowsTheCode_FirefoxOpensTheLink_PaymentCompletes()
    {
        var server = await stack.RunningRendezvousAsync(output);
        await Scenario.RunAsync(output, "chromium→firefox", server, async s =>
        {
            var receive = new DemoApp(await s.ChromiumAsync("A"), server.BaseUrl);
            var payPhone = await s.FirefoxAsync("B");
            await receive.OpenAsync();
            await receive.ChooseReceiveAsync();
            var link = await receive.ShowQrAsync();

            // Firefox has no file-backed fake camera, so this payer opens the link.
            var pay = new DemoApp(payPhone, server.BaseUrl);
            var openedAt = PaymentFlow.NowMs();
            await pay.OpenLinkAsync(link);
            await PaymentFlow.WaitConnectedAsync(s, "link chromium→firefox", receive, pay, openedAt);
            await PaymentFlow.AcceptAndAssertCompletedAsync(receive, pay);
        });
    }

    [Fact]
    public async Task FirefoxShowsTheCode_ChromiumScansIt_PaymentCompletes()
    {
        var server = await stack.RunningRendezvousAsync(output);
        await Scenario.RunAsync(output, "firefox→chromium", server, async s =>
        {
            var receive = new DemoApp(await s.FirefoxAsync("A"), server.BaseUrl);
            await receive.OpenAsync();
            await receive.ChooseReceiveAsync();
            await receive.ShowQrAsync();
            await receive.WaitForStateAsync("AWAITING_ANSWER", PaymentFlow.StepTimeout);

            var camera = await FakeCamera.FromQrAsync(s, receive.Page.GetByTestId("qr"));
            var pay = new DemoApp(await s.ChromiumAsync("B", camera), server.BaseUrl);
            await pay.OpenAsync();
            await pay.ChoosePayAsync();
            var scannedAt = PaymentFlow.NowMs();
            await pay.ScanAsync();
            await PaymentFlow.WaitConnectedAsync(s, "qr camera firefox→chromium", receive, pay, scannedAt);
            await PaymentFlow.AcceptAndAssertCompletedAsync(receive, pay);
        });
    }
}
