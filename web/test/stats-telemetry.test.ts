import { describe, expect, it } from 'vitest';
import { summarizeStats } from '../src/stats.js';
import { telemetryBody } from '../src/telemetry.js';

const report = (entries: Record<string, Record<string, unknown>>): RTCStatsReport =>
  new Map(Object.entries(entries)) as unknown as RTCStatsReport;

describe('summarizeStats', () => {
  it('reads the pair Chromium names on the transport', () => {
    const s = summarizeStats(
      report({
        T: { type: 'transport', selectedCandidatePairId: 'P2' },
        P1: { type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', nominated: true, state: 'succeeded' },
        P2: { type: 'candidate-pair', localCandidateId: 'L2', remoteCandidateId: 'R2', currentRoundTripTime: 0.0125 },
        L1: { type: 'local-candidate', candidateType: 'host' },
        R1: { type: 'remote-candidate', candidateType: 'host' },
        L2: { type: 'local-candidate', candidateType: 'relay' },
        R2: { type: 'remote-candidate', candidateType: 'srflx' },
      }),
    );
    expect(s).toEqual({ localCandidateType: 'relay', remoteCandidateType: 'srflx', rttMs: 12.5 });
  });

  it("reads Firefox's selected flag", () => {
    const s = summarizeStats(
      report({
        P: { type: 'candidate-pair', localCandidateId: 'L', remoteCandidateId: 'R', selected: true },
        L: { type: 'local-candidate', candidateType: 'prflx' },
        R: { type: 'remote-candidate', candidateType: 'host' },
      }),
    );
    expect(s).toEqual({ localCandidateType: 'prflx', remoteCandidateType: 'host' });
  });

  it('is empty before a pair is selected, and ignores unknown candidate types', () => {
    expect(summarizeStats(report({ P: { type: 'candidate-pair', state: 'in-progress' } }))).toEqual({});
    expect(
      summarizeStats(
        report({
          P: { type: 'candidate-pair', localCandidateId: 'L', remoteCandidateId: 'R', selected: true },
          L: { type: 'local-candidate', candidateType: 'weird' },
        }),
      ),
    ).toEqual({});
  });
});

describe('telemetryBody', () => {
  it('keeps only the spec members, rounds and clamps timings to 0–600000', () => {
    const body = telemetryBody({
      outcome: 'failed',
      method: 'qr',
      role: 'answerer',
      errorCode: 'ICE_FAILED',
      timings: { answer: 12.6, ice: -3, total: 9e9 },
    });
    expect(body).toEqual({
      outcome: 'failed',
      method: 'qr',
      role: 'answerer',
      errorCode: 'ICE_FAILED',
      timings: { answer: 13, ice: 0, total: 600000 },
      sdk: '0.1.0',
    });
  });
});
