using System.Globalization;
using PeerLink.EndToEnd.Tests.Infrastructure;

namespace PeerLink.EndToEnd.Tests;

/// <summary>
/// Proves the harness itself, independent of the product: the namespace, the tools, and two
/// browser processes opening a plain RTCPeerConnection pair signalled through the test runner.
/// </summary>
[Collection(HarnessGroup.Name)]
public sealed class HarnessSelfTests(ITestOutputHelper output)
{
    // Nothing listens there: the test answers the page itself (Phone.OpenBlankAsync).
    private static readonly string Origin = $"http://127.0.0.1:{FreePorts.Next()}";

    private const string OfferScript = """
        async () => {
          const pc = new RTCPeerConnection();
          const dc = pc.createDataChannel('smoke');
          window.__smoke = { pc, dc, opened: new Promise(r => { dc.onopen = () => r(Date.now()); }) };
          dc.onmessage = e => { window.__smoke.reply = e.data; };
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(r => {
            if (pc.iceGatheringState === 'complete') r();
            pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') r(); };
            setTimeout(r, 3000);
          });
          return pc.localDescription.sdp;
        }
        """;

    private const string AnswerScript = """
        async offer => {
          const pc = new RTCPeerConnection();
          window.__smoke = { pc, opened: new Promise(r => {
            pc.ondatachannel = e => { const dc = e.channel; window.__smoke.dc = dc;
              dc.onmessage = m => dc.send('echo:' + m.data);
              dc.onopen = () => r(Date.now()); if (dc.readyState === 'open') r(Date.now()); };
          }) };
          await pc.setRemoteDescription({ type: 'offer', sdp: offer });
          await pc.setLocalDescription(await pc.createAnswer());
          await new Promise(r => {
            if (pc.iceGatheringState === 'complete') r();
            pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') r(); };
            setTimeout(r, 3000);
          });
          return pc.localDescription.sdp;
        }
        """;

    [Fact]
    public void Suite_RunsInALoopbackOnlyNamespace_WithEveryToolInstalled()
    {
        LoopbackGuard.EnsureLoopbackOnly();
        Assert.All(
            [RequiredTools.Chromium, RequiredTools.Firefox, RequiredTools.TurnServer, RequiredTools.Ffmpeg, RequiredTools.Dotnet],
            path => Assert.True(File.Exists(path), path));
    }

    [Theory]
    [InlineData("chromium", "chromium")]
    [InlineData("chromium", "firefox")]
    public Task RawPeerConnections_InTwoBrowserProcesses_OpenADataChannelOverLoopback(string offererEngine, string answererEngine) =>
        Scenario.RunAsync(output, $"raw-{offererEngine}-{answererEngine}", null, async s =>
        {
            var a = await s.PhoneAsync(offererEngine, "A");
            var b = await s.PhoneAsync(answererEngine, "B");
            Assert.NotEqual(a.BrowserPids, b.BrowserPids);
            await a.OpenBlankAsync(Origin);
            await b.OpenBlankAsync(Origin);

            var offer = await a.Page.EvaluateAsync<string>(OfferScript);
            Assert.Contains("typ host", offer, StringComparison.Ordinal);
            Assert.Contains("127.0.0.1", offer, StringComparison.Ordinal);
            var answer = await b.Page.EvaluateAsync<string>(AnswerScript, offer);
            var applied = await a.Page.EvaluateAsync<double>(
                "async answer => { await window.__smoke.pc.setRemoteDescription({ type: 'answer', sdp: answer }); return Date.now(); }", answer);

            var openedA = await a.Page.EvaluateAsync<double>("() => window.__smoke.opened").WaitAsync(TimeSpan.FromSeconds(10));
            var openedB = await b.Page.EvaluateAsync<double>("() => window.__smoke.opened").WaitAsync(TimeSpan.FromSeconds(10));
            await a.Page.EvaluateAsync("() => window.__smoke.dc.send('hello')");
            await a.Page.WaitForFunctionAsync("() => window.__smoke.reply === 'echo:hello'", null,
                new PageWaitForFunctionOptions { Timeout = 5000, PollingInterval = 20 });

            s.Log(string.Create(CultureInfo.InvariantCulture,
                $"answer applied → both channels open: {Math.Max(openedA, openedB) - applied:F0} ms (offer {offer.Length} B, answer {answer.Length} B)"));
        });
}
