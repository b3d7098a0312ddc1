using System.Security.Cryptography;
using System.Text;

namespace PeerLink.Protocol.Tests.Vectors;

/// <summary>Realistic browser SDPs (formats measured in /work/shared/testing.md §7) and fixed secrets, so
/// the vectors are reproducible byte for byte.</summary>
internal static class Samples
{
    public const long Now = 1_795_000_000_000;

    public static byte[] Bytes(string label, int length) => SHA256.HashData(Encoding.UTF8.GetBytes(label))[..length];

    public static byte[] Secret(string label) => Bytes("secret:" + label, 16);

    public static byte[] Fingerprint(string label) => Bytes("fingerprint:" + label, 32);

    public static string FingerprintHex(string label) =>
        string.Join(':', Convert.ToHexString(Fingerprint(label)).Chunk(2).Select(p => new string(p)));

    public static string Crlf(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    public static string ChromiumOffer => Crlf(
        "v=0",
        "o=- 4215775240449105457 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0",
        "a=extmap-allow-mixed",
        "a=msid-semantic: WMS",
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
        "c=IN IP4 0.0.0.0",
        "a=candidate:3495225612 1 udp 2113937151 192.168.1.23 54400 typ host generation 0 network-cost 999",
        "a=candidate:1428230700 1 tcp 1518280447 192.168.1.23 9 typ host tcptype active generation 0 network-cost 999",
        "a=ice-ufrag:Xy1z",
        "a=ice-pwd:q8Rz0e3YtB7vKc2LmN5pWs9a",
        "a=ice-options:trickle",
        "a=fingerprint:sha-256 " + FingerprintHex("chromium-offer"),
        "a=setup:actpass",
        "a=mid:0",
        "a=sctp-port:5000",
        "a=max-message-size:262144");

    public static string ChromiumAnswer => Crlf(
        "v=0",
        "o=- 7316228519633840102 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0",
        "a=extmap-allow-mixed",
        "a=msid-semantic: WMS",
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
        "c=IN IP4 0.0.0.0",
        "a=candidate:2609112345 1 udp 2113937151 3f0c2a4e-8b5d-4e7a-9c1d-2b3a4c5d6e7f.local 50311 typ host generation 0 network-cost 999",
        "a=candidate:842163049 1 udp 1677729535 198.51.100.20 50311 typ srflx raddr 0.0.0.0 rport 0 generation 0 network-cost 999",
        "a=ice-ufrag:Q7+w",
        "a=ice-pwd:Lr4/Tz9Kd2VbN8xYc1MqWe6H",
        "a=ice-options:trickle",
        "a=fingerprint:sha-256 " + FingerprintHex("chromium-answer"),
        "a=setup:active",
        "a=mid:0",
        "a=sctp-port:5000",
        "a=max-message-size:262144");

    /// <summary>A phone behind NAT with TURN: two mDNS hosts (Wi-Fi, cellular), one srflx, two relays.</summary>
    public static string PhoneOffer => Crlf(
        "v=0",
        "o=- 1805393386151264881 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0",
        "a=extmap-allow-mixed",
        "a=msid-semantic: WMS",
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
        "c=IN IP4 0.0.0.0",
        "a=candidate:1467250027 1 udp 2122260223 6a2b9c4d-1e3f-4a5b-8c7d-9e0f1a2b3c4d.local 60769 typ host generation 0 network-id 1 network-cost 10",
        "a=candidate:2305842010 1 udp 2122194687 b7e1d2c3-4f5a-4b6c-9d8e-7f6a5b4c3d2e.local 41388 typ host generation 0 network-id 2 network-cost 900",
        "a=candidate:1227812431 1 tcp 1518280447 6a2b9c4d-1e3f-4a5b-8c7d-9e0f1a2b3c4d.local 9 typ host tcptype active generation 0 network-id 1 network-cost 10",
        "a=candidate:842163049 1 udp 1686052607 203.0.113.45 60769 typ srflx raddr 0.0.0.0 rport 0 generation 0 network-id 1 network-cost 10",
        "a=candidate:3574113712 1 udp 41885439 198.51.100.7 52140 typ relay raddr 203.0.113.45 rport 60769 generation 0 network-id 1 network-cost 10",
        "a=candidate:3574113713 1 udp 25108223 198.51.100.7 58211 typ relay raddr 203.0.113.45 rport 60770 generation 0 network-id 1 network-cost 10",
        "a=ice-ufrag:pH0n",
        "a=ice-pwd:Wm3Zr8Qx5Nc1Vb7Ty2Ls4Kd9",
        "a=ice-options:trickle",
        "a=fingerprint:sha-256 " + FingerprintHex("phone-offer"),
        "a=setup:actpass",
        "a=mid:0",
        "a=sctp-port:5000",
        "a=max-message-size:262144");

    /// <summary>Firefox: fingerprint at session level, uppercase transports, 8-hex ufrag, 32-hex pwd.</summary>
    public static string FirefoxOffer => Crlf(
        "v=0",
        "o=mozilla...THIS_IS_SDPARTA-128.0 6213408256380395290 0 IN IP4 0.0.0.0",
        "s=-",
        "t=0 0",
        "a=fingerprint:sha-256 " + FingerprintHex("firefox-offer"),
        "a=group:BUNDLE 0",
        "a=ice-options:trickle",
        "a=msid-semantic:WMS *",
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
        "c=IN IP4 0.0.0.0",
        "a=candidate:0 1 UDP 2122252543 192.168.1.23 61253 typ host",
        "a=candidate:1 1 UDP 2122187007 2001:DB8:85A3:0:0:8A2E:370:7334 61254 typ host",
        "a=candidate:2 1 TCP 2105524479 192.168.1.23 9 typ host tcptype active",
        "a=candidate:3 1 UDP 1686052863 203.0.113.77 61253 typ srflx raddr 192.168.1.23 rport 61253",
        "a=sendrecv",
        "a=end-of-candidates",
        "a=ice-pwd:6a1f3c9e2b7d4058a9e1c3b5d7f90246",
        "a=ice-ufrag:9f3e2a1b",
        "a=mid:0",
        "a=setup:actpass",
        "a=sctp-port:5000",
        "a=max-message-size:1073741823");

    public static string FirefoxAnswer => Crlf(
        "v=0",
        "o=mozilla...THIS_IS_SDPARTA-128.0 2793716440585017452 0 IN IP4 0.0.0.0",
        "s=-",
        "t=0 0",
        "a=fingerprint:sha-256 " + FingerprintHex("firefox-answer"),
        "a=group:BUNDLE 0",
        "a=ice-options:trickle",
        "a=msid-semantic:WMS *",
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
        "c=IN IP4 0.0.0.0",
        "a=candidate:0 1 UDP 2122252543 c5d4e3f2-a1b0-4c9d-8e7f-6a5b4c3d2e1f.local 49822 typ host",
        "a=candidate:1 1 TCP 2105524479 c5d4e3f2-a1b0-4c9d-8e7f-6a5b4c3d2e1f.local 9 typ host tcptype active",
        "a=candidate:2 1 TCP 2105458943 c5d4e3f2-a1b0-4c9d-8e7f-6a5b4c3d2e1f.local 49823 typ host tcptype passive",
        "a=candidate:3 1 UDP 8331263 198.51.100.9 61720 typ relay raddr 198.51.100.9 rport 61720",
        "a=sendrecv",
        "a=end-of-candidates",
        "a=ice-pwd:0d1c2b3a49586f7e8d9cab0b1c2d3e4f",
        "a=ice-ufrag:4e5f6a7b",
        "a=mid:0",
        "a=setup:active",
        "a=sctp-port:5000",
        "a=max-message-size:1073741823");

    /// <summary>No candidates yet (gathering not started), a non-default SCTP port, no max-message-size,
    /// media-level fingerprint in lowercase hex next to a sha-1 one.</summary>
    public static string BareOffer => Crlf(
        "v=0",
        "o=- 1 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE dc",
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
        "c=IN IP4 0.0.0.0",
        "a=ice-ufrag:bare",
        "a=ice-pwd:AbCdEfGhIjKlMnOpQrStUvWx",
        "a=fingerprint:sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33",
        "a=fingerprint:sha-256 " + FingerprintHex("bare-offer").ToLowerInvariant(),
        "a=setup:actpass",
        "a=mid:dc",
        "a=sctp-port:5001");
}
