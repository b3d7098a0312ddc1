import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../src/base64url.js';

describe('base64url', () => {
  it('round-trips every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const text = encodeBase64Url(bytes);
      expect(text).not.toMatch(/[=+/]/);
      expect(decodeBase64Url(text)).toEqual(bytes);
    }
  });

  it('matches RFC 4648 test vectors (url alphabet, no padding)', () => {
    const enc = (s: string): string => encodeBase64Url(new TextEncoder().encode(s));
    expect(enc('f')).toBe('Zg');
    expect(enc('fo')).toBe('Zm8');
    expect(enc('foo')).toBe('Zm9v');
    expect(enc('foob')).toBe('Zm9vYg');
    expect(encodeBase64Url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
  });

  it.each([
    ['padding', 'Zg=='],
    ['whitespace', 'Zm9v Yg'],
    ['standard alphabet', 'ab+/'],
    ['impossible length', 'Zm9vY'],
    ['non-zero trailing bits', 'Zh'],
    ['non-ASCII', 'Zm9é'],
  ])('rejects %s', (_name, text) => {
    expect(decodeBase64Url(text)).toBeUndefined();
  });
});
