// The digit form of a token (spec §4.3 step 3): its n bytes as one big-endian unsigned integer in
// decimal, left-padded with zeros to the digit count of 256^n − 1. A QR code carries digits in
// numeric mode (10 bits per 3 digits ≈ 1.004 bits per bit) where base64url text in byte mode costs
// 1.33 bits per bit; a phone's camera app opens the QR's link with the digits as they are, so the
// decoder reads them. Base64url token texts start with a letter, so an all-digit text is never one.

const DIGITS = /^[0-9]+$/;
const LOG10_256 = Math.log10(256);

export const isDigitText = (text: string): boolean => DIGITS.test(text);

// A loop, not `**`: transpilers may lower `**` to Math.pow, which throws on BigInt.
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

/**
 * The bytes of a digit-form text, or `undefined` (spec reason `bad_digits`) when its length is no
 * digit count or its value is 256^n or more. Callers cap the length first (4096), bounding the work.
 */
export function digitsToBytes(text: string): Uint8Array | undefined {
  if (!DIGITS.test(text)) return undefined;
  // width(n) = floor(n · log10 256) + 1; the estimate is confirmed on the exact width.
  const estimate = Math.round((text.length - 1) / LOG10_256);
  const n = [estimate - 1, estimate, estimate + 1].find((c) => c > 0 && digitWidth(c) === text.length);
  if (n === undefined) return undefined;
  const value = BigInt(text);
  if (value >= power256(n)) return undefined;
  const out = new Uint8Array(n);
  const hex = value.toString(16).padStart(2 * n, '0');
  for (let i = 0; i < n; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
