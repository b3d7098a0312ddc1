namespace PeerLink.Protocol;

/// <summary>The reasons a token or compact description fails to parse (spec §4.3). The SDK maps them
/// to <c>BOOTSTRAP_PARSE_FAILED</c>, the rendezvous to <c>400 invalid_token</c> with the reason.</summary>
public static class TokenParseReasons
{
    public const string Empty = "empty";
    public const string TooLong = "too_long";
    public const string BadBase64 = "bad_base64";
    public const string BadDigits = "bad_digits";
    public const string BadJson = "bad_json";
    public const string UnknownField = "unknown_field";
    public const string UnsupportedVersion = "unsupported_version";
    public const string Truncated = "truncated";
    public const string TrailingBytes = "trailing_bytes";
    public const string ReservedBits = "reserved_bits";
    public const string BadVarint = "bad_varint";
    public const string BadLifetime = "bad_lifetime";
    public const string BadExpiry = "bad_expiry";
    public const string BadUfrag = "bad_ufrag";
    public const string BadPwd = "bad_pwd";
    public const string BadFingerprint = "bad_fingerprint";
    public const string BadSetup = "bad_setup";
    public const string TooManyCandidates = "too_many_candidates";
    public const string BadCandidate = "bad_candidate";
    public const string BadSecret = "bad_secret";
    public const string BadUrl = "bad_url";
    public const string Expired = "expired";
}
