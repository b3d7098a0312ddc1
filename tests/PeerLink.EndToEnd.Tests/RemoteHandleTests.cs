using System.Net;
using System.Text.Json;
using PeerLink.EndToEnd.Tests.Infrastructure;

namespace PeerLink.EndToEnd.Tests;

/// <summary>Scenario 3: A publishes a handle; payers look it up and connect; a used token stops resolving.</summary>
[Collection(StackGroup.Name)]
public sealed class RemoteHandleTests(StackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task PublishedHandle_ConnectsOnePayer_StopsResolvingToTheUsedToken_AndRepublishesForTheNext()
    {
        var server = await stack.RunningRendezvousAsync(output);
        var handle = $"shop-{Guid.NewGuid().ToString("N")[..8]}";
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        await Scenario.RunAsync(output, "remote", server, async s =>
        {
            var receive = new DemoApp(await s.ChromiumAsync("A"), server.BaseUrl);
            var payPhone = await s.ChromiumAsync("B");
            await receive.OpenAsync();
            await receive.ChooseReceiveAsync();
            await receive.PublishAsync(handle);
            await receive.WaitForStateAsync("AWAITING_ANSWER", PaymentFlow.StepTimeout);
            var firstToken = await LookupTokenAsync(http, handle)
                ?? throw new Xunit.Sdk.XunitException($"@{handle} does not resolve after publishing.");
            await receive.Phone.ScreenshotAsync("5-receive-published.png");

            var pay = new DemoApp(payPhone, server.BaseUrl);
            await pay.OpenAsync();
            await pay.ChoosePayAsync();
            var lookedUpAt = PaymentFlow.NowMs();
            await pay.LookupAsync($"@{handle}");
            await PaymentFlow.WaitConnectedAsync(s, "remote handle chromium→chromium", receive, pay, lookedUpAt);
            await PaymentFlow.AcceptAndAssertCompletedAsync(receive, pay);

            // Single use: the handle never again resolves to the answered token.
            var after = await LookupTokenAsync(http, handle);
            s.Log(after is null ? $"@{handle} → 404 after use" : $"@{handle} → a new token after use (republished)");
            Assert.NotEqual(firstToken, after);

            // With republish on, the same handle serves the next payer (who declines, this time).
            var secondToken = await WaitForLookupAsync(http, handle, firstToken);
            Assert.NotEqual(firstToken, secondToken);
            var second = new DemoApp(await s.ChromiumAsync("C"), server.BaseUrl);
            await second.OpenAsync();
            await second.ChoosePayAsync();
            lookedUpAt = PaymentFlow.NowMs();
            await second.LookupAsync(handle);
            await second.WaitForRequestAsync(PaymentFlow.ConnectTimeout);
            await receive.WaitForStateAsync("CONNECTED", PaymentFlow.StepTimeout);
            TimingReport.Record(s, "remote handle, republished offer", await receive.TransitionsAsync(), await second.TransitionsAsync(), lookedUpAt);
            await PaymentFlow.DeclineAndAssertDeclinedAsync(receive, second, PaymentFlow.OffererStates, screenshot: "7-pay-declined.png");
        });
    }

    private static async Task<string?> LookupTokenAsync(HttpClient http, string handle)
    {
        using var response = await http.GetAsync(new Uri($"/lookup?username={handle}", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString();
    }

    private static async Task<string> WaitForLookupAsync(HttpClient http, string handle, string notThis)
    {
        var deadline = DateTime.UtcNow + PaymentFlow.StepTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await LookupTokenAsync(http, handle) is { } token && token != notThis)
            {
                return token;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"@{handle} was not republished with a fresh token within {PaymentFlow.StepTimeout.TotalSeconds} s.");
    }
}
