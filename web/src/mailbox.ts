import { openBox, sealBox, type Sender } from './box.js';
import type { Context } from './context.js';
import { PeerLinkError } from './errors.js';
import { openEventStream, type EventStream, type SseEvent } from './event-stream.js';
import { isInteger, isObject, parseJson } from './guards.js';
import type { SessionKeys } from './keys.js';
import { parseSignal, signalToJson, type Signal } from './signals.js';

// One side of a session mailbox (spec §5): sealed boxes out, the other side's boxes in, in order.

export interface MailboxHandlers {
  onSignal: (signal: Signal) => void;
  /** A box that does not open or parse; `answer` is true for the answer itself (fatal). */
  onBadBox: (answer: boolean, detail: string) => void;
  onBye: () => void;
  onError: (error: PeerLinkError) => void;
}

export interface Mailbox {
  readonly sessionId: string;
  /** Answerer only: POST /answer with the sealed answer. */
  answer(signal: Signal): Promise<void>;
  /** Posts a sealed signal; sends are serialized so the other side sees them in order. */
  send(signal: Signal): Promise<void>;
  listen(handlers: MailboxHandlers): void;
  bye(): Promise<void>;
  /** Stops listening (idempotent). */
  close(): void;
  /** Boxes that failed to open or parse. */
  badBoxes(): number;
}

export interface MailboxOptions {
  ctx: Context;
  keys: SessionKeys;
  role: Sender;
  /** Owner key (offerer) or answer key (answerer). */
  bearer: string;
}

export function createMailbox({ ctx, keys, role, bearer }: MailboxOptions): Mailbox {
  const other: Sender = role === 'offerer' ? 'answerer' : 'offerer';
  const sendKey = role === 'offerer' ? keys.offererBox : keys.answererBox;
  const receiveKey = role === 'offerer' ? keys.answererBox : keys.offererBox;
  const { sessionId } = keys;
  let chain: Promise<unknown> = Promise.resolve();
  let stream: EventStream | undefined;
  let closed = false;
  let bad = 0;
  let inbound: Promise<void> = Promise.resolve();

  const seal = (signal: Signal): Promise<string> => sealBox(sendKey, sessionId, role, signalToJson(signal), ctx.random);
  const serialize = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };

  /** One `signal` event: a bye, or a box that must open, parse, and match its kind. */
  const handleEvent = async (e: SseEvent, handlers: MailboxHandlers): Promise<void> => {
    const value = parseJson(e.data);
    const isAnswer = isObject(value) && value.kind === 'answer';
    let signal: Signal;
    try {
      if (!isObject(value) || !isInteger(value.seq) || typeof value.kind !== 'string') throw new TypeError('event: malformed');
      if (value.kind === 'bye') return handlers.onBye();
      if (typeof value.box !== 'string') throw new TypeError('box: missing');
      const plain = await openBox(receiveKey, sessionId, other, value.box);
      if (plain === undefined) throw new TypeError('box: does not open');
      signal = parseSignal(plain);
      if (isAnswer !== (signal.t === 'answer')) throw new TypeError(`kind: ${value.kind} carries ${signal.t}`);
    } catch (error) {
      bad++;
      handlers.onBadBox(isAnswer, error instanceof Error ? error.message : String(error));
      return;
    }
    if (!closed) handlers.onSignal(signal);
  };

  return {
    sessionId,
    async answer(signal) {
      const box = await seal(signal);
      await serialize(() => ctx.client.postAnswer(sessionId, box, bearer));
    },
    async send(signal) {
      await serialize(async () => ctx.client.postSignal(sessionId, { box: await seal(signal) }, bearer));
    },
    listen(handlers) {
      if (stream || closed) return;
      stream = openEventStream({
        url: ctx.client.eventsUrl(sessionId),
        bearer,
        fetch: ctx.fetch,
        clock: ctx.clock,
        retry: ctx.retry,
        random01: ctx.random01,
        // Opening a box is async: keep events in order by chaining them.
        onEvent: (e) => {
          if (e.event !== 'signal') return;
          inbound = inbound.then(() => handleEvent(e, handlers)).catch(() => undefined);
        },
        onError: (error) => {
          if (!closed) handlers.onError(error);
        },
      });
    },
    async bye() {
      await serialize(() => ctx.client.postSignal(sessionId, { bye: true }, bearer));
    },
    close() {
      closed = true;
      stream?.close();
    },
    badBoxes: () => bad,
  };
}
