using System.Text;
using System.Text.Json.Nodes;

namespace PeerLink.Protocol.Tests.Vectors;

internal sealed record ValidTokenVector(string Name, TokenEncoding Encoding, BootstrapToken Token)
{
    public string Text => TokenCodec.Encode(Token, Encoding);
}

internal sealed record InvalidVector(string Name, string Text, string Reason);

/// <summary>The cases of spec/vectors/tokens.json (spec §9), built from fixed inputs.</summary>
internal static class TokenVectors
{
    private const string Url = "https://pay.example";

    public static SessionDescription Chromium => SdpCompactor.Compact(Samples.ChromiumOffer);

    public static BootstrapToken Base => Make(Chromium, "base", url: Url);

    public static IReadOnlyList<ValidTokenVector> Valid()
    {
        var firefox = SdpCompactor.Compact(Samples.FirefoxOffer);
        var phone = SdpCompactor.Compact(Samples.PhoneOffer);
        var bare = SdpCompactor.Compact(Samples.BareOffer);
        var list = new List<ValidTokenVector>();
        void Both(string name, BootstrapToken t)
        {
            list.Add(new(name + " (compact)", TokenEncoding.Compact, t));
            list.Add(new(name + " (json)", TokenEncoding.Json, t));
        }

        Both("chromium offer, host IPv4, with rendezvous", Make(Chromium, "chromium", url: Url));
        Both("chromium offer, host IPv4, no rendezvous", Make(Chromium, "chromium-no-url"));
        Both("phone offer, 2 mDNS hosts + srflx + 2 relays", Make(phone, "phone", url: Url));
        Both("firefox offer, host IPv4 + IPv6 + srflx", Make(firefox, "firefox", url: Url));
        list.Add(new("firefox offer, no rendezvous (compact)", TokenEncoding.Compact, Make(firefox, "firefox-no-url")));
        Both("0 candidates, sctp-port 5001, no max-message-size", Make(bare, "bare", url: "http://192.168.1.10:5080"));
        Both("16 candidates of every kind", Make(Sixteen(), "sixteen", url: Url));
        Both("tcp passive host and relay", Make(Offer("tcp", [
            new(CandidateType.Host, CandidateProtocol.Tcp, "192.168.1.23", 50000),
            new(CandidateType.Relay, CandidateProtocol.Tcp, "198.51.100.7", 443),
            new(CandidateType.Host, CandidateProtocol.Udp, "192.168.1.23", 50001)]), "tcp"));
        Both("prflx, IPv6 loopback, IPv4-mapped IPv6, DNS name", Make(Offer("mixed", [
            new(CandidateType.Prflx, CandidateProtocol.Udp, "100.64.0.1", 3478),
            new(CandidateType.Host, CandidateProtocol.Udp, "::1", 5000),
            new(CandidateType.Host, CandidateProtocol.Udp, "::ffff:10.0.0.1", 5001),
            new(CandidateType.Relay, CandidateProtocol.Udp, "turn-1.example.net", 3478)]), "mixed", url: Url));
        Both("longest ufrag and pwd with + and /", Make(
            Offer("long", [new(CandidateType.Host, CandidateProtocol.Udp, "10.1.2.3", 65535)]) with
            {
                Ufrag = string.Concat(Enumerable.Repeat("Ab+/", 16)),
                Pwd = string.Concat(Enumerable.Repeat("0123456789abcdef+/Z", 7))[..128],
                MaxMessageSize = uint.MaxValue,
            },
            "long"));
        Both("ufrag of 5 and pwd of 23: 6-bit packing with padding bits", Make(
            Offer("odd", [new(CandidateType.Host, CandidateProtocol.Udp, "10.1.2.4", 5000)]) with
            {
                Ufrag = "z9+/A",
                Pwd = "/+9zA0aZ/+9zA0aZ/+9zA0a",
                MaxMessageSize = 1073741823,
            },
            "odd"));
        Both("ufrag of 6 and pwd of 22, max-message-size 65536", Make(
            Offer("odd2", [new(CandidateType.Srflx, CandidateProtocol.Udp, "198.51.100.9", 5001)]) with
            {
                Ufrag = "Zz09+/",
                Pwd = "abcdefghijklmnopqrstu/",
                MaxMessageSize = 65536,
            },
            "odd2"));
        list.Add(new("lifetime 60 s (compact)", TokenEncoding.Compact, Make(Chromium, "short", lifetimeSeconds: 60)));
        list.Add(new("lifetime 900 s (json)", TokenEncoding.Json, Make(Chromium, "long-life", lifetimeSeconds: 900)));
        list.Add(new("expires exactly at now (compact)", TokenEncoding.Compact, Make(Chromium, "edge", expiresIn: 0, url: Url)));
        Both("rendezvous with port, path and query", Make(Chromium, "path", url: "http://127.0.0.1:5080/peer-link/?v=1"));
        list.Add(new("phone offer as digits (digits)", TokenEncoding.Digits, Make(phone, "phone-digits")));
        list.Add(new("chromium offer with rendezvous as digits (digits)", TokenEncoding.Digits, Make(Chromium, "chromium-digits", url: Url)));
        Both("rendezvous with a non-ASCII host", Make(Chromium, "unicode", url: "https://café.example/pay"));
        return list;
    }

    public static IReadOnlyList<InvalidVector> Invalid()
    {
        var list = new List<InvalidVector>();
        void Add(string name, string text, string reason) => list.Add(new(name, text, reason));
        void Bin(string name, byte[] bytes, string reason) => Add(name, Base64Url.Encode(bytes), reason);
        void Json(string name, Action<JsonObject> mutate, string reason)
        {
            var node = JsonNode.Parse(TokenCodec.ToJson(Base))!.AsObject();
            mutate(node);
            Add(name, Base64Url.Encode(Encoding.UTF8.GetBytes(node.ToJsonString())), reason);
        }

        JsonObject Offer(JsonObject t) => t["offer"]!.AsObject();
        JsonObject FirstCandidate(JsonObject t) => Offer(t)["candidates"]![0]!.AsObject();
        var good = Base64UrlBytes(TokenCodec.Encode(Base));
        var text = TokenCodec.Encode(Base);
        var host = Raw.Candidate(0, Raw.Ipv4, 54400);
        var desc = Raw.Description(maxMessageSizeVarint: [0x80, 0x80, 0x20], candidates: host);

        Add("empty", "", TokenParseReasons.Empty);
        Add("only whitespace", " \t\r\n ", TokenParseReasons.Empty);
        Add("link with nothing after #", "https://pay.example/#", TokenParseReasons.Empty);
        Add("4097 characters", new string('A', 4097), TokenParseReasons.TooLong);
        Add("padding", text[..^(text.Length % 4)] + "AA==", TokenParseReasons.BadBase64);
        Add("whitespace inside", text.Insert(20, " "), TokenParseReasons.BadBase64);
        Add("standard base64 alphabet", "AQ+/" + text[4..], TokenParseReasons.BadBase64);
        Add("impossible length", text[..((text.Length / 4 * 4) - 4)] + "A", TokenParseReasons.BadBase64);
        Add("non-zero trailing bits", "AR", TokenParseReasons.BadBase64);
        var digits = TokenCodec.Encode(Base, TokenEncoding.Digits);
        Add("digits: one digit too many", digits + "0", TokenParseReasons.BadDigits);
        Add("digits: one digit too few", digits[1..], TokenParseReasons.BadDigits);
        Add("digits: 256^3, one above the largest 3-byte value", "16777216", TokenParseReasons.BadDigits);
        Add("digits: all nines", new string('9', digits.Length), TokenParseReasons.BadDigits);
        Add("digits: two characters, no byte count", "12", TokenParseReasons.BadDigits);
        Add("digits: link with a digit form of a truncated token", "https://pay.example/#" + DigitForm.Encode(good.AsSpan(0, 40)), TokenParseReasons.Truncated);
        Add("digits: a byte string whose first byte is 0x02", DigitForm.Encode([0x02, .. good[1..]]), TokenParseReasons.UnsupportedVersion);
        Add("digits: 4097 digits", new string('1', 4097), TokenParseReasons.TooLong);
        Bin("version 2", [0x02, .. good[1..]], TokenParseReasons.UnsupportedVersion);
        Bin("version 0", [0x00, .. good[1..]], TokenParseReasons.UnsupportedVersion);
        Json("json v 2", t => t["v"] = 2, TokenParseReasons.UnsupportedVersion);
        Bin("truncated after the version", good[..1], TokenParseReasons.Truncated);
        Bin("truncated inside expiresAt", good[..3], TokenParseReasons.Truncated);
        Bin("truncated inside the flags and lifetime", good[..6], TokenParseReasons.Truncated);
        Bin("truncated inside the secret", good[..20], TokenParseReasons.Truncated);
        Bin("truncated inside the ufrag", good[..(Raw.HeaderLength + 3)], TokenParseReasons.Truncated);
        Bin("truncated inside the fingerprint", good[..70], TokenParseReasons.Truncated);
        Bin("truncated inside the varint", Raw.Token(Raw.Description(maxMessageSizeVarint: [0x80, 0x80, 0x10]))[..^2], TokenParseReasons.Truncated);
        Bin("truncated inside a candidate", good[..96], TokenParseReasons.Truncated);
        Bin("truncated inside the url", good[..^3], TokenParseReasons.Truncated);
        Bin("url flag without url", Raw.Token(desc, flags: 1), TokenParseReasons.Truncated);
        Bin("trailing byte", [.. good, 0x00], TokenParseReasons.TrailingBytes);
        Bin("reserved token flag", Raw.Token(desc, flags: 0x02), TokenParseReasons.ReservedBits);
        Bin("highest reserved token flag (bit 14)", Raw.Token(desc, flags: 0x20), TokenParseReasons.ReservedBits);
        Bin("reserved description flag", Raw.Token(Raw.Description(flags: 0x20, candidates: host)), TokenParseReasons.ReservedBits);
        Bin("reserved candidate bit", Raw.Token(Raw.Description(candidates: Raw.Candidate(0x20, Raw.Ipv4, 54400))), TokenParseReasons.ReservedBits);
        Bin("varint of 6 bytes", Raw.Token(Raw.Description(maxMessageSizeVarint: [0x80, 0x80, 0x80, 0x80, 0x80, 0x01])), TokenParseReasons.BadVarint);
        Bin("varint above 2^32-1", Raw.Token(Raw.Description(maxMessageSizeVarint: [0xFF, 0xFF, 0xFF, 0xFF, 0x1F])), TokenParseReasons.BadVarint);
        Bin("varint not minimal", Raw.Token(Raw.Description(maxMessageSizeVarint: [0x81, 0x00])), TokenParseReasons.BadVarint);
        Bin("max-message-size 0", Raw.Token(Raw.Description(maxMessageSizeVarint: [0x00])), TokenParseReasons.BadVarint);
        Bin("max-message-size 262144 as a varint (it has code 1)", Raw.Token(Raw.Description(maxMessageSizeVarint: [0x80, 0x80, 0x10])), TokenParseReasons.BadVarint);
        Bin("max-message-size 1073741823 as a varint (it has code 2)", Raw.Token(Raw.Description(maxMessageSizeVarint: [0xFF, 0xFF, 0xFF, 0xFF, 0x03])), TokenParseReasons.BadVarint);
        Bin("lifetime 59 s", Raw.Token(desc, lifetime: 59), TokenParseReasons.BadLifetime);
        Bin("lifetime 901 s", Raw.Token(desc, lifetime: 901), TokenParseReasons.BadLifetime);
        Bin("lifetime 1023 s, the largest 10-bit value", Raw.Token(desc, lifetime: 1023), TokenParseReasons.BadLifetime);
        Json("json lifetime not whole seconds", t => t["createdAt"] = t["createdAt"]!.GetValue<long>() + 1, TokenParseReasons.BadLifetime);
        Bin("expiresAt 0", Raw.Token(desc, expiresAt: 0), TokenParseReasons.BadExpiry);
        Json("json expiresAt 2^32 s", t =>
        {
            t["expiresAt"] = (1L << 32) * 1000;
            t["createdAt"] = ((1L << 32) * 1000) - 300_000;
        }, TokenParseReasons.BadExpiry);
        Json("json expiresAt not whole seconds", t =>
        {
            t["expiresAt"] = t["expiresAt"]!.GetValue<long>() + 1;
            t["createdAt"] = t["createdAt"]!.GetValue<long>() + 1;
        }, TokenParseReasons.BadExpiry);
        Bin("ufrag of 3", Raw.Token(Raw.Description(ufrag: "Xy1")), TokenParseReasons.BadUfrag);
        Json("json ufrag with '-'", t => Offer(t)["ufrag"] = "Xy-z", TokenParseReasons.BadUfrag);
        Bin("ufrag length 255", Raw.Token(Raw.Description(ufrag: new string('a', 255))), TokenParseReasons.BadUfrag);
        Bin("ufrag of 5 with non-zero padding bits", Raw.Token(Raw.Description(ufrag: "Xy1zA", padBits: 0x01)), TokenParseReasons.BadUfrag);
        Bin("ufrag length 200, input ending inside it", Raw.Token(Raw.Description())[..(Raw.HeaderLength + 1)] is var head ? [.. head, 200, .. Raw.Pack6("Xy1z", 0)] : [], TokenParseReasons.Truncated);
        Bin("url length 255, 3 bytes present", [.. Raw.Token(desc, flags: 1), 255, .. "htt"u8], TokenParseReasons.Truncated);
        Bin("candidate name of 254 bytes", Raw.Token(Raw.Description(candidates: Raw.Candidate(0x0C, Raw.Name("a" + new string('b', 253)), 3478, nameKind: true))), TokenParseReasons.BadCandidate);
        Json("json expiresAt negative", t => t["expiresAt"] = -1, TokenParseReasons.BadExpiry);
        Json("json createdAt after expiresAt", t => t["createdAt"] = t["expiresAt"]!.GetValue<long>() + 300_000, TokenParseReasons.BadLifetime);
        Bin("pwd of 21", Raw.Token(Raw.Description(pwd: new string('p', 21))), TokenParseReasons.BadPwd);
        Json("json pwd with space", t => Offer(t)["pwd"] = "q8Rz0e3YtB7vKc2LmN5pWs9 ", TokenParseReasons.BadPwd);
        Json("json fingerprint of 31 bytes", t => Offer(t)["fingerprint"] = Offer(t)["fingerprint"]!.GetValue<string>()[3..], TokenParseReasons.BadFingerprint);
        Json("json fingerprint not hex", t => Offer(t)["fingerprint"] = "ZZ" + Offer(t)["fingerprint"]!.GetValue<string>()[2..], TokenParseReasons.BadFingerprint);
        Bin("setup value 3", Raw.Token(Raw.Description(flags: 3)), TokenParseReasons.BadSetup);
        Bin("offer with setup active", Raw.Token(Raw.Description(flags: 1)), TokenParseReasons.BadSetup);
        Json("json setup holdconn", t => Offer(t)["setup"] = "holdconn", TokenParseReasons.BadSetup);
        Bin("17 candidates", Raw.Token(Raw.Description(candidates: [.. Enumerable.Repeat(host, 17)])), TokenParseReasons.TooManyCandidates);
        Bin("candidate count 255 with none present", Raw.Token(Raw.Description(count: 255)), TokenParseReasons.TooManyCandidates);
        Json("json 17 candidates", t =>
        {
            var list = Offer(t)["candidates"]!.AsArray();
            for (var i = 1; i < 17; i++)
            {
                list.Add(new JsonObject { ["type"] = "host", ["protocol"] = "udp", ["address"] = "10.0.0." + i, ["port"] = 1000 + i });
            }
        }, TokenParseReasons.TooManyCandidates);
        Bin("candidate port 0", Raw.Token(Raw.Description(candidates: Raw.Candidate(0, Raw.Ipv4, 0))), TokenParseReasons.BadCandidate);
        Bin("candidate name of length 0", Raw.Token(Raw.Description(candidates: Raw.Candidate(0x0C, [], 3478, nameKind: true))), TokenParseReasons.BadCandidate);
        Bin("candidate name in uppercase", Raw.Token(Raw.Description(candidates: Raw.Candidate(0x0C, Raw.Name("TURN.example"), 3478, nameKind: true))), TokenParseReasons.BadCandidate);
        Bin("candidate name holding an IPv4 literal", Raw.Token(Raw.Description(candidates: Raw.Candidate(0x0C, Raw.Name("192.168.1.23"), 3478, nameKind: true))), TokenParseReasons.BadCandidate);
        Bin("candidate name holding an mDNS uuid name", Raw.Token(Raw.Description(candidates: Raw.Candidate(0x0C, Raw.Name("3f0c2a4e-8b5d-4e7a-9c1d-2b3a4c5d6e7f.local"), 3478, nameKind: true))), TokenParseReasons.BadCandidate);
        Bin("sctp port 0", Raw.Token(Raw.Description(sctpPort: 0)), TokenParseReasons.BadCandidate);
        Json("json candidate type unknown", t => FirstCandidate(t)["type"] = "local", TokenParseReasons.BadCandidate);
        Json("json candidate port 65536", t => FirstCandidate(t)["port"] = 65536, TokenParseReasons.BadCandidate);
        Json("json IPv6 address not in RFC 5952 form", t => FirstCandidate(t)["address"] = "2001:DB8::1", TokenParseReasons.BadCandidate);
        Json("json IPv4 address with a leading zero", t => FirstCandidate(t)["address"] = "192.168.01.23", TokenParseReasons.BadCandidate);
        Json("json name without a letter", t => FirstCandidate(t)["address"] = "1.2.3", TokenParseReasons.BadCandidate);
        Json("json mDNS name in uppercase", t => FirstCandidate(t)["address"] = "3F0C2A4E-8B5D-4E7A-9C1D-2B3A4C5D6E7F.local", TokenParseReasons.BadCandidate);
        Json("json secret of 15 bytes", t => t["secret"] = Base64Url.Encode(Samples.Secret("short").AsSpan(0, 15)), TokenParseReasons.BadSecret);
        Json("json secret not base64url", t => t["secret"] = "AAAAAAAAAAAAAAAAAAAAAA==", TokenParseReasons.BadSecret);
        Bin("url of length 0", Raw.Token(desc, url: ""), TokenParseReasons.BadUrl);
        Bin("url not http(s)", Raw.Token(desc, url: "ftp://pay.example"), TokenParseReasons.BadUrl);
        Bin("url with a fragment", Raw.Token(desc, url: "https://pay.example/#x"), TokenParseReasons.BadUrl);
        Bin("url of bad UTF-8", [.. Raw.Token(desc, flags: 1), 10, .. "https://"u8, 0xC3, 0x28], TokenParseReasons.BadUrl);
        Json("json url of 201 bytes", t => t["rendezvous"] = "https://" + new string('a', 193), TokenParseReasons.BadUrl);
        Json("json url relative", t => t["rendezvous"] = "/pay", TokenParseReasons.BadUrl);
        Json("json unknown top-level member", t => t["amount"] = "12.50", TokenParseReasons.UnknownField);
        Json("json unknown offer member", t => Offer(t)["iceLite"] = true, TokenParseReasons.UnknownField);
        Json("json unknown candidate member", t => FirstCandidate(t)["priority"] = 1, TokenParseReasons.UnknownField);
        Json("json expiresAt as string", t => t["expiresAt"] = "1795000300000", TokenParseReasons.BadJson);
        Json("json v missing", t => t.Remove("v"), TokenParseReasons.BadJson);
        Json("json offer missing", t => t.Remove("offer"), TokenParseReasons.BadJson);
        Json("json offer is an array", t => t["offer"] = new JsonArray(), TokenParseReasons.BadJson);
        Json("json candidates not an array", t => Offer(t)["candidates"] = "none", TokenParseReasons.BadJson);
        Json("json port not an integer", t => FirstCandidate(t)["port"] = 54400.5, TokenParseReasons.BadJson);
        Json("json rendezvous null", t => t["rendezvous"] = null, TokenParseReasons.BadJson);
        Add("json syntax error", Base64Url.Encode("{\"v\":1,"u8), TokenParseReasons.BadJson);
        Add("json not UTF-8", Base64Url.Encode([(byte)'{', 0xFF, (byte)'}']), TokenParseReasons.BadJson);
        Add("expired by 1 s", TokenCodec.Encode(Make(Chromium, "expired", expiresIn: -1000)), TokenParseReasons.Expired);
        Add("expired json", TokenCodec.Encode(Make(Chromium, "expired-json", expiresIn: -60_000), TokenEncoding.Json), TokenParseReasons.Expired);
        Add("link to an expired token", "https://pay.example/#" + TokenCodec.Encode(Make(Chromium, "expired-link", expiresIn: -1000)), TokenParseReasons.Expired);
        Add("link to a truncated token", "https://pay.example/#" + Base64Url.Encode(good.AsSpan(0, 40)), TokenParseReasons.Truncated);
        return list;
    }

    public static BootstrapToken Make(SessionDescription offer, string label, int lifetimeSeconds = 300, long expiresIn = 300_000, string? url = null)
    {
        var expiresAt = Samples.Now + expiresIn;
        return new BootstrapToken(expiresAt, expiresAt - (lifetimeSeconds * 1000L), Samples.Secret(label), url, offer);
    }

    public static SessionDescription Offer(string label, IceCandidate[] candidates) =>
        new("Ab12", "Cd34Ef56Gh78Ij90Kl12Mn34", Samples.Fingerprint(label), DtlsSetup.ActPass, 262144, null, candidates);

    private static SessionDescription Sixteen()
    {
        var candidates = new List<IceCandidate>();
        for (var i = 0; i < 16; i++)
        {
            var type = (CandidateType)(i % 4);
            var address = (i % 4) switch
            {
                0 => $"192.168.{i}.{i + 1}",
                1 => $"2001:db8::{i + 1:x}",
                2 => $"{i:x8}-0000-4000-8000-{i:x12}.local",
                _ => $"relay-{i}.example.net",
            };
            candidates.Add(new(type, i % 3 == 0 ? CandidateProtocol.Tcp : CandidateProtocol.Udp, address, 40000 + i));
        }

        return Offer("sixteen", [.. candidates]);
    }

    private static byte[] Base64UrlBytes(string text) => Base64Url.TryDecode(text, out var b) ? b : throw new InvalidOperationException();
}
