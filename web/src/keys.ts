import { encodeBase64Url, owned, utf8Encode } from './base64url.js';
import { PeerLinkError } from './errors.js';

/** Everything the mailbox needs, derived from the token's secret (spec §5.1). */
export interface SessionKeys {
  /** 22 base64url characters. */
  sessionId: string;
  /** The answerer's bearer key (base64url of 32 bytes). */
  answerKey: string;
  /** base64url(SHA-256(answer key bytes)): all the rendezvous stores. */
  answerKeyHash: string;
  /** AES-256-GCM keys for boxes sent by each side. */
  offererBox: CryptoKey;
  answererBox: CryptoKey;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  // WebCrypto is only exposed in secure contexts (https or localhost).
  if (!s) {
    throw new PeerLinkError('CONNECTION_FAILED', 'insecure_context', 'CONNECTION_FAILED: insecure_context (WebCrypto needs https or localhost)');
  }
  return s;
}

export async function hkdf(secret: Uint8Array, label: string, length: number): Promise<Uint8Array> {
  const s = subtle();
  const ikm = await s.importKey('raw', owned(secret), 'HKDF', false, ['deriveBits']);
  const bits = await s.deriveBits(
    // An empty salt is HKDF's default (RFC 5869 §2.2: HashLen zero bytes give the same HMAC key).
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: owned(utf8Encode(`peerlink/v1/${label}`)) },
    ikm,
    length * 8,
  );
  return new Uint8Array(bits);
}

export async function deriveSessionId(secret: Uint8Array): Promise<string> {
  return encodeBase64Url(await hkdf(secret, 'session-id', 16));
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', owned(bytes)));
}

async function aesKey(raw: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('raw', owned(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

export async function deriveSessionKeys(secret: Uint8Array): Promise<SessionKeys> {
  const [id, answer, offererRaw, answererRaw] = await Promise.all([
    hkdf(secret, 'session-id', 16),
    hkdf(secret, 'answer-key', 32),
    hkdf(secret, 'box-offerer', 32),
    hkdf(secret, 'box-answerer', 32),
  ]);
  return {
    sessionId: encodeBase64Url(id),
    answerKey: encodeBase64Url(answer),
    answerKeyHash: encodeBase64Url(await sha256(answer)),
    offererBox: await aesKey(offererRaw),
    answererBox: await aesKey(answererRaw),
  };
}
