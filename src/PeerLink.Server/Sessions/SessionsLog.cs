namespace PeerLink.Server.Sessions;

/// <summary>Session ids are mailbox addresses, not credentials; keys and boxes are never logged.</summary>
internal sealed partial class SessionsLog(ILogger<SessionsLog> logger)
{
    private readonly ILogger _logger = logger;

    [LoggerMessage(200, LogLevel.Information, "Session {SessionId} created until {ExpiresAt}")]
    public partial void Created(string sessionId, long expiresAt);

    [LoggerMessage(201, LogLevel.Information, "Session {SessionId} answered (seq {Seq})")]
    public partial void Answered(string sessionId, long seq);

    [LoggerMessage(202, LogLevel.Debug, "Session {SessionId}: {Kind} from {From} (seq {Seq})")]
    public partial void Signal(string sessionId, string kind, string from, long seq);

    [LoggerMessage(203, LogLevel.Debug, "Session {SessionId}: {Role} listening after seq {AfterSeq}")]
    public partial void Listening(string sessionId, string role, long afterSeq);

    [LoggerMessage(204, LogLevel.Debug, "Session {SessionId}: {Role} stream ended ({Why})")]
    public partial void StreamEnded(string sessionId, string role, string why);

    [LoggerMessage(205, LogLevel.Warning, "Session {SessionId}: store failed while streaming")]
    public partial void StreamStoreFailed(string sessionId, Exception exception);

    [LoggerMessage(206, LogLevel.Information, "Session {SessionId} closed by its owner")]
    public partial void Closed(string sessionId);

    [LoggerMessage(207, LogLevel.Information, "Session {SessionId}: mailbox full, {Kind} from {From} refused")]
    public partial void MailboxFull(string sessionId, string kind, string from);
}
