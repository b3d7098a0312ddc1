namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>The demo app's payment exchange, asserted the same way in every user-flow scenario.</summary>
internal static class PaymentFlow
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(15);

    public static readonly string[] OffererStates = ["IDLE", "CREATING_OFFER", "AWAITING_ANSWER", "CONNECTING", "CONNECTED", "CLOSED"];
    public static readonly string[] AnswererStates = ["IDLE", "CONNECTING", "CONNECTED", "CLOSED"];

    private static readonly Exchanged[] ReceiveLog =
        [new("out", "payment_request"), new("in", "payment_response"), new("out", "payment_acknowledgment")];

    private static readonly Exchanged[] PayLog =
        [new("in", "payment_request"), new("out", "payment_response"), new("in", "payment_acknowledgment")];

    private static readonly Exchanged[] ReceiveDeclinedLog = [new("out", "payment_request"), new("in", "payment_response")];

    private static readonly Exchanged[] PayDeclinedLog = [new("in", "payment_request"), new("out", "payment_response")];

    /// <summary>Waits for both channels (the request reaching Pay) and reports the timing.</summary>
    public static async Task WaitConnectedAsync(Scenario s, string label, DemoApp receive, DemoApp pay, double? userActionAt = null)
    {
        await pay.WaitForRequestAsync(ConnectTimeout);
        await receive.WaitForStateAsync("CONNECTED", StepTimeout);
        TimingReport.Record(s, label, await receive.TransitionsAsync(), await pay.TransitionsAsync(), userActionAt);
    }

    /// <summary>Pay accepts; both show "completed", record exactly the three payment messages and close cleanly.</summary>
    public static async Task AcceptAndAssertCompletedAsync(DemoApp receive, DemoApp pay, string? screenshotPrefix = null)
    {
        if (screenshotPrefix is not null)
        {
            await pay.Phone.ScreenshotAsync($"{screenshotPrefix}2-pay-request.png");
        }

        await pay.AcceptAsync();
        Assert.Equal("completed", await receive.WaitForOutcomeAsync(StepTimeout));
        Assert.Equal("completed", await pay.WaitForOutcomeAsync(StepTimeout));
        await AssertClosedCleanlyAsync(receive, pay, OffererStates);

        Assert.Equal(ReceiveLog, await receive.PaymentHistoryAsync());
        Assert.Equal(PayLog, await pay.PaymentHistoryAsync());
        Assert.Equal(ReceiveLog, await receive.ScreenLogAsync());
        Assert.Equal(PayLog, await pay.ScreenLogAsync());

        if (screenshotPrefix is not null)
        {
            await receive.Phone.ScreenshotAsync($"{screenshotPrefix}3-receive-completed.png");
            await pay.Phone.ScreenshotAsync($"{screenshotPrefix}4-pay-completed.png");
        }
    }

    /// <summary>Pay declines; both show "declined", with the request and the response only.</summary>
    public static async Task DeclineAndAssertDeclinedAsync(DemoApp receive, DemoApp pay, string[] offererStates, string? screenshot = null)
    {
        await pay.DeclineAsync();
        Assert.Equal("declined", await receive.WaitForOutcomeAsync(StepTimeout));
        Assert.Equal("declined", await pay.WaitForOutcomeAsync(StepTimeout));
        await AssertClosedCleanlyAsync(receive, pay, offererStates);
        Assert.Equal(ReceiveDeclinedLog, await receive.PaymentHistoryAsync());
        Assert.Equal(PayDeclinedLog, await pay.PaymentHistoryAsync());
        if (screenshot is not null)
        {
            await pay.Phone.ScreenshotAsync(screenshot);
        }
    }

    private static async Task AssertClosedCleanlyAsync(DemoApp receive, DemoApp pay, string[] offererStates)
    {
        await receive.WaitForStateAsync("CLOSED", StepTimeout);
        await pay.WaitForStateAsync("CLOSED", StepTimeout);
        Assert.Equal(offererStates, await receive.StatesAsync());
        Assert.Equal(AnswererStates, await pay.StatesAsync());
        Assert.Equal("CLOSED", (await receive.TransitionsAsync())[^1].To);
        Assert.Equal("CLOSED", (await pay.TransitionsAsync())[^1].To);
        Assert.Equal("none", await receive.Page.GetByTestId("error").EvaluateAsync<string>(
            "e => e.dataset.code ? e.dataset.code + ' ' + e.dataset.reason : 'none'"));
        Assert.Equal("none", await pay.Page.GetByTestId("error").EvaluateAsync<string>(
            "e => e.dataset.code ? e.dataset.code + ' ' + e.dataset.reason : 'none'"));
    }

    public static double NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
