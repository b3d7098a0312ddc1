namespace PeerLink.Server.Infrastructure;

internal static class Clock
{
    /// <summary>Milliseconds since the Unix epoch, the unit of every time on the wire.</summary>
    public static long NowMs(this TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();
}
