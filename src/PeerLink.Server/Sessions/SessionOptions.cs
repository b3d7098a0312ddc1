using System.ComponentModel.DataAnnotations;

namespace PeerLink.Server.Sessions;

/// <summary><c>PeerLink:Sessions</c>.</summary>
internal sealed class SessionOptions
{
    public const string Section = "PeerLink:Sessions";

    /// <summary>How long an answered session stays at least (trickled candidates, ICE restarts);
    /// spec §6 says 10 minutes by default.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan AnsweredLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Proxies drop idle streams; spec §6.1 says a comment every 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Signals one session stores at most, answer and byes included. Without a cap one client
    /// within the rate limit could store ~10 000 boxes of 16 KiB in a 15-minute session; a whole
    /// connection with trickle and a few ICE restarts needs 10–20.</summary>
    [Range(8, 1024)]
    public int MaxSignals { get; set; } = 64;
}
