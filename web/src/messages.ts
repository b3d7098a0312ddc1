import type { Clock } from './clock.js';
import { PeerLinkError } from './errors.js';
import { MAX_MESSAGE_BYTES, parseEnvelope, validateEnvelopeFields, type Validators } from './message-schema.js';
import type { Envelope, HistoryEntry } from './types.js';

// Messaging over the data channel (spec §7, design §6): receipts, dedup by messageId, bounded history,
// a queue while not connected that is flushed (and unreceipted messages re-sent) in order on (re)open.

/** Types that are SDK plumbing: never receipted, never delivered as 'message'. */
const CONTROL = new Set(['receipt', 'ping', 'pong']);
/** Delivered to the SDK only (version negotiation), kept in history. */
const INTERNAL = new Set(['receipt', 'ping', 'pong', 'handshake']);

export interface MessengerOptions {
  clock: Clock;
  newId: () => string;
  validators: Validators;
  receiptTimeoutMs: number;
  historyLimit?: number;
  dedupLimit?: number;
  onMessage: (envelope: Envelope) => void;
  onInvalid: (invalid: { reason: string; raw: string }) => void;
  /** ping, pong and handshake, after validation. */
  onControl?: (envelope: Envelope) => void;
}

export interface Messenger {
  send(type: string, payload: Record<string, unknown>): Promise<Envelope>;
  /** Fire-and-forget control message (ping/pong): dropped when not attached. */
  sendControl(type: 'ping' | 'pong', payload: Record<string, unknown>): void;
  receive(raw: string): void;
  /** The path works: write everything pending, in order (re-sending unreceipted ones). */
  attach(write: (text: string) => void): void;
  /**
   * The path is in doubt (ICE lost): application messages wait for the next attach; receipts and
   * pings still go out while the channel takes them, so a recovery can be noticed.
   */
  detach(): void;
  /** Rejects every pending send (teardown). */
  dispose(error: PeerLinkError): void;
  history(): readonly HistoryEntry[];
  invalidCount(): number;
  pendingCount(): number;
}

interface Pending {
  envelope: Envelope;
  text: string;
  resolve: (e: Envelope) => void;
  reject: (e: PeerLinkError) => void;
  timer: unknown;
}

export function createMessenger(options: MessengerOptions): Messenger {
  const { clock } = options;
  const historyLimit = options.historyLimit ?? 200;
  const dedupLimit = options.dedupLimit ?? 1024;
  const pending = new Map<string, Pending>(); // insertion order = send order
  const seen = new Set<string>();
  const log: HistoryEntry[] = [];
  let write: ((text: string) => void) | undefined;
  let flowing = false;
  let invalid = 0;
  let disposed: PeerLinkError | undefined;

  const record = (direction: 'in' | 'out', envelope: Envelope): void => {
    log.push({ direction, envelope, at: clock.now() });
    if (log.length > historyLimit) log.splice(0, log.length - historyLimit);
  };

  const settle = (id: string): Pending | undefined => {
    const p = pending.get(id);
    if (!p) return undefined;
    pending.delete(id);
    if (p.timer !== undefined) clock.clearTimeout(p.timer);
    return p;
  };

  const transmit = (p: Pending): void => {
    if (!write || !flowing) return;
    try {
      write(p.text);
    } catch {
      // The channel closed under us: it stays pending and is re-sent on the next attach.
      return;
    }
    if (p.timer !== undefined) clock.clearTimeout(p.timer);
    p.timer = clock.setTimeout(() => {
      settle(p.envelope.messageId)?.reject(new PeerLinkError('MESSAGE_SEND_FAILED', 'receipt_timeout'));
    }, options.receiptTimeoutMs);
  };

  const writeRaw = (envelope: Envelope): void => {
    if (!write) return;
    try {
      write(JSON.stringify(envelope));
    } catch {
      // best effort: receipts and pings are not queued
    }
  };

  const envelopeOf = (type: string, payload: Record<string, unknown>): Envelope => ({
    type,
    payload,
    timestamp: clock.now(),
    messageId: options.newId(),
  });

  const receipt = (messageId: string, status: 'ok' | 'rejected', reason?: string): void => {
    writeRaw(envelopeOf('receipt', reason === undefined ? { messageId, status } : { messageId, status, reason: reason.slice(0, 140) }));
  };

  const messenger: Messenger = {
    send(type, payload) {
      if (disposed) return Promise.reject(disposed);
      if (CONTROL.has(type)) {
        return Promise.reject(new PeerLinkError('MESSAGE_SEND_FAILED', `type: ${type} is reserved for the SDK`));
      }
      const envelope = envelopeOf(type, payload);
      const problem = validateEnvelopeFields({ ...envelope }, options.validators);
      if (problem) return Promise.reject(new PeerLinkError('MESSAGE_SEND_FAILED', problem));
      const text = JSON.stringify(envelope);
      if (new TextEncoder().encode(text).length > MAX_MESSAGE_BYTES) {
        return Promise.reject(new PeerLinkError('MESSAGE_SEND_FAILED', 'message: too_large'));
      }
      return new Promise<Envelope>((resolve, reject) => {
        const p: Pending = { envelope, text, resolve, reject, timer: undefined };
        pending.set(envelope.messageId, p);
        record('out', envelope);
        transmit(p);
      });
    },

    sendControl(type, payload) {
      writeRaw(envelopeOf(type, payload));
    },

    receive(raw) {
      const result = parseEnvelope(raw, options.validators);
      if (!result.ok) {
        invalid++;
        options.onInvalid({ reason: result.reason, raw: raw.length > 1024 ? raw.slice(0, 1024) : raw });
        if (result.messageId) receipt(result.messageId, 'rejected', result.reason);
        // A type this phone does not know (the apps disagree on their definitions): tell the peer's
        // app too, not only its send() (spec §7.2). The connection stays up.
        if (result.type !== undefined && result.reason === 'type: unknown_type') {
          messenger.send('error', { code: 'unknown_type', message: `unknown message type ${result.type}`, messageId: result.messageId, type: result.type }).catch(() => undefined);
        }
        return;
      }
      const envelope = result.envelope;
      if (envelope.type === 'receipt') {
        const id = envelope.payload.messageId;
        const p = typeof id === 'string' ? settle(id) : undefined;
        if (!p) return;
        if (envelope.payload.status === 'ok') p.resolve(p.envelope);
        else {
          const why = typeof envelope.payload.reason === 'string' ? envelope.payload.reason : 'rejected';
          p.reject(new PeerLinkError('MESSAGE_SEND_FAILED', `rejected: ${why}`));
        }
        return;
      }
      if (CONTROL.has(envelope.type)) {
        options.onControl?.(envelope);
        return;
      }
      receipt(envelope.messageId, 'ok');
      if (seen.has(envelope.messageId)) return; // a retry after a reconnect: receipted again, delivered once
      seen.add(envelope.messageId);
      if (seen.size > dedupLimit) {
        const oldest = seen.values().next();
        if (!oldest.done) seen.delete(oldest.value);
      }
      record('in', envelope);
      if (INTERNAL.has(envelope.type)) options.onControl?.(envelope);
      else options.onMessage(envelope);
    },

    attach(w) {
      write = w;
      flowing = true;
      for (const p of [...pending.values()]) transmit(p);
    },

    detach() {
      flowing = false;
      for (const p of pending.values()) {
        if (p.timer !== undefined) clock.clearTimeout(p.timer);
        p.timer = undefined;
      }
    },

    dispose(error) {
      disposed = error;
      write = undefined;
      flowing = false;
      for (const id of [...pending.keys()]) settle(id)?.reject(error);
    },

    history: () => log,
    invalidCount: () => invalid,
    pendingCount: () => pending.size,
  };
  return messenger;
}
