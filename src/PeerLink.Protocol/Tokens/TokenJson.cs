using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace PeerLink.Protocol;

/// <summary>The JSON form of a token (spec §4.2): members in spec order, no whitespace.</summary>
internal static class TokenJson
{
    private static readonly string[] TokenMembers = ["v", "expiresAt", "createdAt", "secret", "rendezvous", "offer"];

    public static string Write(BootstrapToken t)
    {
        var w = new JsonText();
        w.BeginObject()
            .Member("v", BootstrapToken.Version)
            .Member("expiresAt", t.ExpiresAt)
            .Member("createdAt", t.CreatedAt)
            .Member("secret", Base64Url.Encode(t.Secret.Span));
        if (t.Rendezvous is { } url)
        {
            w.Member("rendezvous", url);
        }

        w.Name("offer");
        DescriptionJson.Write(w, t.Offer);
        return w.EndObject().ToString();
    }

    /// <summary>Order: syntax, unknown top-level members, <c>v</c>, top-level types, the offer, then the
    /// token's values (spec §4.3).</summary>
    public static BootstrapToken Read(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new TokenParseException(TokenParseReasons.BadJson);
        }

        JsonDocument document;
        try
        {
            // As deep as JSON.parse goes (the input is at most 3 KiB), so nesting alone never changes the reason.
            document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = Limits.MaxTokenTextLength });
        }
        catch (JsonException e)
        {
            throw new TokenParseException(TokenParseReasons.BadJson, e);
        }

        using (document)
        {
            var m = DescriptionJson.RequireObject(document.RootElement, TokenMembers);
            var version = m.TryGetValue("v", out var v) && JsonValues.TryGetSafeInteger(v, out var n)
                ? n
                : throw new TokenParseException(TokenParseReasons.BadJson);
            DescriptionJson.Check(version == BootstrapToken.Version, TokenParseReasons.UnsupportedVersion);
            var expiresAt = DescriptionJson.OptionalInteger(m, "expiresAt") ?? throw new TokenParseException(TokenParseReasons.BadJson);
            var createdAt = DescriptionJson.OptionalInteger(m, "createdAt") ?? throw new TokenParseException(TokenParseReasons.BadJson);
            var secretText = DescriptionJson.RequireString(m, "secret");
            string? rendezvous = null;
            if (m.ContainsKey("rendezvous"))
            {
                rendezvous = DescriptionJson.RequireString(m, "rendezvous");
            }

            if (!m.TryGetValue("offer", out var offerElement))
            {
                throw new TokenParseException(TokenParseReasons.BadJson);
            }

            var offer = DescriptionJson.Read(offerElement);
            var secret = Base64Url.TryDecode(secretText, out var bytes) ? bytes : [];
            var token = new BootstrapToken(expiresAt, createdAt, secret, rendezvous, offer);
            TokenRules.Validate(token);
            return token;
        }
    }

    public static byte[] ToUtf8(BootstrapToken t) => Encoding.UTF8.GetBytes(Write(t));
}
