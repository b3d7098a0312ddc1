import { sleep, type Clock } from './clock.js';
import { PeerLinkError } from './errors.js';
import { problemError, remoteError } from './rendezvous-client.js';
import { backoffDelay } from './retry.js';
import type { RetryPolicy } from './types.js';

// Server-sent events over fetch + a body reader (spec §6.1): EventSource cannot send the bearer
// header, and Safari 14.1 / Android WebView both stream fetch bodies.

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export interface SseParser {
  push(chunk: string): void;
}

/** WHATWG event-stream parsing: any line ending (even split across chunks), comments, multi-line data. */
export function createSseParser(onEvent: (e: SseEvent) => void, onId?: (id: string) => void): SseParser {
  let buffer = '';
  let skipLf = false;
  let data: string[] = [];
  let event = '';
  let id: string | undefined;

  const line = (text: string): void => {
    if (text === '') {
      if (data.length > 0) {
        const e: SseEvent = { event: event || 'message', data: data.join('\n') };
        if (id !== undefined) e.id = id;
        onEvent(e);
      }
      data = [];
      event = '';
      return;
    }
    if (text.startsWith(':')) return; // comment (keep-alive)
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) {
      id = value;
      onId?.(value);
    }
  };

  return {
    push(chunk) {
      let text = chunk;
      if (skipLf && text.startsWith('\n')) text = text.slice(1);
      skipLf = false;
      buffer += text;
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        if (!match) break;
        // A CR at the very end may be the first half of a CRLF split across chunks.
        if (match[0] === '\r' && match.index === buffer.length - 1) {
          line(buffer.slice(0, match.index));
          buffer = '';
          skipLf = true;
          break;
        }
        line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
      }
    },
  };
}

export interface EventStreamOptions {
  url: string;
  bearer: string;
  fetch: typeof fetch;
  clock: Clock;
  retry: RetryPolicy;
  random01: () => number;
  onEvent: (e: SseEvent) => void;
  /** Fatal: retries exhausted or the server refused (401/403/404). */
  onError: (e: PeerLinkError) => void;
  /** Reconnect when nothing (not even a keep-alive comment) arrived for this long. Default 45000. */
  idleMs?: number;
  /** Starts after this event id. */
  lastEventId?: string;
}

export interface EventStream {
  close(): void;
  readonly lastEventId: string | undefined;
}

export function openEventStream(options: EventStreamOptions): EventStream {
  const { clock } = options;
  const controller = new AbortController();
  let lastEventId = options.lastEventId;
  let closed = false;
  let failures = 0;
  const idleMs = options.idleMs ?? 45000;

  /** Resolves when the stream ended or dropped (to be retried); throws a refusal. */
  const connectOnce = async (): Promise<void> => {
    const attempt = new AbortController();
    const abortAttempt = (): void => attempt.abort();
    controller.signal.addEventListener('abort', abortAttempt);
    let idleTimer: unknown;
    const touch = (): void => {
      if (idleTimer !== undefined) clock.clearTimeout(idleTimer);
      idleTimer = clock.setTimeout(() => attempt.abort(), idleMs);
    };
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${options.bearer}` };
      if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
      touch();
      const response = await options.fetch(options.url, { headers, cache: 'no-store', signal: attempt.signal });
      if (!response.ok) {
        const error = await problemError(response);
        if (response.status >= 500 || response.status === 429) return;
        throw error;
      }
      if (!response.body) throw remoteError('no_stream', undefined, 'fetch has no body reader');
      failures = 0;
      const reader = response.body.getReader();
      // Aborting fetch ends the body in browsers; cancel the reader too so no read hangs.
      attempt.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined));
      const decoder = new TextDecoder();
      const parser = createSseParser(
        (e) => {
          if (!closed) options.onEvent(e);
        },
        (id) => {
          lastEventId = id;
        },
      );
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          touch();
          parser.push(decoder.decode(value, { stream: true }));
          if (closed) break;
        }
      } finally {
        reader.cancel().catch(() => undefined);
      }
    } catch (error) {
      // A refusal ends the stream; anything else (network, abort, idle) is a drop to reconnect from.
      if (error instanceof PeerLinkError) throw error;
    } finally {
      if (idleTimer !== undefined) clock.clearTimeout(idleTimer);
      controller.signal.removeEventListener('abort', abortAttempt);
    }
  };

  const run = async (): Promise<void> => {
    while (!closed) {
      try {
        await connectOnce();
      } catch (error) {
        if (!closed && error instanceof PeerLinkError) options.onError(error);
        return;
      }
      if (closed) return;
      // A clean end is a server restart or the session's end: reconnect with Last-Event-ID, and a
      // 404 then reports the end through onError.
      failures++;
      if (failures > options.retry.retries) {
        options.onError(new PeerLinkError('REMOTE_SERVICE_ERROR', 'event_stream_lost'));
        return;
      }
      try {
        await sleep(clock, backoffDelay(options.retry, failures - 1, options.random01), controller.signal);
      } catch {
        return;
      }
    }
  };
  void run();

  return {
    close() {
      if (closed) return;
      closed = true;
      controller.abort(); // aborts the current attempt too
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}
