namespace PeerLink.Server.Publishing;

/// <summary>Handles are public names and safe to log; tokens and owner keys never are.</summary>
internal sealed partial class PublishingLog(ILogger<PublishingLog> logger)
{
    private readonly ILogger _logger = logger;

    [LoggerMessage(100, LogLevel.Information, "Published {Handle} ({Outcome}) until {ExpiresAt}")]
    public partial void Published(string handle, string outcome, long expiresAt);

    [LoggerMessage(101, LogLevel.Information, "Refused to publish {Handle}: held by another owner")]
    public partial void HandleTaken(string handle);

    [LoggerMessage(102, LogLevel.Information, "Refused a token for {Handle}: {Reason}")]
    public partial void InvalidToken(string handle, string reason);

    [LoggerMessage(103, LogLevel.Information, "Extended {Handle} until {ExpiresAt}")]
    public partial void Extended(string handle, long expiresAt);

    [LoggerMessage(104, LogLevel.Information, "Withdrew {Handle}")]
    public partial void Withdrawn(string handle);

    [LoggerMessage(105, LogLevel.Debug, "Lookup of {Handle}: {Result}")]
    public partial void Lookup(string handle, string result);
}
