using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace PeerLink.Protocol;

/// <summary>A description on its own, as carried inside mailbox boxes (spec §5.2): the compact binary
/// (§2.1) as base64url, or the JSON form (§2.2). Decoding fails only with <see cref="TokenParseException"/>.</summary>
public static class DescriptionCodec
{
    /// <summary>Longest base64url text accepted; a full description is far below it.</summary>
    public const int MaxTextLength = Limits.MaxTokenTextLength;

    public static string EncodeCompact(SessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var w = new CompactWriter();
        CompactDescription.Write(w, description);
        return Base64Url.Encode(w.ToArray());
    }

    public static SessionDescription DecodeCompact(string text)
    {
        var bytes = DecodeText(text);
        var r = new CompactReader(bytes);
        var description = CompactDescription.Read(ref r);
        DescriptionJson.Check(r.Remaining == 0, TokenParseReasons.TrailingBytes);
        return description;
    }

    /// <summary>The JSON form: members in spec order, no whitespace.</summary>
    public static string ToJson(SessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var w = new JsonText();
        DescriptionJson.Write(w, description);
        return w.ToString();
    }

    public static SessionDescription FromJson(string json) => FromJson(json, static e => DescriptionJson.Read(e));

    /// <summary>A JSON array of candidates (the <c>c</c> member of a <c>candidates</c> box, spec §5.2).</summary>
    public static string CandidatesToJson(IEnumerable<IceCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var list = candidates.ToList();
        foreach (var c in list)
        {
            DescriptionJson.Check(c is not null && c.Address is not null && CandidateAddress.TryEncode(c.Address, out _, out _) && FieldRules.IsValidPort(c.Port), TokenParseReasons.BadCandidate);
        }

        var w = new JsonText();
        DescriptionJson.WriteCandidates(w, list);
        return w.ToString();
    }

    public static IReadOnlyList<IceCandidate> CandidatesFromJson(string json) => FromJson(json, static e =>
    {
        DescriptionJson.Check(e.ValueKind == JsonValueKind.Array, TokenParseReasons.BadJson);
        DescriptionJson.Check(e.GetArrayLength() <= Limits.MaxCandidates, TokenParseReasons.TooManyCandidates);
        return (IReadOnlyList<IceCandidate>)[.. e.EnumerateArray().Select(DescriptionJson.ReadCandidate)];
    });

    private static T FromJson<T>(string json, Func<JsonElement, T> read)
    {
        if (json is null || json.Length > Limits.MaxMessageBytes)
        {
            throw new TokenParseException(json is null ? TokenParseReasons.Empty : TokenParseReasons.TooLong);
        }

        var utf8 = Encoding.UTF8.GetBytes(json);
        if (!Utf8.IsValid(utf8))
        {
            throw new TokenParseException(TokenParseReasons.BadJson);
        }

        try
        {
            using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = Limits.MaxTokenTextLength });
            return read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new TokenParseException(TokenParseReasons.BadJson, e);
        }
    }

    private static byte[] DecodeText(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new TokenParseException(TokenParseReasons.Empty);
        }

        if (text.Length > MaxTextLength)
        {
            throw new TokenParseException(TokenParseReasons.TooLong);
        }

        return Base64Url.TryDecode(text, out var bytes) ? bytes : throw new TokenParseException(TokenParseReasons.BadBase64);
    }
}
