import { isObject, type JsonObject } from './guards.js';
import type { CandidateType, ConnectionStats } from './types.js';

const TYPES: readonly CandidateType[] = ['host', 'srflx', 'prflx', 'relay'];
const candidateType = (v: unknown): CandidateType | undefined => TYPES.find((t) => t === v);

type Entry = JsonObject;

/** The selected candidate pair from getStats(): Chromium names it on the transport, Firefox flags it. */
export function summarizeStats(report: RTCStatsReport): ConnectionStats {
  const entries = new Map<string, Entry>();
  report.forEach((value: unknown, key: string) => {
    if (isObject(value)) entries.set(key, value);
  });
  let pair: Entry | undefined;
  for (const e of entries.values()) {
    if (e.type === 'transport' && typeof e.selectedCandidatePairId === 'string') {
      pair = entries.get(e.selectedCandidatePairId);
      if (pair) break;
    }
  }
  if (!pair) {
    for (const e of entries.values()) {
      if (e.type === 'candidate-pair' && (e.selected === true || (e.nominated === true && e.state === 'succeeded'))) {
        pair = e;
        break;
      }
    }
  }
  const out: ConnectionStats = {};
  if (!pair) return out;
  const local = typeof pair.localCandidateId === 'string' ? entries.get(pair.localCandidateId) : undefined;
  const remote = typeof pair.remoteCandidateId === 'string' ? entries.get(pair.remoteCandidateId) : undefined;
  const localType = candidateType(local?.candidateType);
  const remoteType = candidateType(remote?.candidateType);
  if (localType) out.localCandidateType = localType;
  if (remoteType) out.remoteCandidateType = remoteType;
  if (typeof pair.currentRoundTripTime === 'number') out.rttMs = Math.round(pair.currentRoundTripTime * 1000 * 10) / 10;
  return out;
}
