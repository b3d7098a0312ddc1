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

/** The data-channel message envelope (spec §7); `T` and `P` narrow it to one message type. */
export interface Envelope<T extends string = string, P extends object = Record<string, unknown>> {
  type: T;
  payload: P;
  timestamp: number;
  messageId: string;
}

// Standard payloads (spec §7). Extra members are kept on the wire; declare a custom type to type them.
export type PaymentRequest = { requestId: string; amount: string; currency: string; description?: string };
export type PaymentResponse = { requestId: string; status: 'accepted' | 'declined'; reason?: string };
export type PaymentAcknowledgment = { requestId: string; status: 'completed' | 'failed'; reference?: string };
/** `code` is the app's own, or `unknown_type` from the SDK (the peer does not know a type you sent; spec §7.2). */
export type ErrorPayload = { code: string; message: string; messageId?: string; type?: string };

/** Message type → payload: what `send()` accepts and `on('message')` delivers. */
export type MessageMap = Record<string, object>;

/** The standard application messages every connection knows. */
export type StandardMessages = {
  payment_request: PaymentRequest;
  payment_response: PaymentResponse;
  payment_acknowledgment: PaymentAcknowledgment;
  error: ErrorPayload;
};

/** One envelope per type of `M`, discriminated by `type`: `if (m.type === 'payment_request') m.payload.amount`. */
export type MessageOf<M extends MessageMap> = { [K in keyof M & string]: Envelope<K, M[K]> }[keyof M & string];

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
 * Checks a custom message type's payload. Returns `undefined` when valid, else a problem
 * `<field>: <problem>` (e.g. `sku: required`); the SDK reports it as `payload.sku: required`.
 */
export type PayloadValidator = (payload: Record<string, unknown>) => string | null | undefined;

/** A custom message type, made by `defineMessage()` and registered on both phones (`messageTypes`). */
export interface MessageDefinition<N extends string = string, P extends object = Record<string, unknown>> {
  readonly name: N;
  readonly validate: PayloadValidator;
  /** Type-level only: the payload type `send()` and `on('message')` use. Never set at run time. */
  readonly payloadType?: P;
}

/** The message map of the standard types plus the custom ones of `D`. */
export type MessagesOf<D extends readonly MessageDefinition[]> = StandardMessages & {
  [E in D[number] as E['name']]: E extends MessageDefinition<string, infer P> ? P : never;
};

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
  /**
   * Where links open; default `rendezvous`. A folder gets `/#<token>` (`https://shop.example/pay` →
   * `https://shop.example/pay/#…`), a file `#<token>` (`https://shop.example/pay.html#…`).
   */
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
  /** Custom message types from `defineMessage()`; the other phone must register the same ones. */
  messageTypes?: readonly MessageDefinition[];
  // Test seams; default to the globals.
  RTCPeerConnection?: typeof RTCPeerConnection;
  fetch?: typeof fetch;
  now?: () => number;
  random?: (bytes: Uint8Array) => Uint8Array;
}

export interface ConnectionEvents<M extends MessageMap = StandardMessages> {
  state: Transition;
  message: MessageOf<M>;
  invalid: { reason: string; raw: string };
  error: PeerLinkError;
}

export interface Connection<M extends MessageMap = StandardMessages> {
  readonly role: 'offerer' | 'answerer';
  readonly state: State;
  readonly error: PeerLinkError | undefined;
  /** Resolves on CONNECTED, rejects with PeerLinkError on FAILED (or CLOSED before connecting). */
  readonly opened: Promise<void>;
  on(event: 'state', cb: (t: Transition) => void): () => void;
  on(event: 'message', cb: (m: MessageOf<M>) => void): () => void;
  on(event: 'invalid', cb: (e: { reason: string; raw: string }) => void): () => void;
  on(event: 'error', cb: (e: PeerLinkError) => void): () => void;
  /** Resolves on the peer's ok receipt (it received and validated the message). */
  send<K extends keyof M & string>(type: K, payload: M[K]): Promise<Envelope<K, M[K]>>;
  transitions(): readonly Transition[];
  history(): readonly HistoryEntry[];
  invalidCount(): number;
  stats(): Promise<ConnectionStats>;
  close(reason?: string): void;
}

export interface Invitation<M extends MessageMap = StandardMessages> {
  token: string;
  link: string;
  expiresAt: number;
  /** State AWAITING_ANSWER until answered. */
  connection: Connection<M>;
  cancel(): void;
}

export interface Publication<M extends MessageMap = StandardMessages> {
  handle: string;
  expiresAt: number;
  /** The current offer's connection. */
  connection: Connection<M>;
  /** Each answered (and republished) offer. */
  on(event: 'connection', cb: (c: Connection<M>) => void): () => void;
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

export interface PeerLink<M extends MessageMap = StandardMessages> {
  /** Offerer, QR/link flow: offer ready, session created, token minted. */
  invite(): Promise<Invitation<M>>;
  /** Answerer: a token, a link or the scanned text. Rejects an expired token before any network call. */
  accept(tokenOrLink: string, options?: AcceptOptions): Promise<Connection<M>>;
  /**
   * Optional warm-up: fetches the ICE servers (TURN credentials) now, so a later invite() or
   * accept() does not wait for them. Call it when the Pay or Receive screen opens.
   */
  prepare(): Promise<void>;
  /** Offerer, remote flow. */
  publish(handle: string, options?: PublishOptions): Promise<Publication<M>>;
  /** Answerer, remote flow: lookup + accept. */
  connect(handle: string): Promise<Connection<M>>;
}
