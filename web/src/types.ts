import type { PeerLinkError } from './errors.js';

export type State =
  | 'IDLE'
  | 'CREATING_OFFER'
  | 'AWAITING_ANSWER'
  | 'CONNECTING'
  | 'CONNECTED'
  | 'DISCONNECTED'
  | 'CLOSED'
  | 'FAILED';

export interface Transition {
  from: State;
  to: State;
  at: number;
  reason?: string;
}

/** The data-channel message envelope (spec §7). */
export interface Envelope {
  type: string;
  payload: Record<string, unknown>;
  timestamp: number;
  messageId: string;
}

export interface HistoryEntry {
  direction: 'in' | 'out';
  envelope: Envelope;
  at: number;
}

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface ConnectionStats {
  localCandidateType?: CandidateType;
  remoteCandidateType?: CandidateType;
  rttMs?: number;
}

/**
 * Validates a custom message type's payload. Returns `undefined` (or `null`) when valid, else a
 * problem `<field>: <problem>` (e.g. `sku: required`); the SDK reports it as `payload.sku: required`.
 */
export type PayloadValidator = (payload: Record<string, unknown>) => string | null | undefined;

/** Milliseconds allowed per phase. */
export interface PhaseTimeouts {
  /** CREATING_OFFER: offer + session creation. Default 10000. */
  offer: number;
  /** AWAITING_ANSWER: default 0 = until the token expires. */
  answer: number;
  /** CONNECTING: answer applied → channel open. Default 15000. */
  connecting: number;
  /** DISCONNECTED: time to recover (ICE restart) before closing. Default 20000. */
  disconnected: number;
  /** send(): time to get the peer's receipt once the message is on the wire. Default 15000. */
  receipt: number;
}

export interface RetryPolicy {
  retries: number;
  baseMs: number;
  maxMs: number;
  /** 0–1: the delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
}

export interface PeerLinkOptions {
  /** Base URL of the rendezvous, e.g. `location.origin`. */
  rendezvous: string;
  /** Base of links; default `rendezvous`. link = `${appUrl}/#${token}`. */
  appUrl?: string;
  /** Default: GET `${rendezvous}/ice-servers`. */
  iceServers?: RTCIceServer[];
  /** 'relay' → iceTransportPolicy 'relay'. */
  privacy?: 'default' | 'relay';
  /** Token lifetime, default 300000 (60000–900000). */
  ttlMs?: number;
  /** Auto-close after this long without any message; default 60000. */
  inactivityMs?: number;
  /** Ping interval while idle; default 10000. */
  keepAliveMs?: number;
  timeouts?: Partial<PhaseTimeouts>;
  retry?: Partial<RetryPolicy>;
  /** Default true: POST /telemetry after each attempt. */
  telemetry?: boolean;
  /** Custom message types. */
  messageTypes?: Record<string, PayloadValidator>;
  // Test seams; default to the globals.
  RTCPeerConnection?: typeof RTCPeerConnection;
  fetch?: typeof fetch;
  now?: () => number;
  random?: (bytes: Uint8Array) => Uint8Array;
}

export interface ConnectionEvents {
  state: Transition;
  message: Envelope;
  invalid: { reason: string; raw: string };
  error: PeerLinkError;
}

export interface Connection {
  readonly role: 'offerer' | 'answerer';
  readonly state: State;
  readonly error: PeerLinkError | undefined;
  /** Resolves on CONNECTED, rejects with PeerLinkError on FAILED (or CLOSED before connecting). */
  readonly opened: Promise<void>;
  on(event: 'state', cb: (t: Transition) => void): () => void;
  on(event: 'message', cb: (m: Envelope) => void): () => void;
  on(event: 'invalid', cb: (e: { reason: string; raw: string }) => void): () => void;
  on(event: 'error', cb: (e: PeerLinkError) => void): () => void;
  /** Resolves on the peer's ok receipt. */
  send(type: string, payload: Record<string, unknown>): Promise<Envelope>;
  transitions(): readonly Transition[];
  history(): readonly HistoryEntry[];
  invalidCount(): number;
  stats(): Promise<ConnectionStats>;
  close(reason?: string): void;
}

export interface Invitation {
  token: string;
  link: string;
  expiresAt: number;
  /** State AWAITING_ANSWER until answered. */
  connection: Connection;
  cancel(): void;
}

export interface Publication {
  handle: string;
  expiresAt: number;
  /** The current offer's connection. */
  connection: Connection;
  /** Each answered (and republished) offer. */
  on(event: 'connection', cb: (c: Connection) => void): () => void;
  refresh(ttlMs?: number): Promise<void>;
  withdraw(): Promise<void>;
}

export interface AcceptOptions {
  method?: 'qr' | 'link';
}

export interface PublishOptions {
  ttlMs?: number;
  republish?: boolean;
}

export interface PeerLink {
  /** Offerer, QR/link flow: offer ready, session created, token minted. */
  invite(): Promise<Invitation>;
  /** Answerer: a token, a link or the scanned text. Rejects an expired token before any network call. */
  accept(tokenOrLink: string, options?: AcceptOptions): Promise<Connection>;
  /**
   * Optional warm-up: fetches the ICE servers (TURN credentials) now, so a later invite() or
   * accept() does not wait for them. Call it when the Pay or Receive screen opens.
   */
  prepare(): Promise<void>;
  /** Offerer, remote flow. */
  publish(handle: string, options?: PublishOptions): Promise<Publication>;
  /** Answerer, remote flow: lookup + accept. */
  connect(handle: string): Promise<Connection>;
}
