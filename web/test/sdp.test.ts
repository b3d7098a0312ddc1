import { describe, expect, it } from 'vitest';
import { formatIPv6, parseIPv6 } from '../src/address.js';
import { PeerLinkError } from '../src/errors.js';
import { compactSdp, formatCandidate, parseCandidate, rebuildSdp } from '../src/sdp.js';
import { chromiumAnswer, chromiumOffer, FINGERPRINT_HEX, firefoxOffer } from './fixtures/sdp.js';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0').toUpperCase()).join(':');

describe('SDP compaction', () => {
  it('reads a Chromium offer: mDNS host + srflx, drops component 2 and tcptype active', () => {
    const d = compactSdp(chromiumOffer);
    expect(d.ufrag).toBe('Xy1z');
    expect(d.pwd).toBe('abcdefghijklmnopqrstuvwx');
    expect(hex(d.fingerprint)).toBe(FINGERPRINT_HEX);
    expect(d.setup).toBe('actpass');
    expect(d.maxMessageSize).toBe(262144);
    expect(d.sctpPort).toBeUndefined();
    expect(d.candidates).toEqual([
      { type: 'host', protocol: 'udp', address: '3f0c5e4a-1b2c-4d3e-8f90-a1b2c3d4e5f6.local', port: 54321 },
      { type: 'srflx', protocol: 'udp', address: '203.0.113.7', port: 61000 },
    ]);
  });

  it('reads a Firefox offer: session-level lowercase fingerprint, LF endings, IPv6, tcptype passive, relay', () => {
    const d = compactSdp(firefoxOffer);
    expect(d.ufrag).toBe('89abcdef');
    expect(d.pwd).toBe('0123456789abcdef0123456789abcdef');
    expect(hex(d.fingerprint)).toBe(FINGERPRINT_HEX);
    expect(d.maxMessageSize).toBe(1073741823);
    expect(d.candidates).toEqual([
      { type: 'host', protocol: 'udp', address: '2001:db8::1', port: 50000 },
      { type: 'host', protocol: 'tcp', address: '10.0.0.5', port: 50001 },
      { type: 'relay', protocol: 'udp', address: '198.51.100.2', port: 3478 },
    ]);
  });

  it('reads an answer as setup active', () => {
    expect(compactSdp(chromiumAnswer).setup).toBe('active');
  });

  it('keeps a non-default sctp-port', () => {
    expect(compactSdp(chromiumOffer.replace('a=sctp-port:5000', 'a=sctp-port:5001')).sctpPort).toBe(5001);
  });

  it.each([
    ['no ufrag', chromiumOffer.replace(/a=ice-ufrag:.*\r\n/, '')],
    ['no pwd', chromiumOffer.replace(/a=ice-pwd:.*\r\n/, '')],
    ['no sha-256 fingerprint', chromiumOffer.replace('sha-256', 'sha-1')],
    ['no data-channel section', chromiumOffer.replace('webrtc-datachannel', 'rtp')],
  ])('fails with unsupported_sdp when there is %s', (_name, sdp) => {
    try {
      compactSdp(sdp);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PeerLinkError);
      expect((e as PeerLinkError).code).toBe('BOOTSTRAP_GENERATION_FAILED');
      expect((e as PeerLinkError).reason).toBe('unsupported_sdp');
    }
  });

  it('rebuilds the exact text of spec §3', () => {
    const sdp = rebuildSdp(compactSdp(chromiumOffer), { sessionVersionId: '1', final: true });
    expect(sdp).toBe(
      [
        'v=0',
        'o=- 1 2 IN IP4 127.0.0.1',
        's=-',
        't=0 0',
        'a=group:BUNDLE 0',
        'a=msid-semantic: WMS',
        'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
        'c=IN IP4 0.0.0.0',
        'a=ice-ufrag:Xy1z',
        'a=ice-pwd:abcdefghijklmnopqrstuvwx',
        'a=ice-options:trickle',
        `a=fingerprint:sha-256 ${FINGERPRINT_HEX}`,
        'a=setup:actpass',
        'a=mid:0',
        'a=sctp-port:5000',
        'a=max-message-size:262144',
        `a=candidate:1 1 udp ${126 * 2 ** 24 + 65535 * 256 + 255} 3f0c5e4a-1b2c-4d3e-8f90-a1b2c3d4e5f6.local 54321 typ host`,
        `a=candidate:2 1 udp ${100 * 2 ** 24 + 65534 * 256 + 255} 203.0.113.7 61000 typ srflx`,
        'a=end-of-candidates',
        '',
      ].join('\r\n'),
    );
  });

  it('is stable: compact(rebuild(d)) = d for both browsers', () => {
    for (const sdp of [chromiumOffer, firefoxOffer]) {
      const d = compactSdp(sdp);
      expect(compactSdp(rebuildSdp(d))).toEqual(d);
    }
  });

  it('formats tcp candidates as tcptype passive with relay priority 0 type preference', () => {
    const line = formatCandidate({ type: 'relay', protocol: 'tcp', address: '10.0.0.1', port: 443 }, 3);
    expect(line).toBe(`candidate:4 1 tcp ${65532 * 256 + 255} 10.0.0.1 443 typ relay tcptype passive`);
    expect(parseCandidate(line)).toEqual({ type: 'relay', protocol: 'tcp', address: '10.0.0.1', port: 443 });
  });

  it.each([
    ['port 9', 'candidate:1 1 udp 1 10.0.0.1 9 typ host'],
    ['port 0', 'candidate:1 1 udp 1 10.0.0.1 0 typ host'],
    ['tcptype so', 'candidate:1 1 tcp 1 10.0.0.1 5000 typ host tcptype so'],
    ['component 2', 'candidate:1 2 udp 1 10.0.0.1 5000 typ host'],
    ['an IPv6 zone', 'candidate:1 1 udp 1 fe80::1%eth0 5000 typ host'],
    ['an unknown type', 'candidate:1 1 udp 1 10.0.0.1 5000 typ weird'],
  ])('drops a candidate with %s', (_name, line) => {
    expect(parseCandidate(line)).toBeUndefined();
  });
});

describe('IPv6 text', () => {
  it.each([
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['fe80::1:2:3:4', 'fe80::1:2:3:4'],
    ['2001:db8:1:1:1:1:0:1', '2001:db8:1:1:1:1:0:1'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
  ])('%s is written as %s (RFC 5952)', (input, expected) => {
    expect(formatIPv6(parseIPv6(input)!)).toBe(expected);
  });

  it.each(['1:::2', ':1', '1:2:3:4:5:6:7:8:9', '12345::', '1.2.3.4::'])('rejects %s', (input) => {
    expect(parseIPv6(input)).toBeUndefined();
  });
});
