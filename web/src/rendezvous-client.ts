import type { Clock } from './clock.js';
import { PeerLinkError } from './errors.js';
import { isInteger, isObject, type JsonObject } from './guards.js';
import { withRetry, type RetryDecision } from './retry.js';
import type { RetryPolicy } from './types.js';

// The rendezvous HTTP API (spec §6). Errors become REMOTE_SERVICE_ERROR with the problem `code` as
// reason; network errors, 5xx and 429 are retried with backoff (429 after Retry-After), 4xx are not.

/** What a success body must hold: each member's JSON type (`integer`: a safe integer). */
type Shape = Record<string, 'string' | 'integer'>;
type Read<S extends Shape> = { [K in keyof S]: S[K] extends 'string' ? string : number };

const PUBLISHED = { tokenId: 'string', username: 'string', publishedAt: 'integer', expiresAt: 'integer', ownerKey: 'string' } as const;
const FOUND = { token: 'string', username: 'string', tokenId: 'string', publishedAt: 'integer', expiresAt: 'integer' } as const;
const SESSION = { sessionId: 'string', ownerKey: 'string', expiresAt: 'integer' } as const;
const EXPIRY = { expiresAt: 'integer' } as const;
const SEQ = { seq: 'integer' } as const;

export type SignalBody = { box: string } | { bye: true };

export interface RendezvousClient {
  readonly baseUrl: string;
  publish(body: { username: string; token: string; ttl?: number }, ownerKey?: string): Promise<Read<typeof PUBLISHED>>;
  refresh(body: { username: string; ttl: number }, ownerKey: string): Promise<Read<typeof EXPIRY>>;
  withdraw(username: string, ownerKey: string): Promise<void>;
  lookup(username: string): Promise<Read<typeof FOUND>>;
  createSession(body: { sessionId: string; answerKeyHash: string; expiresAt: number }): Promise<Read<typeof SESSION>>;
  postAnswer(sessionId: string, box: string, answerKey: string): Promise<number>;
  postSignal(sessionId: string, body: SignalBody, key: string): Promise<number>;
  deleteSession(sessionId: string, ownerKey: string): Promise<void>;
  iceServers(): Promise<{ iceServers: RTCIceServer[]; expiresAt: number }>;
  telemetry(body: JsonObject): Promise<void>;
  /** The URL of a session's event stream. */
  eventsUrl(sessionId: string): string;
}

export interface RendezvousClientOptions {
  baseUrl: string;
  fetch: typeof fetch;
  clock: Clock;
  retry: RetryPolicy;
  random01: () => number;
}

/** REMOTE_SERVICE_ERROR `reason`; `detail` (a field, the server's words) only goes into the message. */
export const remoteError = (reason: string, status?: number, detail?: string): PeerLinkError =>
  new PeerLinkError('REMOTE_SERVICE_ERROR', reason, `REMOTE_SERVICE_ERROR: ${reason}${detail ? ` (${detail})` : ''}`, status);

const badResponse = (member: string): PeerLinkError => remoteError('bad_response', undefined, member);

/** An error response as a PeerLinkError carrying the problem's `code` (else `http_<status>`). */
export async function problemError(response: Response): Promise<PeerLinkError> {
  const body: unknown = await response.json().catch(() => undefined);
  if (!isObject(body) || typeof body.code !== 'string') return remoteError(`http_${response.status}`, response.status);
  const detail = [body.reason, body.detail ?? body.title].filter((s) => typeof s === 'string').join(': ');
  return remoteError(body.code, response.status, detail);
}

/** Retry-After (seconds or an HTTP date) in ms, when present. */
export function retryAfterMs(response: Response, now: number): number | undefined {
  const value = response.headers.get('Retry-After')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The members `shape` names, each checked; a missing or mistyped one is `bad_response (<member>)`. */
function read<S extends Shape>(body: unknown, shape: S): Read<S> {
  if (!isObject(body)) throw badResponse('body');
  const out: JsonObject = {};
  for (const [member, type] of Object.entries(shape)) {
    const v = body[member];
    if (type === 'string' ? typeof v !== 'string' : !isInteger(v)) throw badResponse(member);
    out[member] = v;
  }
  return out as Read<S>; // every member checked above
}

function iceServerList(v: unknown): RTCIceServer[] {
  if (!Array.isArray(v)) throw badResponse('iceServers');
  return v.map((s: unknown, i) => {
    const urls = isObject(s) ? s.urls : undefined;
    const list = Array.isArray(urls) ? urls : [urls];
    if (!isObject(s) || !list.every((u) => typeof u === 'string')) throw badResponse(`iceServers[${i}].urls`);
    const server: RTCIceServer = { urls: urls as string | string[] }; // checked above
    if (typeof s.username === 'string') server.username = s.username;
    if (typeof s.credential === 'string') server.credential = s.credential;
    return server;
  });
}

export function createRendezvousClient(options: RendezvousClientOptions): RendezvousClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const enc = encodeURIComponent;
  const session = (id: string, rest = ''): string => `/sessions/${enc(id)}${rest}`;

  function request(method: string, path: string, body?: unknown, bearer?: string): Promise<unknown> {
    // What the last failure allows; withRetry asks right after the attempt that set it.
    let retry: RetryDecision = false;
    const attempt = async (): Promise<unknown> => {
      retry = false;
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (bearer !== undefined) headers.Authorization = `Bearer ${bearer}`;
      let response: Response;
      try {
        response = await options.fetch(base + path, {
          method,
          headers,
          cache: 'no-store',
          body: body === undefined ? null : JSON.stringify(body),
        });
      } catch (error) {
        retry = true;
        throw remoteError('network', undefined, String(error));
      }
      const { status } = response;
      if (!response.ok) {
        retry = status === 429 ? (retryAfterMs(response, options.clock.now()) ?? true) : status >= 500;
        throw await problemError(response);
      }
      const text = status === 204 ? '' : await response.text();
      try {
        return text ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        throw remoteError('bad_response', status, 'not JSON');
      }
    };
    return withRetry(attempt, { policy: options.retry, clock: options.clock, random01: options.random01, shouldRetry: () => retry });
  }

  const call = <S extends Shape>(shape: S, ...args: Parameters<typeof request>): Promise<Read<S>> =>
    request(...args).then((body) => read(body, shape));
  const seq = (...args: Parameters<typeof request>): Promise<number> => call(SEQ, ...args).then((r) => r.seq);
  const done = (...args: Parameters<typeof request>): Promise<void> => request(...args).then(() => undefined);

  return {
    baseUrl: base,
    publish: (body, ownerKey) => call(PUBLISHED, 'POST', '/publish', body, ownerKey),
    refresh: (body, ownerKey) => call(EXPIRY, 'PATCH', '/publish', body, ownerKey),
    withdraw: (username, ownerKey) => done('DELETE', `/publish?username=${enc(username)}`, undefined, ownerKey),
    lookup: (username) => call(FOUND, 'GET', `/lookup?username=${enc(username)}`),
    createSession: (body) => call(SESSION, 'POST', '/sessions', body),
    postAnswer: (id, box, answerKey) => seq('POST', session(id, '/answer'), { box }, answerKey),
    postSignal: (id, body, key) => seq('POST', session(id, '/signals'), body, key),
    deleteSession: (id, ownerKey) => done('DELETE', session(id), undefined, ownerKey),
    iceServers: () =>
      request('GET', '/ice-servers').then((body) => ({ ...read(body, EXPIRY), iceServers: iceServerList(isObject(body) && body.iceServers) })),
    telemetry: (body) => done('POST', '/telemetry', body),
    eventsUrl: (id) => base + session(id, '/events'),
  };
}
