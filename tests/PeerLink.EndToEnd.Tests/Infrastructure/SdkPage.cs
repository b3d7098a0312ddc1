namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real SDK bundle (<c>/sdk/peerlink.js</c>, as served by the rendezvous) loaded into a blank
/// page on the rendezvous origin, for scenarios that need lower-level control than the demo app.
/// Everything the page learns is kept on <c>window.__e2e</c>.
/// </summary>
internal sealed class SdkPage(Phone phone, string baseUrl)
{
    private const string Setup = """
        async (optionsSource) => {
          const sdk = await import('/sdk/peerlink.js');
          const e2e = { sdk, errors: [], messages: [], invalid: [], channels: [], connection: undefined };
          window.__e2e = e2e;
          const options = Object.assign({ rendezvous: location.origin }, (0, eval)('(' + optionsSource + ')'));
          e2e.peer = sdk.createPeerLink(options);
          e2e.track = (c) => {
            e2e.connection = c;
            c.on('error', (e) => e2e.errors.push({ code: e.code, reason: e.reason }));
            c.on('message', (m) => e2e.messages.push(m));
            c.on('invalid', (e) => e2e.invalid.push(e));
            c.opened.then(() => { e2e.opened = true; }, (e) => { e2e.openError = { code: e.code, reason: e.reason }; });
            return c;
          };
          e2e.fail = (e) => ({ code: e && e.code, reason: e && e.reason, message: String(e && e.message) });
        }
        """;

    public Phone Phone => phone;

    public IPage Page => phone.Page;

    /// <summary>
    /// Loads the SDK and creates a PeerLink. <paramref name="optionsSource"/> is a JS object literal
    /// merged over <c>{ rendezvous: location.origin }</c>; it may use <c>window.__spy</c> helpers.
    /// </summary>
    public async Task LoadAsync(string optionsSource = "{}")
    {
        await phone.OpenBlankAsync(baseUrl);
        await Page.EvaluateAsync(Setup, optionsSource);
    }

    /// <summary>Offerer: <c>invite()</c>; returns the invitation's link and token.</summary>
    public async Task<Invitation> InviteAsync() =>
        Json.Parse<Invitation>(await Page.EvaluateAsync<string>("""
            async () => {
              const inv = await window.__e2e.peer.invite();
              window.__e2e.invitation = inv;
              window.__e2e.track(inv.connection);
              return JSON.stringify({ token: inv.token, link: inv.link, expiresAt: inv.expiresAt });
            }
            """));

    /// <summary>Answerer: starts <c>accept(token)</c>; the outcome lands on <c>__e2e.accepted</c> / <c>__e2e.acceptError</c>.</summary>
    public Task StartAcceptAsync(string token) =>
        Page.EvaluateAsync("""
            (token) => {
              window.__e2e.acceptStartedAt = Date.now();
              window.__e2e.peer.accept(token, { method: 'link' }).then(
                (c) => { window.__e2e.track(c); window.__e2e.accepted = true; },
                (e) => { window.__e2e.acceptError = window.__e2e.fail(e); });
            }
            """, token);

    /// <summary>Waits until <c>accept()</c> settled; returns its error, or null when it gave a connection.</summary>
    public async Task<PageError?> WaitForAcceptAsync(TimeSpan timeout)
    {
        var value = await Eventually.WaitAsync(Page,
            "({ accepted: window.__e2e.accepted === true, error: window.__e2e.acceptError ?? null })",
            v => v.Contains("\"accepted\":true", StringComparison.Ordinal) || !v.Contains("\"error\":null", StringComparison.Ordinal),
            timeout, $"{phone.Name}: accept() to settle");
        var settled = Json.Parse<AcceptOutcome>(value);
        return settled.Error;
    }

    public Task<string> WaitForStateAsync(string state, TimeSpan timeout) =>
        Eventually.WaitAsync(Page, "window.__e2e.connection?.state ?? 'none'",
            v => v == $"\"{state}\"", timeout, $"{phone.Name}: the connection to be {state}");

    /// <summary>Waits for the connection's <c>opened</c> to reject or for its error; returns the error.</summary>
    public async Task<PageError> WaitForFailureAsync(TimeSpan timeout)
    {
        var value = await Eventually.WaitAsync(Page,
            "(() => { const c = window.__e2e.connection; const e = c?.error; " +
            "return { state: c?.state ?? null, error: e ? { code: e.code, reason: e.reason } : null }; })()",
            v => v.Contains("\"state\":\"FAILED\"", StringComparison.Ordinal) && !v.Contains("\"error\":null", StringComparison.Ordinal),
            timeout, $"{phone.Name}: the connection to fail with an error");
        return Json.Parse<FailureView>(value).Error!;
    }

    public async Task<string> StateAsync() =>
        await Page.EvaluateAsync<string>("() => window.__e2e.connection?.state ?? 'none'");

    public async Task<Transition[]> TransitionsAsync() =>
        Json.Parse<Transition[]>(await Page.EvaluateAsync<string>(
            "() => JSON.stringify(window.__e2e.connection?.transitions() ?? [])"));

    public async Task<ConnectionStats> StatsAsync() =>
        Json.Parse<ConnectionStats>(await Page.EvaluateAsync<string>(
            "async () => JSON.stringify(await window.__e2e.connection.stats())"));

    internal sealed record Invitation(string Token, string Link, double ExpiresAt);

    private sealed record AcceptOutcome(bool Accepted, PageError? Error);

    private sealed record FailureView(string? State, PageError? Error);
}
