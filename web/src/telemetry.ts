import type { Context } from './context.js';
import { SDK_VERSION } from './context.js';
import type { ErrorCode } from './errors.js';
import type { CandidateType } from './types.js';

// Per-attempt telemetry (spec §6.2): outcome, method, role, timings, selected candidate type.
// Never addresses or payloads. Best effort: a failed report is dropped.

export type Method = 'qr' | 'link' | 'remote';
export type TimingName = 'offer' | 'answer' | 'ice' | 'channel' | 'total';

export interface AttemptReport {
  outcome: 'connected' | 'failed' | 'cancelled';
  method: Method;
  role: 'offerer' | 'answerer';
  errorCode?: ErrorCode;
  candidateType?: CandidateType;
  timings: Partial<Record<TimingName, number>>;
}

export function telemetryBody(report: AttemptReport): Record<string, unknown> {
  const timings: Record<string, number> = {};
  for (const [name, ms] of Object.entries(report.timings)) {
    if (typeof ms === 'number' && Number.isFinite(ms)) timings[name] = Math.min(600000, Math.max(0, Math.round(ms)));
  }
  return {
    outcome: report.outcome,
    method: report.method,
    role: report.role,
    ...(report.errorCode ? { errorCode: report.errorCode } : {}),
    ...(report.candidateType ? { candidateType: report.candidateType } : {}),
    timings,
    sdk: SDK_VERSION,
  };
}

export function sendTelemetry(ctx: Context, report: AttemptReport): void {
  if (!ctx.telemetry) return;
  ctx.client.telemetry(telemetryBody(report)).catch(() => undefined);
}
