namespace PeerLink.Protocol;

/// <summary>The token's own value rules (spec §1, §4.3), in the order the decoders report them.</summary>
internal static class TokenRules
{
    public static void Validate(BootstrapToken t)
    {
        ArgumentNullException.ThrowIfNull(t);
        CheckExpiry(t.ExpiresAt);
        CheckLifetime(t.ExpiresAt - t.CreatedAt);
        DescriptionJson.Check(t.Secret.Length == FieldRules.SecretLength, TokenParseReasons.BadSecret);
        DescriptionRules.Validate(t.Offer);
        CheckOfferSetup(t.Offer);
        DescriptionJson.Check(t.Rendezvous is null || FieldRules.IsValidUrl(t.Rendezvous), TokenParseReasons.BadUrl);
    }

    /// <summary>Whole seconds, 1 s … (2^32−1) s: what the compact form's u32 of seconds holds.</summary>
    public static void CheckExpiry(long expiresAt) =>
        DescriptionJson.Check(expiresAt is > 0 and <= FieldRules.MaxExpiresAt && expiresAt % 1000 == 0, TokenParseReasons.BadExpiry);

    /// <summary>expiresAt − createdAt in ms: a whole number of seconds within 60–900.</summary>
    public static void CheckLifetime(long lifetimeMs) =>
        DescriptionJson.Check(
            lifetimeMs % 1000 == 0 && lifetimeMs / 1000 is >= Limits.MinLifetimeSeconds and <= Limits.MaxLifetimeSeconds,
            TokenParseReasons.BadLifetime);

    public static void CheckOfferSetup(SessionDescription offer) =>
        DescriptionJson.Check(offer.Setup == DtlsSetup.ActPass, TokenParseReasons.BadSetup);
}
