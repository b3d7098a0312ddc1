// Link ⇄ digit-form link for the QR code. The digit form itself (spec §4.3 step 3) lives in the core
// codec (../digit-form.ts), which decodes it: a phone's camera app opens the QR's link as it is.
// (Per-chunk conversion, as WebAuthn's hybrid QR does it, costs ~3 more digits per 150 bytes:
// enough to cross a QR version boundary for a phone-like token.)
import { decodeBase64Url, encodeBase64Url } from '../base64url.js';
import { bytesToDigits, digitsToBytes } from '../digit-form.js';

export { bytesToDigits, digitsToBytes, digitWidth } from '../digit-form.js';

const DIGITS = /^[0-9]+$/;

/** Splits a link `https://app/#<token>` (or a bare token) into what precedes the token and the token. */
export function splitLink(text: string): { prefix: string; token: string } {
  const hash = text.indexOf('#');
  return hash < 0 ? { prefix: '', token: text } : { prefix: text.slice(0, hash + 1), token: text.slice(hash + 1) };
}

// An app URL whose path is `/` or empty: scheme and host are case-insensitive (RFC 3986 §3.1,
// §3.2.2), so upper-cased they fit QR alphanumeric mode (0-9 A-Z space $ % * + - . / :).
const LOWER_ORIGIN = /^(https?:\/\/[a-z0-9.-]+(?::[0-9]+)?\/?)#$/;
const UPPER_ORIGIN = /^(HTTPS?:\/\/[A-Z0-9.-]+(?::[0-9]+)?\/?)#$/;

/** `HTTPS://PAY.EXAMPLE.COM/` for the link prefix `https://pay.example.com/#`, or `undefined` when the prefix is not such an origin. */
export function alphanumericPrefix(prefix: string): string | undefined {
  return LOWER_ORIGIN.exec(prefix)?.[1]?.toUpperCase();
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
 * No longer needed before `accept()`, which reads the digit form itself (spec §4.3); kept for pages
 * that show or store the base64url text.
 */
export function fromDigitForm(text: string): string {
  const { prefix, token } = splitLink(text.trim());
  // The decoder's cap (spec §4.3 step 2) before any conversion.
  const bytes = token.length > 4096 ? undefined : digitsToBytes(token);
  if (bytes === undefined || !TOKEN_FIRST_BYTES.includes(bytes[0] ?? -1)) return text;
  // The QR may hold the origin upper-cased (alphanumeric mode): give back the link as it was made.
  return (UPPER_ORIGIN.test(prefix) ? prefix.toLowerCase() : prefix) + encodeBase64Url(bytes);
}
