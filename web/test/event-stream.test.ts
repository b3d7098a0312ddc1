import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../src/clock.js';
import { PeerLinkError } from '../src/errors.js';
import { createSseParser, openEventStream, type SseEvent } from '../src/event-stream.js';
import { defaultRetryPolicy } from '../src/retry.js';

const parseAll = (chunks: string[]): SseEvent[] => {
  const events: SseEvent[] = [];
  const parser = createSseParser((e) => events.push(e));
  for (const c of chunks) parser.push(c);
  return events;
};

describe('SSE parser', () => {
  const text = ': keep-alive\n\nid: 1\nevent: signal\ndata: {"seq":1}\n\nid: 2\nevent: signal\ndata: {"seq":2}\n\n';
  const expected = [
    { id: '1', event: 'signal', data: '{"seq":1}' },
    { id: '2', event: 'signal', data: '{"seq":2}' },
  ];

  it('parses whole events and ignores keep-alive comments', () => {
    expect(parseAll([text])).toEqual(expected);
  });

  it('gives the same events whatever the chunk boundaries', () => {
    for (let size = 1; size < 12; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(parseAll(chunks)).toEqual(expected);
    }
  });

  it('accepts CRLF and CR line ends, including a CRLF split across chunks', () => {
    expect(parseAll(['id: 1\r', '\nevent: signal\r', '\ndata: x\r\n\r\n'])).toEqual([{ id: '1', event: 'signal', data: 'x' }]);
    expect(parseAll(['data: a\rdata: b\r\r'])).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('joins multi-line data, keeps the last id, ignores an event without data', () => {
    expect(parseAll(['id: 7\nevent: signal\n\ndata:x\ndata: y\n\n'])).toEqual([{ id: '7', event: 'message', data: 'x\ny' }]);
  });
});

/** A streaming Response whose body the test pushes into and ends. */
function streamingResponse() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  const enc = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
    push: (s: string) => controller.enqueue(enc.encode(s)),
    end: () => controller.close(),
    fail: () => controller.error(new TypeError('network lost')),
  };
}

describe('openEventStream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(replies: (() => Response)[]) {
    const calls: Record<string, string>[] = [];
    const events: SseEvent[] = [];
    const errors: PeerLinkError[] = [];
    const fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ ...(init?.headers as Record<string, string>) });
      const next = replies.shift();
      if (!next) throw new TypeError('offline');
      return next();
    }) as typeof globalThis.fetch;
    const stream = openEventStream({
      url: 'https://rv.example/sessions/s/events',
      bearer: 'owner',
      fetch,
      clock: systemClock,
      retry: { ...defaultRetryPolicy, jitter: 0 },
      random01: () => 0.5,
      onEvent: (e) => events.push(e),
      onError: (e) => errors.push(e),
    });
    return { calls, events, errors, stream };
  }

  it('sends the bearer header and reconnects with Last-Event-ID after the stream drops', async () => {
    const first = streamingResponse();
    const second = streamingResponse();
    const s = setup([() => first.response, () => second.response]);
    await vi.advanceTimersByTimeAsync(0);
    first.push('id: 1\nevent: signal\ndata: a\n\n: keep-alive\n\n');
    await vi.advanceTimersByTimeAsync(0);
    first.fail();
    await vi.advanceTimersByTimeAsync(1000);
    second.push('id: 2\nevent: signal\ndata: b\n\n');
    await vi.advanceTimersByTimeAsync(0);
    expect(s.events.map((e) => e.data)).toEqual(['a', 'b']);
    expect(s.calls[0]).toMatchObject({ Authorization: 'Bearer owner', Accept: 'text/event-stream' });
    expect(s.calls[0]!['Last-Event-ID']).toBeUndefined();
    expect(s.calls[1]!['Last-Event-ID']).toBe('1');
    expect(s.stream.lastEventId).toBe('2');
    s.stream.close();
  });

  it('stops with REMOTE_SERVICE_ERROR on a 404, without retrying', async () => {
    const s = setup([
      () => new Response(JSON.stringify({ code: 'session_not_found', status: 404 }), { status: 404, headers: { 'Content-Type': 'application/problem+json' } }),
    ]);
    await vi.advanceTimersByTimeAsync(20000);
    expect(s.errors.map((e) => [e.code, e.reason])).toEqual([['REMOTE_SERVICE_ERROR', 'session_not_found']]);
    expect(s.calls).toHaveLength(1);
  });

  it('gives up after 3 failed reconnects', async () => {
    const s = setup([]);
    await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000);
    expect(s.calls).toHaveLength(4);
    expect(s.errors.map((e) => e.reason)).toEqual(['event_stream_lost']);
  });

  it('reconnects when nothing, not even a keep-alive, arrives for 45 s', async () => {
    const first = streamingResponse();
    const second = streamingResponse();
    const s = setup([() => first.response, () => second.response]);
    await vi.advanceTimersByTimeAsync(44000);
    first.push(': keep-alive\n\n');
    await vi.advanceTimersByTimeAsync(44000);
    expect(s.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000 + 1000);
    expect(s.calls).toHaveLength(2);
    s.stream.close();
  });

  it('close() ends the stream and delivers nothing more', async () => {
    const first = streamingResponse();
    const s = setup([() => first.response]);
    await vi.advanceTimersByTimeAsync(0);
    s.stream.close();
    try {
      first.push('event: signal\ndata: late\n\n');
    } catch {
      // the reader was cancelled
    }
    await vi.advanceTimersByTimeAsync(60000);
    expect(s.events).toEqual([]);
    expect(s.calls).toHaveLength(1);
    expect(s.errors).toEqual([]);
  });
});
