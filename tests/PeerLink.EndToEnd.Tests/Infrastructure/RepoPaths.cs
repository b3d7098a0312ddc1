namespace PeerLink.EndToEnd.Tests.Infrastructure;

internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding <c>PeerLink.slnx</c>, found by walking up from the test binaries.</summary>
    public static string Root => LazyRoot.Value;

    public static string ServerProject => Path.Combine(Root, "src", "PeerLink.Server");

    public static string ServerDll => Path.Combine(ServerProject, "bin", "Release", "net10.0", "PeerLink.Server.dll");

    public static string Wwwroot => Path.Combine(ServerProject, "wwwroot");

    /// <summary>Where the demo app's screenshots go: <c>.artifacts/screenshots</c>, so a test run
    /// leaves the committed set alone; <c>PEERLINK_SCREENSHOTS=docs/screenshots</c> refreshes it.</summary>
    public static string Screenshots => Path.Combine(
        Root,
        Environment.GetEnvironmentVariable("PEERLINK_SCREENSHOTS") is { Length: > 0 } folder ? folder : Path.Combine(".artifacts", "screenshots"));

    /// <summary>Scratch space under TMPDIR (test.sh points it at .artifacts/tmp).</summary>
    public static string NewScratchDir(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), "peerlink-e2e", $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void DeleteScratchDir(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort: it lives under TMPDIR
        }
        catch (UnauthorizedAccessException)
        {
            // best effort: it lives under TMPDIR
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PeerLink.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PeerLink.slnx not found above {AppContext.BaseDirectory}.");
    }
}
