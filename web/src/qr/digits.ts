// The digit form of a token: its bytes as decimal digits, so a QR code can carry them in numeric
// mode (10 bits per 3 digits ≈ 1.004 bits per bit) instead of byte mode (8 bits per base64url
// character = 1.33 bits per bit). WebAuthn's hybrid QR does the same. The n bytes are read as one
// big-endian unsigned integer and written in decimal, left-padded with zeros to width(n) digits,
// the digit count of 256^n − 1. width() grows by 2 or 3 per byte, so the length alone gives n.
// (Per-chunk conversion, as WebAuthn does it, costs ~3 more digits per 150 bytes: enough to cross
// a QR version boundary for a phone-like token.)
//
// Base64url and digit texts never collide: a compact token's text starts with `A` and a JSON one
// with `e`, so a text of only digits is always the digit form.
import { decodeBase64Url, encodeBase64Url } from '../base64url.js';

const DIGITS = /^[0-9]+$/;
/** Tokens are at most 4096 base64url characters (spec §4.3), 3072 bytes: 7398 digits. */
const MAX_DIGITS = 7398;
const LOG10_256 = Math.log10(256);

function power256(n: number): bigint {
  let value = BigInt(1);
  for (let i = 0; i < n; i++) value *= BigInt(256);
  return value;
}

/** Digits needed for any n-byte value: those of 256^n − 1 (exact, not floating point). */
export function digitWidth(n: number): number {
  return n === 0 ? 0 : (power256(n) - BigInt(1)).toString().length;
}

export function bytesToDigits(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return BigInt(`0x${hex}`).toString().padStart(digitWidth(bytes.length), '0');
}

/** Returns `undefined` when `text` is not a well-formed digit form. */
export function digitsToBytes(text: string): Uint8Array | undefined {
  if (text.length > MAX_DIGITS || !DIGITS.test(text)) return undefined;
  // width(n) = floor(n · log10 256) + 1; the estimate is checked exactly below.
  const estimate = Math.round((text.length - 1) / LOG10_256);
  const n = [estimate - 1, estimate, estimate + 1].find((c) => c > 0 && digitWidth(c) === text.length);
  if (n === undefined) return undefined;
  let value = BigInt(text);
  if (value >= power256(n)) return undefined;
  const out = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(value % BigInt(256));
    value /= BigInt(256);
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
