using System.Text.Json;

namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>The demo app on one phone, driven through its data-testids (docs/sdk-contract.md).</summary>
internal sealed class DemoApp(Phone phone, string baseUrl)
{
    private const string Demo = "window.peerlinkDemo";

    public Phone Phone => phone;

    public IPage Page => phone.Page;

    /// <summary>Opens the start screen; <paramref name="query"/> like <c>?privacy=relay</c>.</summary>
    public async Task OpenAsync(string query = "")
    {
        await Page.GotoAsync($"{baseUrl}/{query}");
        await WaitForAppAsync();
    }

    /// <summary>Opens a token link (<c>…/#token</c>), adding <paramref name="query"/> before the fragment.</summary>
    public async Task OpenLinkAsync(string link, string query = "")
    {
        var hash = link.IndexOf('#', StringComparison.Ordinal);
        Assert.True(hash > 0, $"not a token link: {link}");
        var url = link[..hash].TrimEnd('/') + "/" + query + link[hash..];
        await Page.GotoAsync(url);
        await WaitForAppAsync();
    }

    public Task ChooseReceiveAsync() => Page.GetByTestId("role-receive").ClickAsync();

    public Task ChoosePayAsync() => Page.GetByTestId("role-pay").ClickAsync();

    /// <summary>Receive: shows the QR and returns the token link.</summary>
    public async Task<string> ShowQrAsync()
    {
        await Page.GetByTestId("show-qr").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("qr")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var link = await Eventually.WaitAsync(Page,
            "document.querySelector('[data-testid=token-link]')?.getAttribute('href') ?? ''",
            v => v.Contains('#', StringComparison.Ordinal), TimeSpan.FromSeconds(15), "the token link to be set");
        return JsonSerializer.Deserialize<string>(link)!;
    }

    public async Task PublishAsync(string handle)
    {
        await Page.GetByTestId("handle").FillAsync(handle);
        await Page.GetByTestId("publish").ClickAsync();
    }

    public async Task LookupAsync(string handle)
    {
        await Page.GetByTestId("lookup-handle").FillAsync(handle);
        await Page.GetByTestId("lookup").ClickAsync();
    }

    public Task ScanAsync() => Page.GetByTestId("scan").ClickAsync();

    public async Task<string> StateAsync() =>
        await Page.GetByTestId("state").GetAttributeAsync("data-state") ?? "";

    public async Task<string[]> StatesAsync() =>
        Json.Parse<string[]>(await Page.EvaluateAsync<string>($"() => JSON.stringify({Demo}.states())"));

    public async Task<Transition[]> TransitionsAsync() =>
        Json.Parse<Transition[]>(await Page.EvaluateAsync<string>(
            $"() => JSON.stringify({Demo}.connection()?.transitions() ?? [])"));

    /// <summary>The connection's message history as (direction, type), handshake/ping/pong/receipt left out.</summary>
    public async Task<Exchanged[]> PaymentHistoryAsync() =>
        Json.Parse<Exchanged[]>(await Page.EvaluateAsync<string>(
            $"() => JSON.stringify(({Demo}.connection()?.history() ?? [])" +
            ".filter(h => h.envelope.type.startsWith('payment_'))" +
            ".map(h => ({ direction: h.direction, type: h.envelope.type })))"));

    /// <summary>The on-screen message log as (direction, type).</summary>
    public async Task<Exchanged[]> ScreenLogAsync() =>
        Json.Parse<Exchanged[]>(await Page.EvaluateAsync<string>(
            "() => JSON.stringify([...document.querySelectorAll('[data-testid=log] li')]" +
            ".map(li => ({ direction: li.dataset.direction, type: li.dataset.type })))"));

    public Task<string> WaitForStateAsync(string state, TimeSpan timeout) =>
        Eventually.WaitAsync(Page, $"{Demo}?.states() ?? []",
            v => v.Contains($"\"{state}\"", StringComparison.Ordinal), timeout, $"{phone.Name} to reach {state} (states seen)");

    public async Task WaitForRequestAsync(TimeSpan timeout) =>
        await Assertions.Expect(Page.GetByTestId("request")).ToBeVisibleAsync(new() { Timeout = (float)timeout.TotalMilliseconds });

    public Task AcceptAsync() => Page.GetByTestId("accept").ClickAsync();

    public Task DeclineAsync() => Page.GetByTestId("decline").ClickAsync();

    public async Task<string> WaitForOutcomeAsync(TimeSpan timeout)
    {
        var value = await Eventually.WaitAsync(Page,
            "(() => { const o = document.querySelector('[data-testid=outcome]'); " +
            "const e = document.querySelector('[data-testid=error]'); " +
            "return { outcome: o?.dataset.outcome ?? null, code: e?.dataset.code ?? null, reason: e?.dataset.reason ?? null }; })()",
            v => !v.Contains("\"outcome\":null", StringComparison.Ordinal), timeout, $"{phone.Name} to show an outcome");
        return Json.Parse<OutcomeView>(value).Outcome!;
    }

    public async Task<PageError> WaitForErrorAsync(TimeSpan timeout)
    {
        var value = await Eventually.WaitAsync(Page,
            "(() => { const e = document.querySelector('[data-testid=error]'); " +
            "return { code: e?.dataset.code ?? null, reason: e?.dataset.reason ?? null, visible: !!e && e.offsetParent !== null }; })()",
            v => !v.Contains("\"code\":null", StringComparison.Ordinal), timeout, $"{phone.Name} to show the error panel");
        var error = Json.Parse<ErrorView>(value);
        return new PageError(error.Code!, error.Reason ?? "");
    }

    public async Task<ConnectionStats> StatsAsync() =>
        Json.Parse<ConnectionStats>(await Page.EvaluateAsync<string>(
            $"async () => JSON.stringify(await {Demo}.connection().stats())"));

    private Task<string> WaitForAppAsync() =>
        Eventually.WaitAsync(Page, $"typeof {Demo}?.states === 'function'", v => v == "true",
            TimeSpan.FromSeconds(15), $"{phone.Name}: the demo app to load (window.peerlinkDemo)");

    private sealed record OutcomeView(string? Outcome, string? Code, string? Reason);

    private sealed record ErrorView(string? Code, string? Reason, bool Visible);
}

/// <summary>The SDK's <c>ConnectionStats</c>.</summary>
internal sealed record ConnectionStats(string? LocalCandidateType, string? RemoteCandidateType, double? RttMs);
