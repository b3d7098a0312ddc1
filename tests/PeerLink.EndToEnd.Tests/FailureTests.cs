using System.Globalization;
using System.Text;
using System.Text.Json;
using PeerLink.EndToEnd.Tests.Infrastructure;

namespace PeerLink.EndToEnd.Tests;

/// <summary>Scenario 6: each failure ends with the specification's error code and a clear reason.</summary>
[Collection(StackGroup.Name)]
public sealed class FailureTests(StackFixture stack, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ExpiredToken_IsRefusedBeforeAnyNetworkCall()
    {
        var server = await stack.RunningRendezvousAsync(output);
        await Scenario.RunAsync(output, "expired", server, async s =>
        {
            var receive = new DemoApp(await s.ChromiumAsync("A"), server.BaseUrl);
            var payPhone = await s.ChromiumAsync("B");
            await receive.OpenAsync("?ttl=60000");
            await receive.ChooseReceiveAsync();
            var link = await receive.ShowQrAsync();

            // SDK level: B's clock is two minutes ahead, so the one-minute token has expired.
            var sdk = new SdkPage(payPhone, server.BaseUrl);
            await sdk.LoadAsync("{ now: () => Date.now() + 120000 }");
            var before = payPhone.Requests.Count;
            await sdk.StartAcceptAsync(link);
            var error = await sdk.WaitForAcceptAsync(Settle);
            var during = payPhone.Requests.Skip(before).ToList();
            Assert.Equal(new PageError("BOOTSTRAP_PARSE_FAILED", "expired"), error);
            Assert.True(during.Count == 0, $"accept() of an expired token made requests: {string.Join("; ", during)}");

            // Demo app: the same refusal on screen, and no session request reached the rendezvous.
            await payPhone.Page.Clock.InstallAsync(new ClockInstallOptions { TimeDate = DateTime.UtcNow.AddMinutes(2) });
            var pay = new DemoApp(payPhone, server.BaseUrl);
            before = payPhone.Requests.Count;
            await pay.OpenLinkAsync(link);
            Assert.Equal(new PageError("BOOTSTRAP_PARSE_FAILED", "expired"), await pay.WaitForErrorAsync(Settle));
            Assert.Equal("FAILED", await pay.StateAsync());
            var sessionCalls = payPhone.Requests.Skip(before)
                .Where(r => r.Path.StartsWith("/sessions", StringComparison.Ordinal) || r.Path.StartsWith("/lookup", StringComparison.Ordinal))
                .ToList();
            Assert.True(sessionCalls.Count == 0, $"the demo app contacted the mailbox with an expired token: {string.Join("; ", sessionCalls)}");
            await payPhone.ScreenshotAsync("6-pay-expired.png");

            // Nothing reached A either: it is still waiting for an answer.
            Assert.Equal("AWAITING_ANSWER", await receive.StateAsync());
        });
    }

    [Fact]
    public async Task RelayOnlyWithAWrongTurnSecret_FailsWithIceFailedWithinTheConnectingTimeout()
    {
        const int connectingMs = 6000;
        var turn = stack.Turn;
        await Scenario.RunAsync(output, "wrong-turn-secret", null, async s =>
        {
            // This rendezvous mints TURN credentials from a secret coturn does not know.
            var server = s.Own(await RendezvousServer.StartAsync(turn, turnSecret: "not-the-coturn-secret"));
            s.Server = server;
            var options = $"{{ privacy: 'relay', timeouts: {{ connecting: {connectingMs} }} }}";
            var a = new SdkPage(await s.ChromiumAsync("A"), server.BaseUrl);
            var b = new SdkPage(await s.ChromiumAsync("B"), server.BaseUrl);
            await a.LoadAsync(options);
            await b.LoadAsync(options);
            var invitation = await a.InviteAsync();
            await b.StartAcceptAsync(invitation.Token);

            Assert.Null(await b.WaitForAcceptAsync(Settle));

            // Both sides have no usable candidate pair. The first whose connecting phase runs out
            // reports ICE_FAILED and says bye; the other may end on that bye before its own timer.
            var limit = TimeSpan.FromMilliseconds(connectingMs) + Settle;
            await Eventually.WaitAsync(a.Page, "window.__e2e.connection.state", v => v is "\"FAILED\"" or "\"CLOSED\"", limit, "A to end");
            await Eventually.WaitAsync(b.Page, "window.__e2e.connection.state", v => v is "\"FAILED\"" or "\"CLOSED\"", limit, "B to end");
            var failures = 0;
            foreach (var page in new[] { a, b })
            {
                var transitions = await page.TransitionsAsync();
                var error = Json.ParseOrNull<PageError>(await page.Page.EvaluateAsync<string>(
                    "() => JSON.stringify(window.__e2e.connection.error ? { code: window.__e2e.connection.error.code, reason: window.__e2e.connection.error.reason } : null)"));
                var connecting = transitions.First(t => t.To == "CONNECTING").At;
                var end = transitions[^1];
                s.Log(string.Create(CultureInfo.InvariantCulture,
                    $"{page.Phone.Name}: {end.To} ({error?.Code} {error?.Reason ?? end.Reason}) {end.At - connecting:F0} ms after CONNECTING; states {string.Join("→", transitions.States())}"));
                Assert.DoesNotContain(transitions, t => t.To == "CONNECTED");
                Assert.True(end.At - connecting <= connectingMs + 1500,
                    $"{page.Phone.Name} ended {end.At - connecting:F0} ms after CONNECTING, past its {connectingMs} ms timeout");
                if (end.To == "FAILED")
                {
                    failures++;
                    Assert.Equal("ICE_FAILED", error?.Code);
                    Assert.False(string.IsNullOrWhiteSpace(error?.Reason));
                }
                else
                {
                    Assert.Equal("remote_bye", end.Reason);
                }
            }

            Assert.True(failures > 0, "neither side reported the ICE failure");
        });
    }

    [Fact]
    public async Task RendezvousStoppedBeforeTheAnswer_FailsWithRemoteServiceErrorAfterTheRetrySchedule()
    {
        // Default retry policy: 3 retries after 1 s, 2 s and 4 s, each ±20 % — at least 5.6 s in all.
        const double minimumScheduleMs = (1000 + 2000 + 4000) * 0.8;
        var turn = stack.Turn;
        await Scenario.RunAsync(output, "rendezvous-down", null, async s =>
        {
            var server = s.Own(await RendezvousServer.StartAsync(turn));
            s.Server = server;
            var a = new SdkPage(await s.ChromiumAsync("A"), server.BaseUrl);
            var b = new SdkPage(await s.ChromiumAsync("B"), server.BaseUrl);
            await a.LoadAsync();
            // B has its ICE servers already (an app may configure them), so the call that meets
            // the outage is the answer itself.
            using (var http = new HttpClient())
            {
                var ice = await http.GetStringAsync(new Uri($"{server.BaseUrl}/ice-servers"));
                await b.LoadAsync($"{{ iceServers: ({ice}).iceServers }}");
            }

            var invitation = await a.InviteAsync();
            await a.WaitForStateAsync("AWAITING_ANSWER", Settle);

            server.Stop();
            var stoppedAt = PaymentFlow.NowMs();
            s.Log("rendezvous stopped");
            await b.StartAcceptAsync(invitation.Token);

            // B cannot deliver its answer; A loses the mailbox it was waiting on.
            var bError = await b.WaitForAcceptAsync(TimeSpan.FromSeconds(40))
                ?? await b.WaitForFailureAsync(TimeSpan.FromSeconds(40));
            var bFailedAt = PaymentFlow.NowMs();
            var aError = await a.WaitForFailureAsync(TimeSpan.FromSeconds(40));
            var aFailedAt = (await a.TransitionsAsync()).First(t => t.To == "FAILED").At;
            var bAttempts = b.Phone.Requests
                .Where(r => r.Failure is not null && r.Method == "POST" && r.Path.EndsWith("/answer", StringComparison.Ordinal))
                .ToList();
            s.Log(string.Create(CultureInfo.InvariantCulture,
                $"B: {bError.Code} ({bError.Reason}) {bFailedAt - stoppedAt:F0} ms after the stop, failed requests: {string.Join("; ", bAttempts)}"));
            var aStates = (await a.TransitionsAsync()).States();
            s.Log(string.Create(CultureInfo.InvariantCulture,
                $"A: {aError.Code} ({aError.Reason}) {aFailedAt - stoppedAt:F0} ms after the stop; states {string.Join("→", aStates)}"));

            Assert.Equal("REMOTE_SERVICE_ERROR", bError.Code);
            Assert.Equal("REMOTE_SERVICE_ERROR", aError.Code);
            Assert.False(string.IsNullOrWhiteSpace(bError.Reason));
            Assert.False(string.IsNullOrWhiteSpace(aError.Reason));
            Assert.True(bFailedAt - stoppedAt >= minimumScheduleMs,
                $"B gave up {bFailedAt - stoppedAt:F0} ms after the stop, sooner than the retry schedule allows ({minimumScheduleMs} ms)");
            Assert.True(bAttempts.Count == 4, $"B should post its answer once and retry 3 times; failed answer posts: {string.Join("; ", bAttempts)}");
            Assert.True(aFailedAt - stoppedAt >= minimumScheduleMs,
                $"A gave up {aFailedAt - stoppedAt:F0} ms after the stop, sooner than the retry schedule allows ({minimumScheduleMs} ms)");
        });
    }

    [Fact]
    public async Task MalformedMessagesInjectedIntoTheChannel_AreRejected_AndTheConnectionStaysUp()
    {
        var server = await stack.RunningRendezvousAsync(output);
        await Scenario.RunAsync(output, "malformed", server, async s =>
        {
            // A's peer connection is the browser's own, subclassed only to keep a handle on the data
            // channel the SDK creates, so the test can write raw bytes into it.
            const string spy = """
                { RTCPeerConnection: class extends RTCPeerConnection {
                    createDataChannel(...args) { const dc = super.createDataChannel(...args); window.__e2e.channels.push(dc); return dc; }
                  } }
                """;
            var a = new SdkPage(await s.ChromiumAsync("A"), server.BaseUrl);
            var b = new SdkPage(await s.ChromiumAsync("B"), server.BaseUrl);
            await a.LoadAsync(spy);
            await b.LoadAsync();
            var invitation = await a.InviteAsync();
            await b.StartAcceptAsync(invitation.Token);
            Assert.Null(await b.WaitForAcceptAsync(Settle));
            await a.WaitForStateAsync("CONNECTED", Settle);
            await b.WaitForStateAsync("CONNECTED", Settle);
            TimingReport.Record(s, "sdk link chromium→chromium", await a.TransitionsAsync(), await b.TransitionsAsync());

            await a.Page.EvaluateAsync("""
                () => {
                  const dc = window.__e2e.channels.find(c => c.readyState === 'open');
                  dc.send('this is not json');
                  dc.send(JSON.stringify({ type: 'payment_request', payload: { requestId: 'r-1', currency: 'EUR' },
                    timestamp: Date.now(), messageId: 'bad-1' }));
                  dc.send(JSON.stringify({ type: 'payment_request', payload: { requestId: 'r-2', amount: '1', currency: 'EUR' },
                    timestamp: Date.now(), messageId: 'bad-2', extra: true }));
                }
                """);
            var invalid = await Eventually.WaitAsync(b.Page, "window.__e2e.invalid.map(e => e.reason)",
                v => JsonSerializer.Deserialize<string[]>(v)!.Length >= 3, Settle, "B to reject the three malformed messages");
            s.Log($"B rejected: {invalid}");
            var reasons = JsonSerializer.Deserialize<string[]>(invalid)!;
            Assert.Equal(3, reasons.Length);
            Assert.Contains(reasons, r => r.Contains("payload.amount", StringComparison.Ordinal));
            Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace(r)));
            Assert.Equal(3, await b.Page.EvaluateAsync<int>("() => window.__e2e.connection.invalidCount()"));
            Assert.Equal(0, await b.Page.EvaluateAsync<int>(
                "() => window.__e2e.messages.filter(m => m.type === 'payment_request').length"));

            // Still up: a valid request goes through and is receipted.
            await a.Page.EvaluateAsync(
                "() => window.__e2e.connection.send('payment_request', { requestId: 'r-3', amount: '12.50', currency: 'EUR' })");
            var delivered = await b.Page.EvaluateAsync<string>(
                "() => window.__e2e.messages.filter(m => m.type === 'payment_request').map(m => m.payload.requestId).join(',')");
            Assert.Equal("r-3", delivered);
            Assert.Equal("CONNECTED", await a.StateAsync());
            Assert.Equal("CONNECTED", await b.StateAsync());
            Assert.Equal(["IDLE", "CONNECTING", "CONNECTED"], (await b.TransitionsAsync()).States());
            Assert.Equal(["IDLE", "CREATING_OFFER", "AWAITING_ANSWER", "CONNECTING", "CONNECTED"], (await a.TransitionsAsync()).States());
        });
    }

    [Fact]
    public async Task AnswerBoxTamperedInTransit_IsRefusedByTheOfferer()
    {
        var server = await stack.RunningRendezvousAsync(output);
        await Scenario.RunAsync(output, "tampered", server, async s =>
        {
            var a = new SdkPage(await s.ChromiumAsync("A"), server.BaseUrl);
            var b = new SdkPage(await s.ChromiumAsync("B"), server.BaseUrl);
            await a.LoadAsync();
            await b.LoadAsync();

            // A hostile rendezvous: the answer's box arrives with one ciphertext bit flipped.
            var tampered = 0;
            await b.Page.RouteAsync("**/sessions/*/answer", async route =>
            {
                var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(route.Request.PostData!)!;
                var box = Base64UrlDecode(body["box"].GetString()!);
                box[box.Length / 2] ^= 0x01;
                body["box"] = JsonSerializer.SerializeToElement(Base64UrlEncode(box));
                Interlocked.Increment(ref tampered);
                await route.ContinueAsync(new RouteContinueOptions { PostData = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body)) });
            });

            var invitation = await a.InviteAsync();
            await b.StartAcceptAsync(invitation.Token);
            var error = await a.WaitForFailureAsync(Settle);
            var transitions = await a.TransitionsAsync();
            s.Log($"A: {error.Code} ({error.Reason}); states {string.Join("→", transitions.States())}");
            Assert.Equal(1, tampered);
            Assert.Equal(new PageError("CONNECTION_FAILED", "tampered_signal"), error);
            Assert.DoesNotContain(transitions, t => t.To == "CONNECTED");
        });
    }

    [Fact]
    public async Task SecondAnswererToAnAnsweredSession_IsRefused()
    {
        var server = await stack.RunningRendezvousAsync(output);
        await Scenario.RunAsync(output, "second-answerer", server, async s =>
        {
            var a = new SdkPage(await s.ChromiumAsync("A"), server.BaseUrl);
            var b = new SdkPage(await s.ChromiumAsync("B"), server.BaseUrl);
            var c = new SdkPage(await s.ChromiumAsync("C"), server.BaseUrl);
            await a.LoadAsync();
            await b.LoadAsync();
            await c.LoadAsync();
            var invitation = await a.InviteAsync();
            await b.StartAcceptAsync(invitation.Token);
            Assert.Null(await b.WaitForAcceptAsync(Settle));
            await a.WaitForStateAsync("CONNECTED", Settle);
            await b.WaitForStateAsync("CONNECTED", Settle);

            await c.StartAcceptAsync(invitation.Token);
            var error = await c.WaitForAcceptAsync(Settle) ?? await c.WaitForFailureAsync(Settle);
            var answers = c.Phone.Requests.Count(r => r.Path.EndsWith("/answer", StringComparison.Ordinal));
            s.Log($"C: {error.Code} ({error.Reason}) after {answers} answer request(s)");
            Assert.Equal(new PageError("REMOTE_SERVICE_ERROR", "session_answered"), error);
            Assert.Equal(1, answers);
            Assert.Equal([409], c.Phone.Responses.Where(r => r.Path.EndsWith("/answer", StringComparison.Ordinal)).Select(r => r.Status));

            // The first pair is undisturbed.
            await a.Page.EvaluateAsync(
                "() => window.__e2e.connection.send('payment_request', { requestId: 'r-1', amount: '3', currency: 'EUR' })");
            Assert.Equal("CONNECTED", await a.StateAsync());
            Assert.Equal("CONNECTED", await b.StateAsync());
        });
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
