using PeerLink.EndToEnd.Tests.Infrastructure;

namespace PeerLink.EndToEnd.Tests;

/// <summary>Scenario 1: in person — A shows a QR, B's camera scans it, they exchange a payment.</summary>
[Collection(StackGroup.Name)]
public sealed class QrScanTests(StackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task QrScannedThroughTheCamera_ConnectsAndCompletesThePaymentExchange()
    {
        var server = await stack.RunningRendezvousAsync(output);
        await Scenario.RunAsync(output, "qr", server, async s =>
        {
            var receive = new DemoApp(await s.ChromiumAsync("A"), server.BaseUrl);
            await receive.OpenAsync();
            await receive.Phone.ScreenshotAsync("0-start.png");
            await receive.ChooseReceiveAsync();
            await receive.ShowQrAsync();
            await receive.WaitForStateAsync("AWAITING_ANSWER", PaymentFlow.StepTimeout);
            await receive.Phone.ScreenshotAsync("1-receive-qr.png");

            // B is launched only now: its camera is the picture of A's screen.
            var camera = await FakeCamera.FromQrAsync(s, receive.Page.GetByTestId("qr"));
            var pay = new DemoApp(await s.ChromiumAsync("B", camera), server.BaseUrl);
            await pay.OpenAsync();
            await pay.ChoosePayAsync();
            var scannedAt = PaymentFlow.NowMs();
            await pay.ScanAsync();

            await PaymentFlow.WaitConnectedAsync(s, "qr camera chromium→chromium", receive, pay, scannedAt);
            Assert.DoesNotContain("#", pay.Page.Url, StringComparison.Ordinal); // the token came through the camera
            await PaymentFlow.AcceptAndAssertCompletedAsync(receive, pay, screenshotPrefix: "");
        });
    }
}
