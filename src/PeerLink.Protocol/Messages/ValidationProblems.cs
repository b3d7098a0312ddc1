namespace PeerLink.Protocol;

/// <summary>The problems in a message validation reason <c>&lt;path&gt;: &lt;problem&gt;</c> (spec §7.1).</summary>
public static class ValidationProblems
{
    /// <summary>Path <c>message</c>: over 65 536 UTF-8 bytes.</summary>
    public const string TooLarge = "too_large";

    /// <summary>Path <c>message</c>: not UTF-8 JSON, or not a JSON object.</summary>
    public const string InvalidJson = "invalid_json";

    public const string UnknownMember = "unknown_member";
    public const string Required = "required";
    public const string WrongType = "wrong_type";
    public const string TooLong = "too_long";
    public const string Invalid = "invalid";
    public const string UnknownType = "unknown_type";

    public static string Reason(string path, string problem) => path + ": " + problem;
}
