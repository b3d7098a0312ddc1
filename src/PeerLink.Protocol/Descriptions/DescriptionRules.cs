namespace PeerLink.Protocol;

/// <summary>Checks a <see cref="SessionDescription"/> built in code (not decoded) against spec §2, in the
/// same order the decoders check, so an encoder never writes what a decoder would refuse.</summary>
internal static class DescriptionRules
{
    public static void Validate(SessionDescription d)
    {
        ArgumentNullException.ThrowIfNull(d);
        Check(d.Setup is DtlsSetup.ActPass or DtlsSetup.Active or DtlsSetup.Passive, TokenParseReasons.BadSetup);
        Check(d.Ufrag is not null && FieldRules.IsValidUfrag(d.Ufrag), TokenParseReasons.BadUfrag);
        Check(d.Pwd is not null && FieldRules.IsValidPwd(d.Pwd), TokenParseReasons.BadPwd);
        Check(d.Fingerprint.Length == FieldRules.FingerprintLength, TokenParseReasons.BadFingerprint);
        Check(d.MaxMessageSize is null || FieldRules.IsValidMaxMessageSize(d.MaxMessageSize.Value), TokenParseReasons.BadVarint);
        Check(d.SctpPort is null || FieldRules.IsValidPort(d.SctpPort.Value), TokenParseReasons.BadCandidate);
        Check(d.Candidates is not null && d.Candidates.Count <= Limits.MaxCandidates, TokenParseReasons.TooManyCandidates);
        foreach (var c in d.Candidates!)
        {
            Check(
                c is not null
                && c.Type is >= CandidateType.Host and <= CandidateType.Relay
                && c.Protocol is CandidateProtocol.Udp or CandidateProtocol.Tcp
                && c.Address is not null
                && CandidateAddress.TryEncode(c.Address, out _, out _)
                && FieldRules.IsValidPort(c.Port),
                TokenParseReasons.BadCandidate);
        }
    }

    private static void Check(bool ok, string reason)
    {
        if (!ok)
        {
            throw new TokenParseException(reason);
        }
    }
}
