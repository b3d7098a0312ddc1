using System.Text.Json;

namespace PeerLink.Protocol;

/// <summary>The JSON form of a description and of a candidate (spec §2.2). Reading checks, per object,
/// unknown members (<c>unknown_field</c>), then JSON types and presence (<c>bad_json</c>), then values.</summary>
internal static class DescriptionJson
{
    private static readonly string[] DescriptionMembers = ["ufrag", "pwd", "fingerprint", "setup", "maxMessageSize", "sctpPort", "candidates"];
    private static readonly string[] CandidateMembers = ["type", "protocol", "address", "port"];

    public static void Write(JsonText w, SessionDescription d)
    {
        DescriptionRules.Validate(d);
        w.BeginObject()
            .Member("ufrag", d.Ufrag)
            .Member("pwd", d.Pwd)
            .Member("fingerprint", FieldRules.FormatFingerprint(d.Fingerprint.Span))
            .Member("setup", WireNames.SetupName(d.Setup));
        if (d.MaxMessageSize is { } size)
        {
            w.Member("maxMessageSize", size);
        }

        if (d.SctpPort is { } port)
        {
            w.Member("sctpPort", port);
        }

        w.Name("candidates");
        WriteCandidates(w, d.Candidates);
        w.EndObject();
    }

    public static void WriteCandidates(JsonText w, IEnumerable<IceCandidate> candidates)
    {
        w.BeginArray();
        foreach (var c in candidates)
        {
            w.BeginObject()
                .Member("type", WireNames.TypeName(c.Type))
                .Member("protocol", WireNames.ProtocolName(c.Protocol))
                .Member("address", c.Address)
                .Member("port", c.Port)
                .EndObject();
        }

        w.EndArray();
    }

    public static SessionDescription Read(JsonElement value)
    {
        var m = RequireObject(value, DescriptionMembers);
        var ufrag = RequireString(m, "ufrag");
        var pwd = RequireString(m, "pwd");
        var fingerprintText = RequireString(m, "fingerprint");
        var setupText = RequireString(m, "setup");
        var maxMessageSize = OptionalInteger(m, "maxMessageSize");
        var sctpPort = OptionalInteger(m, "sctpPort");
        if (!m.TryGetValue("candidates", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new TokenParseException(TokenParseReasons.BadJson);
        }

        Check(FieldRules.IsValidUfrag(ufrag), TokenParseReasons.BadUfrag);
        Check(FieldRules.IsValidPwd(pwd), TokenParseReasons.BadPwd);
        Check(FieldRules.TryParseFingerprint(fingerprintText, out var fingerprint), TokenParseReasons.BadFingerprint);
        Check(WireNames.TryParseSetup(setupText, out var setup), TokenParseReasons.BadSetup);
        Check(list.GetArrayLength() <= Limits.MaxCandidates, TokenParseReasons.TooManyCandidates);
        var candidates = list.EnumerateArray().Select(ReadCandidate).ToArray();
        Check(maxMessageSize is null || FieldRules.IsValidMaxMessageSize(maxMessageSize.Value), TokenParseReasons.BadVarint);
        Check(sctpPort is null || FieldRules.IsValidPort(sctpPort.Value), TokenParseReasons.BadCandidate);
        return new SessionDescription(ufrag, pwd, fingerprint, setup, maxMessageSize, (int?)sctpPort, candidates);
    }

    public static IceCandidate ReadCandidate(JsonElement value)
    {
        var m = RequireObject(value, CandidateMembers);
        var type = RequireString(m, "type");
        var protocol = RequireString(m, "protocol");
        var address = RequireString(m, "address");
        var port = OptionalInteger(m, "port") ?? throw new TokenParseException(TokenParseReasons.BadJson);
        var ok = WireNames.TryParseType(type, out var t);
        ok &= WireNames.TryParseProtocol(protocol, out var p);
        Check(ok && FieldRules.IsValidPort(port) && CandidateAddress.TryEncode(address, out _, out _), TokenParseReasons.BadCandidate);
        return new IceCandidate(t, p, address, (int)port);
    }

    public static Dictionary<string, JsonElement> RequireObject(JsonElement value, string[] known)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new TokenParseException(TokenParseReasons.BadJson);
        }

        var members = JsonValues.Members(value);
        Check(JsonValues.FirstUnknown(members, known) is null, TokenParseReasons.UnknownField);
        return members;
    }

    public static string RequireString(Dictionary<string, JsonElement> m, string name) =>
        m.TryGetValue(name, out var e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new TokenParseException(TokenParseReasons.BadJson);

    /// <summary>Null when absent; <c>bad_json</c> when present and not a safe integer.</summary>
    public static long? OptionalInteger(Dictionary<string, JsonElement> m, string name)
    {
        if (!m.TryGetValue(name, out var e))
        {
            return null;
        }

        return JsonValues.TryGetSafeInteger(e, out var value) ? value : throw new TokenParseException(TokenParseReasons.BadJson);
    }

    public static void Check(bool ok, string reason)
    {
        if (!ok)
        {
            throw new TokenParseException(reason);
        }
    }
}
