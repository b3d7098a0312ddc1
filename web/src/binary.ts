import { PeerLinkError } from './errors.js';

/** Thrown by every token/description decoding step; the caller maps it (spec §4.3 reasons). */
export function parseError(reason: string, detail?: string): PeerLinkError {
  return new PeerLinkError('BOOTSTRAP_PARSE_FAILED', reason, detail ? `BOOTSTRAP_PARSE_FAILED: ${reason} (${detail})` : undefined);
}

export interface ByteWriter {
  u8(v: number): void;
  u16(v: number): void;
  u32(v: number): void;
  varint(v: number): void;
  bytes(b: Uint8Array): void;
  finish(): Uint8Array;
}

export function createWriter(): ByteWriter {
  const parts: number[] = [];
  return {
    u8: (v) => void parts.push(v & 0xff),
    u16: (v) => void parts.push((v >>> 8) & 0xff, v & 0xff),
    u32: (v) => void parts.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff),
    varint(v) {
      let n = v;
      while (n >= 0x80) {
        parts.push((n % 0x80) | 0x80);
        n = Math.floor(n / 0x80);
      }
      parts.push(n);
    },
    bytes: (b) => void parts.push(...b),
    finish: () => Uint8Array.from(parts),
  };
}

export interface ByteReader {
  readonly remaining: number;
  u8(): number;
  u16(): number;
  u32(): number;
  varint(): number;
  bytes(n: number): Uint8Array;
}

export function createReader(data: Uint8Array): ByteReader {
  let pos = 0;
  const need = (n: number): void => {
    if (pos + n > data.length) throw parseError('truncated');
  };
  return {
    get remaining() {
      return data.length - pos;
    },
    u8() {
      need(1);
      return data[pos++]!;
    },
    u16() {
      need(2);
      const v = (data[pos]! << 8) | data[pos + 1]!;
      pos += 2;
      return v;
    },
    u32() {
      need(4);
      let v = 0;
      for (let i = 0; i < 4; i++) v = v * 256 + data[pos + i]!;
      pos += 4;
      return v;
    },
    varint() {
      let value = 0;
      for (let i = 0; i < 5; i++) {
        need(1);
        const b = data[pos++]!;
        value += (b & 0x7f) * 2 ** (7 * i);
        if ((b & 0x80) === 0) {
          // Minimal encoding only: one byte string per value.
          if (value > 0xffffffff || (i > 0 && b === 0)) throw parseError('bad_varint');
          return value;
        }
      }
      throw parseError('bad_varint');
    },
    bytes(n) {
      need(n);
      const out = data.slice(pos, pos + n);
      pos += n;
      return out;
    },
  };
}
