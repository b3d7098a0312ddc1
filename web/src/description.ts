import {
  addressKind,
  bytesToUuidName,
  formatIPv4,
  formatIPv6,
  isValidName,
  parseIPv4,
  parseIPv6,
  uuidToBytes,
} from './address.js';
import { parseError, type ByteReader, type ByteWriter } from './binary.js';
import { extraKeys, isInteger, isObject } from './guards.js';
import type { CandidateType } from './types.js';

/** The compact session description (spec §2). */
export type Setup = 'actpass' | 'active' | 'passive';
export type Protocol = 'udp' | 'tcp';

export interface Candidate {
  type: CandidateType;
  protocol: Protocol;
  address: string;
  port: number;
}

export interface Description {
  ufrag: string;
  pwd: string;
  /** 32 raw bytes of the SHA-256 DTLS fingerprint. */
  fingerprint: Uint8Array;
  setup: Setup;
  maxMessageSize?: number;
  sctpPort?: number;
  candidates: Candidate[];
}

export const MAX_CANDIDATES = 16;
const SETUPS: readonly Setup[] = ['actpass', 'active', 'passive'];
const TYPES: readonly CandidateType[] = ['host', 'srflx', 'prflx', 'relay'];
const ICE_CHARS = /^[A-Za-z0-9+/]+$/;
const HEX_FINGERPRINT = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$/;

export function isValidUfrag(s: string): boolean {
  return s.length >= 4 && s.length <= 64 && ICE_CHARS.test(s);
}

export function isValidPwd(s: string): boolean {
  return s.length >= 22 && s.length <= 128 && ICE_CHARS.test(s);
}

export function fingerprintToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

export function fingerprintFromHex(text: string): Uint8Array | undefined {
  if (!HEX_FINGERPRINT.test(text)) return undefined;
  return Uint8Array.from(text.split(':'), (h) => parseInt(h, 16));
}

const validPort = (p: unknown): p is number => isInteger(p) && p >= 1 && p <= 65535;
const validMaxMessageSize = (v: number): boolean => v >= 1 && v <= 0xffffffff;

// maxMessageSize as a 2-bit code (spec §2.1): Chromium's and Firefox's values cost no byte; any
// other value follows as a varint (code 3).
const SIZE_CODES = [262144, 1073741823];
const sizeCode = (v: number | undefined): number => (v === undefined ? 0 : SIZE_CODES.indexOf(v) + 1 || 3);

// ufrag/pwd at 6 bits per character (spec §2.1): ice-char is exactly the base64 alphabet.
const ICE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const packedLength = (chars: number): number => Math.ceil((chars * 6) / 8);

function writeIceChars(w: ByteWriter, s: string): void {
  const out = new Uint8Array(packedLength(s.length));
  let bit = 0;
  for (const c of s) {
    const v = ICE_ALPHABET.indexOf(c);
    for (let i = 5; i >= 0; i--, bit++) if ((v >> i) & 1) out[bit >> 3]! |= 0x80 >> (bit & 7);
  }
  w.u8(s.length);
  w.bytes(out);
}

/** `undefined` when the padding bits are not zero: the caller fails with its field's reason. */
function readIceChars(r: ByteReader): string | undefined {
  const count = r.u8();
  const packed = r.bytes(packedLength(count));
  const bitAt = (bit: number): number => (packed[bit >> 3]! >> (7 - (bit & 7))) & 1;
  let s = '';
  let bit = 0;
  for (let k = 0; k < count; k++) {
    let v = 0;
    for (let i = 0; i < 6; i++, bit++) v = (v << 1) | bitAt(bit);
    s += ICE_ALPHABET[v];
  }
  for (; bit < packed.length * 8; bit++) if (bitAt(bit)) return undefined;
  return s;
}

/** Throws BOOTSTRAP_PARSE_FAILED with a §4.3 reason when a field is out of its domain. */
export function validateDescription(d: Description): void {
  if (!isValidUfrag(d.ufrag)) throw parseError('bad_ufrag');
  if (!isValidPwd(d.pwd)) throw parseError('bad_pwd');
  if (d.fingerprint.length !== 32) throw parseError('bad_fingerprint');
  if (d.maxMessageSize !== undefined && !validMaxMessageSize(d.maxMessageSize)) throw parseError('bad_varint');
  if (d.sctpPort !== undefined && !validPort(d.sctpPort)) throw parseError('bad_candidate', 'sctpPort');
  if (d.candidates.length > MAX_CANDIDATES) throw parseError('too_many_candidates');
  for (const c of d.candidates) {
    if (!TYPES.includes(c.type) || (c.protocol !== 'udp' && c.protocol !== 'tcp')) throw parseError('bad_candidate');
    if (!validPort(c.port) || addressKind(c.address) === undefined) throw parseError('bad_candidate');
  }
}

// ---- binary (§2.1) ----

export function writeDescription(w: ByteWriter, d: Description): void {
  const code = sizeCode(d.maxMessageSize);
  w.u8(SETUPS.indexOf(d.setup) | (code << 2) | (d.sctpPort !== undefined ? 16 : 0));
  writeIceChars(w, d.ufrag);
  writeIceChars(w, d.pwd);
  w.bytes(d.fingerprint);
  if (code === 3 && d.maxMessageSize !== undefined) w.varint(d.maxMessageSize);
  if (d.sctpPort !== undefined) w.u16(d.sctpPort);
  w.u8(d.candidates.length);
  for (const c of d.candidates) {
    const kind = addressKind(c.address);
    const kindBits = kind === 'ipv4' ? 0 : kind === 'ipv6' ? 1 : kind === 'mdns' ? 2 : 3;
    w.u8(TYPES.indexOf(c.type) | (kindBits << 2) | (c.protocol === 'tcp' ? 16 : 0));
    if (kind === 'ipv4') w.bytes(parseIPv4(c.address)!);
    else if (kind === 'ipv6') w.bytes(parseIPv6(c.address)!);
    else if (kind === 'mdns') w.bytes(uuidToBytes(c.address));
    else {
      const name = new TextEncoder().encode(c.address);
      w.u8(name.length);
      w.bytes(name);
    }
    w.u16(c.port);
  }
}

const ascii = (b: Uint8Array): string => String.fromCharCode(...b);

export function readDescription(r: ByteReader): Description {
  const flags = r.u8();
  if (flags & 0xe0) throw parseError('reserved_bits');
  const setupBits = flags & 3;
  if (setupBits === 3) throw parseError('bad_setup');
  const ufrag = readIceChars(r);
  if (ufrag === undefined || !isValidUfrag(ufrag)) throw parseError('bad_ufrag');
  const pwd = readIceChars(r);
  if (pwd === undefined || !isValidPwd(pwd)) throw parseError('bad_pwd');
  const fingerprint = r.bytes(32);
  const d: Description = { ufrag, pwd, fingerprint, setup: SETUPS[setupBits]!, candidates: [] };
  const code = (flags >> 2) & 3;
  if (code === 3) {
    const v = r.varint();
    // A value that has a code would give the description a second binary form.
    if (!validMaxMessageSize(v) || sizeCode(v) !== 3) throw parseError('bad_varint');
    d.maxMessageSize = v;
  } else if (code !== 0) {
    d.maxMessageSize = SIZE_CODES[code - 1]!;
  }
  if (flags & 16) {
    const port = r.u16();
    if (port === 0) throw parseError('bad_candidate', 'sctpPort 0');
    d.sctpPort = port;
  }
  const count = r.u8();
  if (count > MAX_CANDIDATES) throw parseError('too_many_candidates');
  for (let i = 0; i < count; i++) d.candidates.push(readCandidate(r));
  return d;
}

function readCandidate(r: ByteReader): Candidate {
  const head = r.u8();
  if (head & 0xe0) throw parseError('reserved_bits');
  const type = TYPES[head & 3]!;
  const kind = (head >> 2) & 3;
  let address: string;
  if (kind === 0) address = formatIPv4(r.bytes(4));
  else if (kind === 1) address = formatIPv6(r.bytes(16));
  else if (kind === 2) address = bytesToUuidName(r.bytes(16));
  else {
    const len = r.u8();
    const raw = r.bytes(len);
    address = ascii(raw);
    if (len === 0 || !isValidName(address)) throw parseError('bad_candidate', 'name');
  }
  const port = r.u16();
  if (port === 0) throw parseError('bad_candidate', 'port');
  return { type, protocol: head & 16 ? 'tcp' : 'udp', address, port };
}

// ---- JSON (§2.2) ----

export type DescriptionJson = {
  ufrag: string;
  pwd: string;
  fingerprint: string;
  setup: Setup;
  maxMessageSize?: number;
  sctpPort?: number;
  candidates: Candidate[];
};

/** Members in the order of §2.2 (vectors compare the text exactly). */
export function descriptionToJson(d: Description): DescriptionJson {
  return {
    ufrag: d.ufrag,
    pwd: d.pwd,
    fingerprint: fingerprintToHex(d.fingerprint),
    setup: d.setup,
    ...(d.maxMessageSize !== undefined ? { maxMessageSize: d.maxMessageSize } : {}),
    ...(d.sctpPort !== undefined ? { sctpPort: d.sctpPort } : {}),
    candidates: d.candidates.map((c) => ({ type: c.type, protocol: c.protocol, address: c.address, port: c.port })),
  };
}

const DESCRIPTION_KEYS = ['ufrag', 'pwd', 'fingerprint', 'setup', 'maxMessageSize', 'sctpPort', 'candidates'] as const;
const CANDIDATE_KEYS = ['type', 'protocol', 'address', 'port'] as const;

export function descriptionFromJson(value: unknown): Description {
  if (!isObject(value)) throw parseError('bad_json', 'offer');
  if (extraKeys(value, DESCRIPTION_KEYS).length) throw parseError('unknown_field', extraKeys(value, DESCRIPTION_KEYS)[0]);
  const { ufrag, pwd, fingerprint, setup, maxMessageSize, sctpPort, candidates } = value;
  if (typeof ufrag !== 'string') throw parseError('bad_json', 'ufrag');
  if (typeof pwd !== 'string') throw parseError('bad_json', 'pwd');
  if (typeof fingerprint !== 'string') throw parseError('bad_json', 'fingerprint');
  if (typeof setup !== 'string') throw parseError('bad_json', 'setup');
  if (maxMessageSize !== undefined && !isInteger(maxMessageSize)) throw parseError('bad_json', 'maxMessageSize');
  if (sctpPort !== undefined && !isInteger(sctpPort)) throw parseError('bad_json', 'sctpPort');
  if (!Array.isArray(candidates)) throw parseError('bad_json', 'candidates');
  if (!isValidUfrag(ufrag)) throw parseError('bad_ufrag');
  if (!isValidPwd(pwd)) throw parseError('bad_pwd');
  const fp = fingerprintFromHex(fingerprint);
  if (!fp) throw parseError('bad_fingerprint');
  const setupValue = SETUPS.find((s) => s === setup);
  if (!setupValue) throw parseError('bad_setup');
  // Values in §2.2 order (spec §4.3 "order of checks").
  if (maxMessageSize !== undefined && !validMaxMessageSize(maxMessageSize)) throw parseError('bad_varint');
  if (sctpPort !== undefined && !validPort(sctpPort)) throw parseError('bad_candidate', 'sctpPort');
  if (candidates.length > MAX_CANDIDATES) throw parseError('too_many_candidates');
  const d: Description = { ufrag, pwd, fingerprint: fp, setup: setupValue, candidates: candidates.map(candidateFromJson) };
  if (maxMessageSize !== undefined) d.maxMessageSize = maxMessageSize;
  if (sctpPort !== undefined) d.sctpPort = sctpPort;
  return d;
}

export function candidateFromJson(value: unknown): Candidate {
  if (!isObject(value)) throw parseError('bad_json', 'candidate');
  if (extraKeys(value, CANDIDATE_KEYS).length) throw parseError('unknown_field', extraKeys(value, CANDIDATE_KEYS)[0]);
  const { type, protocol, address, port } = value;
  if (typeof type !== 'string' || typeof protocol !== 'string' || typeof address !== 'string' || !isInteger(port)) {
    throw parseError('bad_json', 'candidate');
  }
  const t = TYPES.find((x) => x === type);
  const p = protocol === 'udp' || protocol === 'tcp' ? protocol : undefined;
  if (!t || !p || !validPort(port) || addressKind(address) === undefined) throw parseError('bad_candidate');
  return { type: t, protocol: p, address, port };
}
