export type ErrorCode =
  | 'BOOTSTRAP_GENERATION_FAILED'
  | 'BOOTSTRAP_PARSE_FAILED'
  | 'CONNECTION_FAILED'
  | 'ICE_FAILED'
  | 'DATA_CHANNEL_FAILED'
  | 'MESSAGE_SEND_FAILED'
  | 'TIMEOUT'
  | 'REMOTE_SERVICE_ERROR';

/** Every failure the SDK reports: a stable `code` (spec §8) and a machine-readable `reason`. */
export class PeerLinkError extends Error {
  readonly code: ErrorCode;
  readonly reason: string;
  /** HTTP status when the error came from the rendezvous. */
  readonly status: number | undefined;

  constructor(code: ErrorCode, reason: string, message?: string, status?: number) {
    super(message ?? `${code}: ${reason}`);
    this.name = 'PeerLinkError';
    this.code = code;
    this.reason = reason;
    this.status = status;
  }
}

export function isPeerLinkError(value: unknown): value is PeerLinkError {
  return value instanceof PeerLinkError;
}

/** Wraps anything thrown into a PeerLinkError, keeping one that already is. */
export function toPeerLinkError(value: unknown, code: ErrorCode, reason: string): PeerLinkError {
  if (value instanceof PeerLinkError) return value;
  const detail = value instanceof Error ? value.message : String(value);
  return new PeerLinkError(code, reason, `${code}: ${reason} (${detail})`);
}
