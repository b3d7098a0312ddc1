namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>System binaries the suite drives. A missing one fails with an install hint, never skips.</summary>
internal static class RequiredTools
{
    public static string Chromium => Find("chromium", "chromium");

    public static string Firefox => Find("firefox-esr", "firefox-esr");

    public static string TurnServer => Find("turnserver", "coturn");

    public static string Ffmpeg => Find("ffmpeg", "ffmpeg");

    public static string Dotnet => Find("dotnet", "the .NET 10 SDK (https://dot.net)", aptPackage: false);

    private static string Find(string binary, string package, bool aptPackage = true)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin").Append("/usr/sbin"))
        {
            var candidate = Path.Combine(dir, binary);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var how = aptPackage
            ? $"install it with `sudo apt-get install {package}` (./test.sh installs it when it runs as root)"
            : $"install {package}";
        throw new InvalidOperationException($"`{binary}` was not found on PATH: {how}.");
    }
}
