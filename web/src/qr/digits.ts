// The digit form of a token: its bytes as decimal digits, so a QR code can carry them in numeric
// mode (10 bits per 3 digits ≈ 1.01 bits per bit) instead of byte mode (8 bits per base64url
// character = 1.33 bits per bit). WebAuthn's hybrid QR does the same. Every 7-byte chunk becomes 17
// digits (2^56 < 10^17); a final chunk of k bytes becomes PARTIAL_DIGITS[k] digits. Big-endian.
//
// Base64url and digit texts never collide: a compact token's text starts with `A` and a JSON one
// with `e`, so a text of only digits is always the digit form.
import { decodeBase64Url, encodeBase64Url } from '../base64url.js';

const CHUNK_BYTES = 7;
const CHUNK_DIGITS = 17;
const PARTIAL_DIGITS = [0, 3, 5, 8, 10, 13, 15] as const;
const DIGITS = /^[0-9]+$/;

export function bytesToDigits(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) {
    const chunk = bytes.subarray(i, i + CHUNK_BYTES);
    let value = BigInt(0);
    for (const b of chunk) value = value * BigInt(256) + BigInt(b);
    const width = chunk.length === CHUNK_BYTES ? CHUNK_DIGITS : PARTIAL_DIGITS[chunk.length]!;
    out += value.toString().padStart(width, '0');
  }
  return out;
}

/** Returns `undefined` when `text` is not a well-formed digit form. */
export function digitsToBytes(text: string): Uint8Array | undefined {
  if (!DIGITS.test(text)) return undefined;
  const full = Math.floor(text.length / CHUNK_DIGITS);
  const restDigits = text.length - full * CHUNK_DIGITS;
  const restBytes = PARTIAL_DIGITS.indexOf(restDigits as (typeof PARTIAL_DIGITS)[number]);
  if (restBytes < 0) return undefined;
  const out = new Uint8Array(full * CHUNK_BYTES + restBytes);
  let o = 0;
  for (let i = 0; i < text.length; ) {
    const width = i + CHUNK_DIGITS <= text.length ? CHUNK_DIGITS : restDigits;
    const bytes = width === CHUNK_DIGITS ? CHUNK_BYTES : restBytes;
    let value = BigInt(text.slice(i, i + width));
    let limit = BigInt(1);
    for (let j = 0; j < bytes; j++) limit *= BigInt(256);
    if (value >= limit) return undefined;
    for (let j = bytes - 1; j >= 0; j--) {
      out[o + j] = Number(value % BigInt(256));
      value /= BigInt(256);
    }
    o += bytes;
    i += width;
  }
  return out;
}

/** Splits a link `https://app/#<token>` (or a bare token) into what precedes the token and the token. */
export function splitLink(text: string): { prefix: string; token: string } {
  const hash = text.indexOf('#');
  return hash < 0 ? { prefix: '', token: text } : { prefix: text.slice(0, hash + 1), token: text.slice(hash + 1) };
}

/** The same link or token with its token in digit form, or `undefined` when the token is not base64url. */
export function toDigitForm(text: string): string | undefined {
  const { prefix, token } = splitLink(text);
  if (token === '' || DIGITS.test(token)) return undefined;
  const bytes = decodeBase64Url(token);
  return bytes === undefined || bytes.length === 0 ? undefined : prefix + bytesToDigits(bytes);
}

/** A token's first byte: 0x01 for the compact form, `{` for the JSON form (spec §4.3). */
const TOKEN_FIRST_BYTES = [0x01, 0x7b];

/**
 * Undoes {@link toDigitForm}: a link or token whose token is in digit form comes back with its
 * base64url token; any other text (including digits that are not a token) comes back unchanged.
 */
export function fromDigitForm(text: string): string {
  const { prefix, token } = splitLink(text.trim());
  const bytes = digitsToBytes(token);
  if (bytes === undefined || !TOKEN_FIRST_BYTES.includes(bytes[0] ?? -1)) return text;
  return prefix + encodeBase64Url(bytes);
}
