using System.Security.Cryptography;
using PeerLink.Protocol;

namespace PeerLink.Server.Tests.Infrastructure;

/// <summary>A token as a phone would make it, with everything derived from its secret.</summary>
internal sealed record TestToken(string Text, BootstrapToken Token, string SessionId, string AnswerKey, string AnswerKeyHash)
{
    public long ExpiresAt => Token.ExpiresAt;

    public static TestToken Create(long nowMs, long lifetimeMs = 300_000, TokenEncoding encoding = TokenEncoding.Compact)
    {
        var secret = RandomNumberGenerator.GetBytes(16);
        var offer = new SessionDescription(
            Ufrag: "Xy1z",
            Pwd: "abcdefghijklmnopqrstuvwx",
            Fingerprint: RandomNumberGenerator.GetBytes(32),
            Setup: DtlsSetup.ActPass,
            MaxMessageSize: 262144,
            SctpPort: null,
            Candidates: [new IceCandidate(CandidateType.Host, CandidateProtocol.Udp, "192.168.1.20", 54321)]);
        var token = BootstrapToken.Create(offer, secret, nowMs, lifetimeMs);
        var answerKey = SessionKeys.DeriveAnswerKey(secret);
        return new TestToken(
            TokenCodec.Encode(token, encoding),
            token,
            token.SessionId,
            Base64Url.Encode(answerKey),
            SessionKeys.HashKey(answerKey));
    }

    /// <summary>An opaque box of the right shape (the rendezvous cannot open it anyway).</summary>
    public static string NewBox(int bytes = 120) => Base64Url.Encode(RandomNumberGenerator.GetBytes(bytes));
}
