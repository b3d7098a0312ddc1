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
}
