using System.Diagnostics;

namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>A QR on one phone's screen becomes the other phone's camera picture (testing.md §3).</summary>
internal static class FakeCamera
{
    /// <summary>Screenshots <paramref name="qr"/> and writes a one-frame 640×480 Y4M 4:2:0 of it.</summary>
    public static async Task<string> FromQrAsync(Scenario scenario, ILocator qr)
    {
        var ffmpeg = RequiredTools.Ffmpeg;
        var dir = scenario.NewScratchDir("camera");
        var png = Path.Combine(dir, "qr.png");
        var y4m = Path.Combine(dir, "qr.y4m");
        await qr.ScreenshotAsync(new LocatorScreenshotOptions { Path = png, Timeout = 10_000 });

        var info = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "-hide_banner", "-loglevel", "error", "-y", "-loop", "1", "-i", png,
            "-vf", "scale=-1:440:flags=neighbor,pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p",
            "-frames:v", "1", "-f", "yuv4mpegpipe", y4m,
        })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            ProcessTree.KillTree(process.Id);
            throw new TimeoutException("ffmpeg did not finish converting the QR screenshot within 20 s.");
        }

        if (process.ExitCode != 0 || !File.Exists(y4m))
        {
            throw new InvalidOperationException($"ffmpeg failed ({process.ExitCode}) converting {png}: {await stderr}");
        }

        return y4m;
    }
}
