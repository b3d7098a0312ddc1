import { formatIPv6, parseIPv6, addressKind } from './address.js';
import { fingerprintFromHex, fingerprintToHex, isValidPwd, isValidUfrag, MAX_CANDIDATES, type Candidate, type Description, type Setup } from './description.js';
import { PeerLinkError } from './errors.js';
import type { CandidateType } from './types.js';

// Compaction (spec §2/§3): SDP → the few fields that rebuild a data-channel description, and back.

const unsupported = (detail: string): PeerLinkError =>
  new PeerLinkError('BOOTSTRAP_GENERATION_FAILED', 'unsupported_sdp', `BOOTSTRAP_GENERATION_FAILED: unsupported_sdp (${detail})`);

const TYPE_PREF: Record<CandidateType, number> = { host: 126, prflx: 110, srflx: 100, relay: 0 };

/**
 * Parses one `candidate:` attribute value (with or without the `a=` prefix) into a compact candidate.
 * Returns `undefined` for candidates the compact form does not carry: component ≠ 1, tcptype
 * active/so, port 0 or 9, or an address that is neither IP nor a valid name.
 */
export function parseCandidate(line: string): Candidate | undefined {
  const text = line.replace(/^a=/, '').replace(/^candidate:/, '').trim();
  const f = text.split(/\s+/);
  if (f.length < 8 || f[6] !== 'typ') return undefined;
  const [, component, transport, , rawAddress, rawPort, , rawType] = f;
  if (component !== '1') return undefined;
  const protocol = transport?.toLowerCase();
  if (protocol !== 'udp' && protocol !== 'tcp') return undefined;
  const type = (['host', 'srflx', 'prflx', 'relay'] as const).find((t) => t === rawType);
  if (!type) return undefined;
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535 || port === 9) return undefined;
  if (protocol === 'tcp') {
    const i = f.indexOf('tcptype');
    if (i < 0 || f[i + 1] !== 'passive') return undefined;
  }
  let address = (rawAddress ?? '').toLowerCase();
  if (address.includes(':')) {
    const v6 = parseIPv6(address);
    if (!v6) return undefined;
    address = formatIPv6(v6);
  }
  if (addressKind(address) === undefined) return undefined;
  return { type, protocol, address, port };
}

/** The `candidate:` attribute value for the i-th candidate (foundation i+1, RFC 8445 priority). */
export function formatCandidate(c: Candidate, index: number): string {
  const priority = 2 ** 24 * TYPE_PREF[c.type] + 2 ** 8 * (65535 - index) + 255;
  return `candidate:${index + 1} 1 ${c.protocol} ${priority} ${c.address} ${c.port} typ ${c.type}${c.protocol === 'tcp' ? ' tcptype passive' : ''}`;
}

const sameCandidate = (a: Candidate, b: Candidate): boolean =>
  a.type === b.type && a.protocol === b.protocol && a.address === b.address && a.port === b.port;

/** Appends candidates not yet present, keeping at most 16 (spec §2). */
export function mergeCandidates(into: Candidate[], more: readonly Candidate[]): Candidate[] {
  const added: Candidate[] = [];
  for (const c of more) {
    if (into.length >= MAX_CANDIDATES) break;
    if (into.some((x) => sameCandidate(x, c))) continue;
    into.push(c);
    added.push(c);
  }
  return added;
}

/** SDP → compact description. Throws BOOTSTRAP_GENERATION_FAILED `unsupported_sdp`. */
export function compactSdp(sdp: string): Description {
  const lines = sdp.split(/\r?\n/);
  const firstM = lines.findIndex((l) => l.startsWith('m='));
  const appIndex = lines.findIndex((l) => /^m=application\s+\d+\s+\S+\s+webrtc-datachannel\s*$/.test(l));
  if (appIndex < 0) throw unsupported('no m=application webrtc-datachannel section');
  let end = lines.findIndex((l, i) => i > appIndex && l.startsWith('m='));
  if (end < 0) end = lines.length;
  const session = lines.slice(0, firstM < 0 ? lines.length : firstM);
  const media = lines.slice(appIndex + 1, end);

  const attr = (scope: readonly string[], name: string): string[] =>
    scope.filter((l) => l.startsWith(`a=${name}:`)).map((l) => l.slice(name.length + 3).trim());
  const pick = (name: string): string[] => [...attr(media, name), ...attr(session, name)];

  const ufrag = pick('ice-ufrag')[0];
  const pwd = pick('ice-pwd')[0];
  const sha256 = pick('fingerprint')
    .map((v) => v.split(/\s+/))
    .find(([alg]) => alg?.toLowerCase() === 'sha-256');
  if (!ufrag || !isValidUfrag(ufrag)) throw unsupported('ice-ufrag');
  if (!pwd || !isValidPwd(pwd)) throw unsupported('ice-pwd');
  const fingerprint = sha256?.[1] ? fingerprintFromHex(sha256[1]) : undefined;
  if (!fingerprint) throw unsupported('sha-256 fingerprint');
  const setupText = pick('setup')[0] ?? 'actpass';
  const setup = (['actpass', 'active', 'passive'] as const).find((s): s is Setup => s === setupText);
  if (!setup) throw unsupported(`setup ${setupText}`);

  const d: Description = { ufrag, pwd, fingerprint, setup, candidates: [] };
  const mms = Number(attr(media, 'max-message-size')[0] ?? NaN);
  if (Number.isInteger(mms) && mms >= 1 && mms <= 0xffffffff) d.maxMessageSize = mms;
  const sctp = Number(attr(media, 'sctp-port')[0] ?? NaN);
  if (Number.isInteger(sctp) && sctp >= 1 && sctp <= 65535 && sctp !== 5000) d.sctpPort = sctp;
  const candidates = attr(media, 'candidate')
    .map((v) => parseCandidate(`candidate:${v}`))
    .filter((c): c is Candidate => c !== undefined);
  mergeCandidates(d.candidates, candidates);
  return d;
}

export interface RebuildOptions {
  /** Adds `a=end-of-candidates` (the description is final). */
  final?: boolean;
  /** The o= line's session id; random when omitted (vectors use 1). */
  sessionVersionId?: string;
  /** The o= line's session version (spec: 2). A renegotiation (ICE restart) rebuilds with a higher one. */
  version?: number;
}

/** Compact description → SDP text (spec §3), CRLF line ends. */
export function rebuildSdp(d: Description, options: RebuildOptions = {}): string {
  const id = options.sessionVersionId ?? String(Math.floor(Math.random() * 2 ** 52));
  const lines = [
    'v=0',
    `o=- ${id} ${options.version ?? 2} IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'a=msid-semantic: WMS',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 0.0.0.0',
    `a=ice-ufrag:${d.ufrag}`,
    `a=ice-pwd:${d.pwd}`,
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fingerprintToHex(d.fingerprint)}`,
    `a=setup:${d.setup}`,
    'a=mid:0',
    `a=sctp-port:${d.sctpPort ?? 5000}`,
  ];
  if (d.maxMessageSize !== undefined) lines.push(`a=max-message-size:${d.maxMessageSize}`);
  d.candidates.forEach((c, i) => lines.push(`a=${formatCandidate(c, i)}`));
  if (options.final) lines.push('a=end-of-candidates');
  return lines.join('\r\n') + '\r\n';
}
