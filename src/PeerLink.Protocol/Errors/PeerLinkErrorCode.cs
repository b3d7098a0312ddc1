namespace PeerLink.Protocol;

/// <summary>SDK error codes (spec §8, the original specification's list); each comes with a reason.</summary>
public static class PeerLinkErrorCode
{
    public const string BootstrapGenerationFailed = "BOOTSTRAP_GENERATION_FAILED";
    public const string BootstrapParseFailed = "BOOTSTRAP_PARSE_FAILED";
    public const string ConnectionFailed = "CONNECTION_FAILED";
    public const string IceFailed = "ICE_FAILED";
    public const string DataChannelFailed = "DATA_CHANNEL_FAILED";
    public const string MessageSendFailed = "MESSAGE_SEND_FAILED";
    public const string Timeout = "TIMEOUT";
    public const string RemoteServiceError = "REMOTE_SERVICE_ERROR";

    public static IReadOnlyList<string> All { get; } =
    [
        BootstrapGenerationFailed, BootstrapParseFailed, ConnectionFailed, IceFailed,
        DataChannelFailed, MessageSendFailed, Timeout, RemoteServiceError,
    ];
}
