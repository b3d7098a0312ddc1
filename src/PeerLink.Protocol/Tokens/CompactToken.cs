using System.Text;

namespace PeerLink.Protocol;

/// <summary>The compact binary token (spec §4.1).</summary>
internal static class CompactToken
{
    public const byte VersionByte = 0x01;
    // One u16 after the expiry holds the URL flag (bit 15), reserved bits 10–14 and the lifetime in
    // seconds (bits 0–9: 60–900 needs 10 bits), a byte less than a flags byte plus a u16 lifetime.
    private const int UrlFlag = 0x8000;
    private const int ReservedBits = 0x7C00;
    private const int LifetimeMask = 0x03FF;

    public static byte[] Write(BootstrapToken t)
    {
        TokenRules.Validate(t);
        var w = new CompactWriter();
        w.U8(VersionByte);
        w.U32(t.ExpiresAt / 1000);
        w.U16((t.Rendezvous is null ? 0 : UrlFlag) | (int)((t.ExpiresAt - t.CreatedAt) / 1000));
        w.Bytes(t.Secret.Span);
        CompactDescription.Write(w, t.Offer);
        if (t.Rendezvous is { } url)
        {
            var bytes = Encoding.UTF8.GetBytes(url);
            w.U8(bytes.Length);
            w.Bytes(bytes);
        }

        return w.ToArray();
    }

    /// <summary>Reads field by field in layout order; the first failing field gives the reason.</summary>
    public static BootstrapToken Read(ReadOnlySpan<byte> data)
    {
        var r = new CompactReader(data);
        if (r.U8() != VersionByte)
        {
            throw new TokenParseException(TokenParseReasons.UnsupportedVersion);
        }

        // Seconds: 4 bytes instead of 6, and a token's expiry never needs milliseconds.
        var expiresAt = r.U32() * 1000L;
        TokenRules.CheckExpiry(expiresAt);
        var flags = r.U16();
        DescriptionJson.Check((flags & ReservedBits) == 0, TokenParseReasons.ReservedBits);
        var lifetime = flags & LifetimeMask;
        TokenRules.CheckLifetime(lifetime * 1000L);
        var secret = r.Take(FieldRules.SecretLength).ToArray();
        var offer = CompactDescription.Read(ref r);
        TokenRules.CheckOfferSetup(offer);
        string? url = null;
        if ((flags & UrlFlag) != 0)
        {
            var bytes = r.Take(r.U8());
            DescriptionJson.Check(bytes.Length > 0 && FieldRules.TryDecodeUrl(bytes, out url), TokenParseReasons.BadUrl);
        }

        DescriptionJson.Check(r.Remaining == 0, TokenParseReasons.TrailingBytes);
        return new BootstrapToken(expiresAt, expiresAt - (lifetime * 1000L), secret, url, offer);
    }
}
