import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../src/base64url.js';
import { openBox, sealBox } from '../src/box.js';
import { deriveSessionKeys, hkdf } from '../src/keys.js';
import { parseSignal, signalToJson } from '../src/signals.js';
import { compactSdp } from '../src/sdp.js';
import { chromiumAnswer } from './fixtures/sdp.js';

const secret = Uint8Array.from({ length: 16 }, (_, i) => i);
const random = (b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(b.length);
  crypto.getRandomValues(out);
  return out;
};

describe('mailbox keys', () => {
  it('matches RFC 5869-style HKDF-SHA256 with an empty salt (independent HMAC computation)', async () => {
    // HKDF with L ≤ 32: T(1) = HMAC(PRK, info || 0x01), PRK = HMAC(zeros(32), IKM).
    const hmac = async (key: Uint8Array, data: Uint8Array): Promise<Uint8Array> => {
      const k = await crypto.subtle.importKey('raw', new Uint8Array(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      return new Uint8Array(await crypto.subtle.sign('HMAC', k, new Uint8Array(data)));
    };
    const prk = await hmac(new Uint8Array(32), secret);
    const info = new TextEncoder().encode('peerlink/v1/session-id');
    const t1 = await hmac(prk, Uint8Array.from([...info, 1]));
    expect(await hkdf(secret, 'session-id', 16)).toEqual(t1.slice(0, 16));
  });

  it('derives a 22-character session id, a bearer key and its SHA-256', async () => {
    const keys = await deriveSessionKeys(secret);
    expect(keys.sessionId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(decodeBase64Url(keys.answerKey)).toHaveLength(32);
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(decodeBase64Url(keys.answerKey)!)));
    expect(keys.answerKeyHash).toBe(encodeBase64Url(hash));
  });
});

describe('boxes', () => {
  const answer = { t: 'answer' as const, d: compactSdp(chromiumAnswer) };

  it('opens what the right key, session and sender sealed', async () => {
    const keys = await deriveSessionKeys(secret);
    const box = await sealBox(keys.answererBox, keys.sessionId, 'answerer', signalToJson(answer), random);
    const plain = await openBox(keys.answererBox, keys.sessionId, 'answerer', box);
    expect(parseSignal(plain)).toEqual(answer);
  });

  it('refuses a tampered box (any flipped bit in nonce, ciphertext or tag)', async () => {
    const keys = await deriveSessionKeys(secret);
    const box = decodeBase64Url(await sealBox(keys.answererBox, keys.sessionId, 'answerer', { t: 'end' }, random))!;
    for (const at of [0, 12, box.length - 1]) {
      const bad = box.slice();
      bad[at] = bad[at]! ^ 1;
      expect(await openBox(keys.answererBox, keys.sessionId, 'answerer', encodeBase64Url(bad))).toBeUndefined();
    }
    expect(await openBox(keys.answererBox, keys.sessionId, 'answerer', encodeBase64Url(box.slice(0, 20)))).toBeUndefined();
    expect(await openBox(keys.answererBox, keys.sessionId, 'answerer', 'not base64!')).toBeUndefined();
  });

  it("refuses a box sealed with the other sender's key or labelled as the other sender", async () => {
    const keys = await deriveSessionKeys(secret);
    const box = await sealBox(keys.offererBox, keys.sessionId, 'offerer', { t: 'end' }, random);
    expect(await openBox(keys.answererBox, keys.sessionId, 'offerer', box)).toBeUndefined();
    expect(await openBox(keys.offererBox, keys.sessionId, 'answerer', box)).toBeUndefined();
    expect(await openBox(keys.offererBox, keys.sessionId, 'offerer', box)).toEqual({ t: 'end' });
  });

  it('refuses a box from another session (different secret)', async () => {
    const mine = await deriveSessionKeys(secret);
    const other = await deriveSessionKeys(Uint8Array.from({ length: 16 }, () => 7));
    const box = await sealBox(other.answererBox, other.sessionId, 'answerer', { t: 'end' }, random);
    expect(await openBox(mine.answererBox, mine.sessionId, 'answerer', box)).toBeUndefined();
  });
});

describe('signal plaintexts', () => {
  it.each([
    ['an unknown t', { t: 'hello' }, /t: unknown/],
    ['candidates that are not an array', { t: 'candidates', c: 'x' }, /c: not an array/],
    ['an answer without d', { t: 'answer' }, /d: not a string/],
    ['an answer with setup actpass', { t: 'answer', d: 'AA' }, /./],
  ])('rejects %s', (_name, value, message) => {
    expect(() => parseSignal(value)).toThrow(message);
  });

  it('round-trips candidates, end, restart and restart-answer', () => {
    const offer = { ...compactSdp(chromiumAnswer), setup: 'actpass' as const };
    const signals = [
      { t: 'candidates' as const, c: [{ type: 'relay' as const, protocol: 'udp' as const, address: '198.51.100.2', port: 3478 }] },
      { t: 'end' as const },
      { t: 'restart' as const, d: offer },
      { t: 'restart-answer' as const, d: compactSdp(chromiumAnswer) },
    ];
    for (const s of signals) expect(parseSignal(JSON.parse(JSON.stringify(signalToJson(s))))).toEqual(s);
  });
});
