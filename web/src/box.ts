import { decodeBase64Url, encodeBase64Url, owned, utf8Decode, utf8Encode } from './base64url.js';
import { parseJson } from './guards.js';

// Mailbox boxes (spec §5.2): base64url(nonce ‖ ciphertext ‖ tag), AES-256-GCM, 12-byte random nonce,
// additional data "peerlink/v1/<sessionId>/<sender>" so a box cannot be replayed into the other
// direction or another session.

export type Sender = 'offerer' | 'answerer';

const additionalData = (sessionId: string, sender: Sender): Uint8Array<ArrayBuffer> =>
  owned(utf8Encode(`peerlink/v1/${sessionId}/${sender}`));

export async function sealBox(
  key: CryptoKey,
  sessionId: string,
  sender: Sender,
  plaintext: unknown,
  random: (bytes: Uint8Array) => Uint8Array,
): Promise<string> {
  const nonce = owned(random(new Uint8Array(12)));
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: additionalData(sessionId, sender), tagLength: 128 },
    key,
    owned(utf8Encode(JSON.stringify(plaintext))),
  );
  const out = new Uint8Array(12 + sealed.byteLength);
  out.set(nonce, 0);
  out.set(new Uint8Array(sealed), 12);
  return encodeBase64Url(out);
}

/** The parsed JSON plaintext, or `undefined` when the box does not open (tampered, wrong key, wrong sender). */
export async function openBox(key: CryptoKey, sessionId: string, sender: Sender, box: string): Promise<unknown> {
  const bytes = decodeBase64Url(box);
  if (!bytes || bytes.length < 12 + 16) return undefined;
  try {
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: owned(bytes.subarray(0, 12)), additionalData: additionalData(sessionId, sender), tagLength: 128 },
      key,
      owned(bytes.subarray(12)),
    );
    const text = utf8Decode(new Uint8Array(plain));
    return text === undefined ? undefined : parseJson(text);
  } catch {
    return undefined;
  }
}
