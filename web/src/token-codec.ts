import { decodeBase64Url, encodeBase64Url, utf8Decode, utf8Encode } from './base64url.js';
import { createReader, createWriter, parseError } from './binary.js';
import { bytesToDigits, digitsToBytes, isDigitText } from './digit-form.js';
import {
  descriptionFromJson,
  descriptionToJson,
  readDescription,
  validateDescription,
  writeDescription,
  type Description,
} from './description.js';
import { extraKeys, isInteger, isObject, parseJson } from './guards.js';

/** The bootstrap token (spec §1): the QR payload and the published token. */
export interface BootstrapToken {
  version: 1;
  /** ms since epoch; valid while now <= expiresAt. */
  expiresAt: number;
  createdAt: number;
  /** 16 random bytes; every mailbox key derives from it. */
  secret: Uint8Array;
  rendezvous?: string;
  /** setup is always actpass. */
  offer: Description;
}

/** `digits`: the compact binary in the digit form (spec §4.3 step 3), for QR numeric mode. */
export type TokenEncoding = 'compact' | 'json' | 'digits';

export const MAX_TOKEN_TEXT = 4096;
/** The compact form carries expiresAt as u32 seconds (spec §4.1). */
const MAX_EXPIRY = 0xffffffff * 1000;
const TOKEN_KEYS = ['v', 'expiresAt', 'createdAt', 'secret', 'rendezvous', 'offer'] as const;

/** Throws BOOTSTRAP_PARSE_FAILED with the §4.3 reason of the first invalid field. */
function validateToken(t: BootstrapToken): void {
  if (!isInteger(t.expiresAt) || t.expiresAt <= 0 || t.expiresAt > MAX_EXPIRY || t.expiresAt % 1000 !== 0) {
    throw parseError('bad_expiry');
  }
  const lifetime = t.expiresAt - t.createdAt;
  if (!isInteger(t.createdAt) || lifetime % 1000 !== 0 || lifetime < 60_000 || lifetime > 900_000) {
    throw parseError('bad_lifetime');
  }
  if (t.secret.length !== 16) throw parseError('bad_secret');
  validateDescription(t.offer);
  if (t.offer.setup !== 'actpass') throw parseError('bad_setup', 'offer setup must be actpass');
  if (t.rendezvous !== undefined && !isValidRendezvousUrl(t.rendezvous)) throw parseError('bad_url');
}

export function isValidRendezvousUrl(url: string): boolean {
  const size = utf8Encode(url).length;
  // A non-empty host right after the scheme: `http:///x` would parse (as host x) but has none.
  if (size < 1 || size > 200 || url.includes('#') || !/^https?:\/\/[^/?\\\s]/.test(url)) return false;
  // Control characters and spaces would be silently stripped by URL parsers.
  if (/[\u0000-\u0020\u007f]/.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

export function encodeToken(token: BootstrapToken, encoding: TokenEncoding = 'compact'): string {
  validateToken(token);
  if (encoding === 'json') return encodeJsonToken(token);
  const bytes = encodeCompactToken(token);
  return encoding === 'digits' ? bytesToDigits(bytes) : encodeBase64Url(bytes);
}

function encodeCompactToken(t: BootstrapToken): Uint8Array {
  const w = createWriter();
  w.u8(0x01);
  w.u32(t.expiresAt / 1000);
  // One u16: URL flag (bit 15), reserved bits 10-14, lifetime in seconds (bits 0-9; spec §4.1).
  w.u16((t.rendezvous !== undefined ? 0x8000 : 0) | ((t.expiresAt - t.createdAt) / 1000));
  w.bytes(t.secret);
  writeDescription(w, t.offer);
  if (t.rendezvous !== undefined) {
    const url = utf8Encode(t.rendezvous);
    w.u8(url.length);
    w.bytes(url);
  }
  return w.finish();
}

function encodeJsonToken(t: BootstrapToken): string {
  return encodeBase64Url(utf8Encode(JSON.stringify(tokenToJson(t))));
}

/** The token text inside a scanned string or a link (spec §4.3 step 1). */
export function extractTokenText(input: string): string {
  let text = input.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
  const hash = text.indexOf('#');
  if (hash >= 0) text = text.slice(hash + 1);
  return text;
}

export interface DecodedToken {
  token: BootstrapToken;
  encoding: TokenEncoding;
}

/**
 * Decodes a token in either encoding, or a link whose fragment is one (spec §4.3). Fails with
 * PeerLinkError('BOOTSTRAP_PARSE_FAILED', reason); with `now`, an expired token fails with `expired`.
 */
export function decodeToken(input: string, now?: number): DecodedToken {
  const text = extractTokenText(input);
  if (text.length === 0) throw parseError('empty');
  if (text.length > MAX_TOKEN_TEXT) throw parseError('too_long');
  const digits = isDigitText(text);
  const bytes = digits ? digitsToBytes(text) : decodeBase64Url(text);
  if (!bytes) throw parseError(digits ? 'bad_digits' : 'bad_base64');
  let decoded: DecodedToken;
  if (bytes[0] === 0x7b) decoded = { token: decodeJsonToken(bytes), encoding: 'json' };
  else if (bytes[0] === 0x01) decoded = { token: decodeCompactToken(bytes), encoding: 'compact' };
  else throw parseError('unsupported_version');
  // A digit text is reported as such whatever its bytes are (as the C# decoder does).
  if (digits) decoded.encoding = 'digits';
  if (now !== undefined && now > decoded.token.expiresAt) throw parseError('expired');
  return decoded;
}

function decodeCompactToken(bytes: Uint8Array): BootstrapToken {
  const r = createReader(bytes);
  r.u8(); // version, checked by the caller
  // Seconds: 4 bytes instead of 6, and a token's expiry never needs milliseconds.
  const expiresAt = r.u32() * 1000;
  if (expiresAt === 0) throw parseError('bad_expiry');
  const head = r.u16();
  if (head & 0x7c00) throw parseError('reserved_bits');
  const lifetime = head & 0x3ff;
  if (lifetime < 60 || lifetime > 900) throw parseError('bad_lifetime');
  const secret = r.bytes(16);
  const offer = readDescription(r);
  if (offer.setup !== 'actpass') throw parseError('bad_setup', 'offer setup must be actpass');
  const token: BootstrapToken = { version: 1, expiresAt, createdAt: expiresAt - lifetime * 1000, secret, offer };
  if (head & 0x8000) {
    const len = r.u8();
    const url = utf8Decode(r.bytes(len));
    if (len === 0 || url === undefined || !isValidRendezvousUrl(url)) throw parseError('bad_url');
    token.rendezvous = url;
  }
  if (r.remaining > 0) throw parseError('trailing_bytes');
  return token;
}

function decodeJsonToken(bytes: Uint8Array): BootstrapToken {
  const text = utf8Decode(bytes);
  const value = text === undefined ? undefined : parseJson(text);
  if (!isObject(value)) throw parseError('bad_json');
  const extra = extraKeys(value, TOKEN_KEYS);
  if (extra.length) throw parseError('unknown_field', extra[0]);
  const { v, expiresAt, createdAt, secret, rendezvous, offer } = value;
  if (!isInteger(v)) throw parseError('bad_json', 'v');
  if (v !== 1) throw parseError('unsupported_version');
  if (!isInteger(expiresAt)) throw parseError('bad_json', 'expiresAt');
  if (!isInteger(createdAt)) throw parseError('bad_json', 'createdAt');
  if (typeof secret !== 'string') throw parseError('bad_json', 'secret');
  if (rendezvous !== undefined && typeof rendezvous !== 'string') throw parseError('bad_json', 'rendezvous');
  if (offer === undefined) throw parseError('bad_json', 'offer');
  const secretBytes = decodeBase64Url(secret);
  const token: BootstrapToken = {
    version: 1,
    expiresAt,
    createdAt,
    secret: secretBytes ?? new Uint8Array(0),
    offer: descriptionFromJson(offer),
  };
  if (rendezvous !== undefined) token.rendezvous = rendezvous;
  validateToken(token);
  return token;
}

/** The JSON form (§4.2) of a token, members in order, as in the vectors' `token` member. */
export function tokenToJson(t: BootstrapToken): Record<string, unknown> {
  return {
    v: 1,
    expiresAt: t.expiresAt,
    createdAt: t.createdAt,
    secret: encodeBase64Url(t.secret),
    ...(t.rendezvous !== undefined ? { rendezvous: t.rendezvous } : {}),
    offer: descriptionToJson(t.offer),
  };
}
