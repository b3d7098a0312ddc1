import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../src/clock.js';
import { PeerLinkError } from '../src/errors.js';
import { createRendezvousClient } from '../src/rendezvous-client.js';
import { defaultRetryPolicy } from '../src/retry.js';

type Reply = Response | Error;
interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function fakeFetch(replies: Reply[]) {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const next = replies.shift();
    if (!next) throw new Error('no more replies');
    if (next instanceof Error) throw next;
    return next;
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const problem = (status: number, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify({ status, title: 't', detail: 'd', code, ...extra }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });

const client = (fetch: typeof globalThis.fetch) =>
  createRendezvousClient({
    baseUrl: 'https://rv.example/',
    fetch,
    clock: systemClock,
    retry: { ...defaultRetryPolicy, jitter: 0 },
    random01: () => 0.5,
  });

const errorOf = async (p: Promise<unknown>): Promise<PeerLinkError> => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PeerLinkError);
    return e as PeerLinkError;
  }
  throw new Error('expected a failure');
};

describe('rendezvous client', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes with a JSON body and reads the result', async () => {
    const f = fakeFetch([
      json(201, { tokenId: 't', username: 'coffee', publishedAt: 1, expiresAt: 2, ownerKey: 'k' }),
    ]);
    const r = await client(f.fetch).publish({ username: 'coffee', token: 'AQ', ttl: 60000 });
    expect(r).toEqual({ tokenId: 't', username: 'coffee', publishedAt: 1, expiresAt: 2, ownerKey: 'k' });
    expect(f.calls[0]).toMatchObject({ url: 'https://rv.example/publish', method: 'POST', body: { username: 'coffee', token: 'AQ', ttl: 60000 } });
    expect(f.calls[0]!.headers['Content-Type']).toBe('application/json');
    expect(f.calls[0]!.headers.Authorization).toBeUndefined();
  });

  it('sends the bearer key and encodes query and path parts', async () => {
    const f = fakeFetch([json(200, { success: true }), json(202, { seq: 4 })]);
    const c = client(f.fetch);
    await c.withdraw('a b', 'owner');
    expect(f.calls[0]).toMatchObject({ url: 'https://rv.example/publish?username=a%20b', method: 'DELETE' });
    expect(f.calls[0]!.headers.Authorization).toBe('Bearer owner');
    expect(await c.postSignal('s/1', { bye: true }, 'key')).toBe(4);
    expect(f.calls[1]!.url).toBe('https://rv.example/sessions/s%2F1/signals');
  });

  it.each([
    [404, 'not_found'],
    [409, 'handle_taken'],
    [400, 'invalid_token'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
  ])('maps a %i problem to REMOTE_SERVICE_ERROR with its code, without retrying', async (status, code) => {
    const f = fakeFetch([problem(status, code, code === 'invalid_token' ? { reason: 'expired' } : {})]);
    const e = await errorOf(client(f.fetch).lookup('coffee'));
    expect(e.code).toBe('REMOTE_SERVICE_ERROR');
    expect(e.reason).toBe(code);
    expect(e.status).toBe(status);
    expect(f.calls).toHaveLength(1);
  });

  it('reports a full mailbox as REMOTE_SERVICE_ERROR mailbox_full without retrying the post', async () => {
    const f = fakeFetch([problem(409, 'mailbox_full')]);
    const e = await errorOf(client(f.fetch).postSignal('s1', { box: 'AAAA' }, 'key'));
    expect(e.code).toBe('REMOTE_SERVICE_ERROR');
    expect(e.reason).toBe('mailbox_full');
    expect(e.status).toBe(409);
    expect(f.calls).toHaveLength(1);
  });

  it('names an error body that is not a problem by its status', async () => {
    const f = fakeFetch([new Response('<html>', { status: 418 })]);
    expect((await errorOf(client(f.fetch).lookup('coffee'))).reason).toBe('http_418');
  });

  it('retries 5xx and network errors with backoff 1 s, 2 s, then succeeds', async () => {
    const f = fakeFetch([problem(503, 'store_unavailable'), new TypeError('Failed to fetch'), json(200, { iceServers: [{ urls: 'stun:x' }], expiresAt: 9 })]);
    const p = client(f.fetch).iceServers();
    await vi.advanceTimersByTimeAsync(999);
    expect(f.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000);
    await expect(p).resolves.toEqual({ iceServers: [{ urls: 'stun:x' }], expiresAt: 9 });
  });

  it('gives up after 3 retries with the last error', async () => {
    const f = fakeFetch([problem(500, 'internal_error'), problem(500, 'internal_error'), problem(500, 'internal_error'), problem(502, 'store_unavailable')]);
    const p = errorOf(client(f.fetch).iceServers());
    await vi.advanceTimersByTimeAsync(7000);
    expect((await p).reason).toBe('store_unavailable');
    expect(f.calls).toHaveLength(4);
  });

  it('reports network failure as reason network', async () => {
    const f = fakeFetch([new TypeError('x'), new TypeError('x'), new TypeError('x'), new TypeError('x')]);
    const p = errorOf(client(f.fetch).iceServers());
    await vi.advanceTimersByTimeAsync(7000);
    expect((await p).reason).toBe('network');
  });

  it('honours Retry-After on 429', async () => {
    const f = fakeFetch([problem(429, 'rate_limited', {}, { 'Retry-After': '3' }), json(200, { success: true, expiresAt: 5 })]);
    const p = client(f.fetch).refresh({ username: 'coffee', ttl: 60000 }, 'owner');
    await vi.advanceTimersByTimeAsync(2999);
    expect(f.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(p).resolves.toEqual({ expiresAt: 5 });
  });

  it('does not wait for a Retry-After longer than the maximum delay', async () => {
    const f = fakeFetch([problem(429, 'rate_limited', {}, { 'Retry-After': '60' })]);
    expect((await errorOf(client(f.fetch).lookup('coffee'))).reason).toBe('rate_limited');
    expect(f.calls).toHaveLength(1);
  });

  it('names the missing field of a malformed success response', async () => {
    const f = fakeFetch([json(201, { sessionId: 's', expiresAt: 1 })]);
    const e = await errorOf(client(f.fetch).createSession({ sessionId: 's', answerKeyHash: 'h', expiresAt: 1 }));
    expect(e.reason).toBe('bad_response');
    expect(e.message).toContain('ownerKey');
  });

  it('validates the ICE server list', async () => {
    const f = fakeFetch([json(200, { iceServers: [{ urls: 5 }], expiresAt: 1 })]);
    const e = await errorOf(client(f.fetch).iceServers());
    expect(e.message).toContain('iceServers[0].urls');
  });
});
