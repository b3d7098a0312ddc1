import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { createReader, createWriter } from './binary.js';
import { candidateFromJson, readDescription, writeDescription, type Candidate, type Description } from './description.js';
import { isObject } from './guards.js';

/** Plaintexts of mailbox boxes (spec §5.2). */
export type Signal =
  | { t: 'answer'; d: Description }
  | { t: 'candidates'; c: Candidate[] }
  | { t: 'end' }
  | { t: 'restart'; d: Description }
  | { t: 'restart-answer'; d: Description };

export function encodeDescription(d: Description): string {
  const w = createWriter();
  writeDescription(w, d);
  return encodeBase64Url(w.finish());
}

/** Throws PeerLinkError BOOTSTRAP_PARSE_FAILED on a bad description. */
export function decodeDescription(text: string): Description {
  const bytes = decodeBase64Url(text);
  if (!bytes) throw new TypeError('d: not base64url');
  const r = createReader(bytes);
  const d = readDescription(r);
  if (r.remaining > 0) throw new TypeError('d: trailing bytes');
  return d;
}

/** The JSON plaintext for a signal. */
export function signalToJson(s: Signal): unknown {
  switch (s.t) {
    case 'candidates':
      return { t: s.t, c: s.c };
    case 'end':
      return { t: s.t };
    default:
      return { t: s.t, d: encodeDescription(s.d) };
  }
}

/** Parses an opened box; the error message names the failing field. */
export function parseSignal(value: unknown): Signal {
  if (!isObject(value)) throw new TypeError('signal: not an object');
  const { t } = value;
  if (t === 'end') return { t };
  if (t === 'candidates') {
    if (!Array.isArray(value.c)) throw new TypeError('c: not an array');
    return { t, c: value.c.map(candidateFromJson) };
  }
  if (t === 'answer' || t === 'restart' || t === 'restart-answer') {
    if (typeof value.d !== 'string') throw new TypeError('d: not a string');
    const d = decodeDescription(value.d);
    if (t === 'restart' ? d.setup !== 'actpass' : d.setup === 'actpass') throw new TypeError('d.setup: wrong role');
    return { t, d };
  }
  throw new TypeError(`t: unknown signal ${String(t)}`);
}
