import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../src/base64url.js';
import type { Description } from '../src/description.js';
import { PeerLinkError } from '../src/errors.js';
import { compactSdp } from '../src/sdp.js';
import { decodeToken, encodeToken, tokenToJson, type BootstrapToken } from '../src/token-codec.js';
import { chromiumOffer, firefoxOffer } from './fixtures/sdp.js';

const NOW = 1795000000000;

function sampleToken(offer: Description = compactSdp(chromiumOffer), rendezvous?: string): BootstrapToken {
  const t: BootstrapToken = {
    version: 1,
    expiresAt: NOW + 300000,
    createdAt: NOW,
    secret: Uint8Array.from({ length: 16 }, (_, i) => i + 1),
    offer,
  };
  if (rendezvous !== undefined) t.rendezvous = rendezvous;
  return t;
}

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PeerLinkError);
    const err = e as PeerLinkError;
    expect(err.code).toBe('BOOTSTRAP_PARSE_FAILED');
    return err.reason;
  }
  throw new Error('expected a parse failure');
}

const compactBytes = (t: BootstrapToken): Uint8Array => decodeBase64Url(encodeToken(t, 'compact'))!;
const mutate = (t: BootstrapToken, fn: (b: Uint8Array) => Uint8Array): string => encodeBase64Url(fn(compactBytes(t)));
const jsonText = (o: unknown): string => encodeBase64Url(new TextEncoder().encode(JSON.stringify(o)));

describe('token codec', () => {
  it.each([
    ['chromium', chromiumOffer, undefined],
    ['firefox', firefoxOffer, 'https://pay.example'],
  ])('round-trips a %s offer in both encodings', (_name, sdp, url) => {
    const token = sampleToken(compactSdp(sdp), url);
    const compact = encodeToken(token, 'compact');
    const json = encodeToken(token, 'json');
    expect(compact.startsWith('A')).toBe(true);
    expect(json.startsWith('ey')).toBe(true);
    for (const [text, encoding] of [
      [compact, 'compact'],
      [json, 'json'],
    ] as const) {
      const decoded = decodeToken(text, NOW);
      expect(decoded.encoding).toBe(encoding);
      expect(tokenToJson(decoded.token)).toEqual(tokenToJson(token));
      expect(encodeToken(decoded.token, encoding)).toBe(text);
    }
  });

  it('packs a Chromium offer to the layout of spec §4.1 (23 B header + 83 B description)', () => {
    // header: version 1, expiry u32 4, flags + lifetime u16 2, secret 16; description: flags 1
    // (max-message-size 262144 is code 1: no varint), ufrag 1+3 and pwd 1+18 (6 bits a character),
    // fingerprint 32, count 1, mDNS host 1+16+2, IPv4 srflx 1+4+2 (the component-2 and
    // tcptype-active lines are dropped)
    expect(compactBytes(sampleToken()).length).toBe(106);
  });

  it('reads the digit form (spec §4.3 step 3), bare or in the link a camera app opens', () => {
    const token = sampleToken(compactSdp(firefoxOffer), 'https://pay.example');
    const digits = encodeToken(token, 'digits');
    expect(digits).toMatch(/^[0-9]+$/);
    expect(decodeBase64Url(encodeToken(token, 'compact'))!.length).toBeGreaterThan(0);
    for (const text of [digits, `https://pay.example.com/#${digits}`, `HTTPS://PAY.EXAMPLE.COM/#${digits}`]) {
      const decoded = decodeToken(text, NOW);
      expect(decoded.encoding).toBe('digits');
      expect(tokenToJson(decoded.token)).toEqual(tokenToJson(token));
    }
  });

  it('refuses digits of no byte count, or of a value too large for their count, as bad_digits', () => {
    const digits = encodeToken(sampleToken(), 'digits');
    expect(reasonOf(() => decodeToken(`${digits}0`))).toBe('bad_digits');
    expect(reasonOf(() => decodeToken(digits.slice(1)))).toBe('bad_digits');
    expect(reasonOf(() => decodeToken('9'.repeat(digits.length)))).toBe('bad_digits');
    expect(reasonOf(() => decodeToken('1'.repeat(4097)))).toBe('too_long');
  });

  it('accepts a link, surrounding whitespace, and text after the first #', () => {
    const text = encodeToken(sampleToken(), 'compact');
    expect(decodeToken(`  https://app.example/#${text}\n`, NOW).encoding).toBe('compact');
    expect(decodeToken(`#${text}`, NOW).encoding).toBe('compact');
  });

  it('writes the JSON form with members in spec order and no whitespace', () => {
    const json = new TextDecoder().decode(decodeBase64Url(encodeToken(sampleToken(undefined, 'https://x.example'), 'json')));
    expect(json).toMatch(/^\{"v":1,"expiresAt":\d+,"createdAt":\d+,"secret":"[^"]+","rendezvous":"https:\/\/x.example","offer":\{"ufrag":/);
    expect(json).toContain('"setup":"actpass","maxMessageSize":262144,"candidates":[{"type":"host","protocol":"udp","address":');
    expect(json).not.toMatch(/\s/);
  });

  it('is valid at expiresAt and expired one millisecond later', () => {
    const text = encodeToken(sampleToken(), 'compact');
    expect(() => decodeToken(text, NOW + 300000)).not.toThrow();
    expect(reasonOf(() => decodeToken(text, NOW + 300001))).toBe('expired');
    expect(() => decodeToken(text)).not.toThrow();
  });

  describe('rejects', () => {
    const t = sampleToken();
    const json = tokenToJson(t) as Record<string, unknown>;
    const offerJson = json.offer as Record<string, unknown>;
    const cases: [string, string, string][] = [
      ['empty', '   ', 'empty'],
      ['empty after #', 'https://a.example/#', 'empty'],
      ['too long', 'A'.repeat(4097), 'too_long'],
      ['padding', encodeToken(t) + '=', 'bad_base64'],
      ['bad characters', 'AQ$$', 'bad_base64'],
      ['an unknown first byte', encodeBase64Url(Uint8Array.of(2, 0, 0)), 'unsupported_version'],
      ['truncation', mutate(t, (b) => b.slice(0, b.length - 1)), 'truncated'],
      ['a header only', encodeBase64Url(Uint8Array.of(1)), 'truncated'],
      ['trailing bytes', mutate(t, (b) => Uint8Array.from([...b, 0])), 'trailing_bytes'],
      ['a reserved token flag', mutate(t, (b) => ((b[5] = b[5]! | 0x04), b)), 'reserved_bits'],
      ['a zero expiry', mutate(t, (b) => (b.fill(0, 1, 5), b)), 'bad_expiry'],
      ['a lifetime of 59 s', mutate(t, (b) => ((b[5] = 0), (b[6] = 59), b)), 'bad_lifetime'],
      ['a lifetime of 901 s', mutate(t, (b) => ((b[5] = 3), (b[6] = 133), b)), 'bad_lifetime'],
      ['a lifetime of 1023 s (all 10 bits)', mutate(t, (b) => ((b[5] = 3), (b[6] = 255), b)), 'bad_lifetime'],
      ['a reserved description flag', mutate(t, (b) => ((b[23] = b[23]! | 0x20), b)), 'reserved_bits'],
      ['setup value 3', mutate(t, (b) => ((b[23] = b[23]! | 0x03), b)), 'bad_setup'],
      ['an offer that is not actpass', mutate(t, (b) => ((b[23] = (b[23]! & ~3) | 1), b)), 'bad_setup'],
      // 4 packed characters read with a count of 3: the 4th character's bits are then padding bits,
      // which must be zero (the vectors hold a case where only the padding is wrong).
      ['a ufrag count of 3 over 4 packed characters', mutate(t, (b) => ((b[24] = 3), b)), 'bad_ufrag'],
      ['a JSON expiry that is not whole seconds', jsonText({ ...json, expiresAt: NOW + 300001, createdAt: NOW + 1 }), 'bad_expiry'],
      ['JSON that does not parse', encodeBase64Url(new TextEncoder().encode('{"v":1,')), 'bad_json'],
      ['a JSON array', encodeBase64Url(new TextEncoder().encode('{]')), 'bad_json'],
      ['a JSON unknown member', jsonText({ ...json, amount: '12.50' }), 'unknown_field'],
      ['a JSON unknown offer member', jsonText({ ...json, offer: { ...offerJson, extra: 1 } }), 'unknown_field'],
      ['JSON v 2', jsonText({ ...json, v: 2 }), 'unsupported_version'],
      ['JSON missing offer', jsonText({ ...json, offer: undefined }), 'bad_json'],
      ['JSON string expiresAt', jsonText({ ...json, expiresAt: String(json.expiresAt) }), 'bad_json'],
      ['JSON expiry above (2^32-1) s', jsonText({ ...json, expiresAt: 2 ** 32 * 1000, createdAt: 2 ** 32 * 1000 - 300000 }), 'bad_expiry'],
      ['JSON fractional lifetime', jsonText({ ...json, createdAt: NOW + 1 }), 'bad_lifetime'],
      ['JSON short secret', jsonText({ ...json, secret: 'AAAA' }), 'bad_secret'],
      ['JSON bad pwd', jsonText({ ...json, offer: { ...offerJson, pwd: 'short' } }), 'bad_pwd'],
      ['JSON bad fingerprint', jsonText({ ...json, offer: { ...offerJson, fingerprint: 'AB:CD' } }), 'bad_fingerprint'],
      ['JSON unknown setup', jsonText({ ...json, offer: { ...offerJson, setup: 'holdconn' } }), 'bad_setup'],
      [
        'JSON 17 candidates',
        jsonText({ ...json, offer: { ...offerJson, candidates: Array.from({ length: 17 }, (_, i) => ({ type: 'host', protocol: 'udp', address: '10.0.0.1', port: 1000 + i })) } }),
        'too_many_candidates',
      ],
      [
        'JSON candidate port 0',
        jsonText({ ...json, offer: { ...offerJson, candidates: [{ type: 'host', protocol: 'udp', address: '10.0.0.1', port: 0 }] } }),
        'bad_candidate',
      ],
      [
        'JSON candidate with a bad name',
        jsonText({ ...json, offer: { ...offerJson, candidates: [{ type: 'host', protocol: 'udp', address: 'Bad_Name', port: 5 }] } }),
        'bad_candidate',
      ],
      ['JSON ftp URL', jsonText({ ...json, rendezvous: 'ftp://x.example' }), 'bad_url'],
      ['JSON URL with fragment', jsonText({ ...json, rendezvous: 'https://x.example/#a' }), 'bad_url'],
      ['JSON URL without a host', jsonText({ ...json, rendezvous: 'http:///x.example' }), 'bad_url'],
      ['JSON uppercase scheme', jsonText({ ...json, rendezvous: 'HTTPS://x.example' }), 'bad_url'],
      ['JSON max-message-size 0', jsonText({ ...json, offer: { ...offerJson, maxMessageSize: 0 } }), 'bad_varint'],
      ['JSON sctp port 65536', jsonText({ ...json, offer: { ...offerJson, sctpPort: 65536 } }), 'bad_candidate'],
      [
        'JSON: a bad max-message-size is found before a bad candidate (§2.2 order)',
        jsonText({ ...json, offer: { ...offerJson, maxMessageSize: 0, candidates: [{ type: 'host', protocol: 'udp', address: '10.0.0.1', port: 0 }] } }),
        'bad_varint',
      ],
      ['JSON URL over 200 bytes', jsonText({ ...json, rendezvous: `https://x.example/${'a'.repeat(190)}` }), 'bad_url'],
    ];
    it.each(cases)('%s', (_name, text, reason) => {
      expect(reasonOf(() => decodeToken(text, NOW))).toBe(reason);
    });

    /** The token with max-message-size code 3 and `varint` after the fingerprint (spec §2.1). */
    const withVarint = (varint: number[]): string => {
      const b = compactBytes(t);
      const flagsAt = 23;
      const ufragAt = flagsAt + 1;
      const pwdAt = ufragAt + 1 + Math.ceil((b[ufragAt]! * 6) / 8);
      const varintAt = pwdAt + 1 + Math.ceil((b[pwdAt]! * 6) / 8) + 32;
      const out = Uint8Array.from([...b.slice(0, varintAt), ...varint, ...b.slice(varintAt)]);
      out[flagsAt] = out[flagsAt]! | 0x0c;
      return encodeBase64Url(out);
    };

    it('a varint over 5 bytes, above 2^32-1, or holding a value that has a code', () => {
      expect(decodeToken(withVarint([0x80, 0x80, 0x20]), NOW).token.offer.maxMessageSize).toBe(524288);
      expect(reasonOf(() => decodeToken(withVarint([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), NOW))).toBe('bad_varint');
      expect(reasonOf(() => decodeToken(withVarint([0xff, 0xff, 0xff, 0xff, 0x1f]), NOW))).toBe('bad_varint');
      expect(reasonOf(() => decodeToken(withVarint([0x80, 0x80, 0x10]), NOW))).toBe('bad_varint'); // 262144: code 1
    });
  });
});
