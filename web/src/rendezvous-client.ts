import type { Clock } from './clock.js';
import { PeerLinkError } from './errors.js';
import { isInteger, isObject, type JsonObject } from './guards.js';
import { withRetry, type RetryDecision } from './retry.js';
import type { RetryPolicy } from './types.js';

// The rendezvous HTTP API (spec §6). Errors become REMOTE_SERVICE_ERROR with the problem `code` as
// reason; network errors, 5xx and 429 are retried with backoff (429 after Retry-After), 4xx are not.

export interface PublishResult {
  tokenId: string;
  username: string;
  publishedAt: number;
  expiresAt: number;
  ownerKey: string;
}
export interface LookupResult {
  token: string;
  username: string;
  tokenId: string;
  publishedAt: number;
  expiresAt: number;
}
export interface SessionResult {
  sessionId: string;
  ownerKey: string;
  expiresAt: number;
}
export interface IceServersResult {
  iceServers: RTCIceServer[];
  expiresAt: number;
}
export type SignalBody = { box: string } | { bye: true };

export interface RendezvousClient {
  readonly baseUrl: string;
  publish(body: { username: string; token: string; ttl?: number }, ownerKey?: string): Promise<PublishResult>;
  refresh(body: { username: string; ttl: number }, ownerKey: string): Promise<{ expiresAt: number }>;
  withdraw(username: string, ownerKey: string): Promise<void>;
  lookup(username: string): Promise<LookupResult>;
  createSession(body: { sessionId: string; answerKeyHash: string; expiresAt: number }): Promise<SessionResult>;
  postAnswer(sessionId: string, box: string, answerKey: string): Promise<number>;
  postSignal(sessionId: string, body: SignalBody, key: string): Promise<number>;
  deleteSession(sessionId: string, ownerKey: string): Promise<void>;
  iceServers(): Promise<IceServersResult>;
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
  signal?: AbortSignal;
}

const remote = (reason: string, message?: string, status?: number): PeerLinkError =>
  new PeerLinkError('REMOTE_SERVICE_ERROR', reason, message ?? `REMOTE_SERVICE_ERROR: ${reason}`, status);

/** Converts an error response into a PeerLinkError carrying the problem's `code`. */
export async function problemError(response: Response): Promise<PeerLinkError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isObject(body) && typeof body.code === 'string') {
    const detail = typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : '';
    const why = typeof body.reason === 'string' ? ` (${body.reason})` : '';
    return remote(body.code, `REMOTE_SERVICE_ERROR: ${body.code}${why}${detail ? `: ${detail}` : ''}`, response.status);
  }
  return remote(`http_${response.status}`, undefined, response.status);
}

/** Retry-After (seconds or an HTTP date) in ms, when present. */
export function retryAfterMs(response: Response, now: number): number | undefined {
  const value = response.headers.get('Retry-After');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface HttpError {
  error: PeerLinkError;
  retry: RetryDecision;
}
const isHttpError = (e: unknown): e is HttpError => isObject(e) && e.error instanceof PeerLinkError && 'retry' in e;

// Response guards: each names the failing field.
const str = (o: JsonObject, k: string): string => {
  const v = o[k];
  if (typeof v !== 'string') throw remote('bad_response', `REMOTE_SERVICE_ERROR: bad_response (${k})`);
  return v;
};
const int = (o: JsonObject, k: string): number => {
  const v = o[k];
  if (!isInteger(v)) throw remote('bad_response', `REMOTE_SERVICE_ERROR: bad_response (${k})`);
  return v;
};
const obj = (v: unknown): JsonObject => {
  if (!isObject(v)) throw remote('bad_response', 'REMOTE_SERVICE_ERROR: bad_response (body)');
  return v;
};
function iceServerList(v: unknown): RTCIceServer[] {
  if (!Array.isArray(v)) throw remote('bad_response', 'REMOTE_SERVICE_ERROR: bad_response (iceServers)');
  return v.map((s, i) => {
    const field = `iceServers[${i}]`;
    if (!isObject(s)) throw remote('bad_response', `REMOTE_SERVICE_ERROR: bad_response (${field})`);
    const urls = s.urls;
    const ok = typeof urls === 'string' || (Array.isArray(urls) && urls.every((u) => typeof u === 'string'));
    if (!ok) throw remote('bad_response', `REMOTE_SERVICE_ERROR: bad_response (${field}.urls)`);
    const server: RTCIceServer = { urls: typeof urls === 'string' ? urls : urls.map(String) };
    if (typeof s.username === 'string') server.username = s.username;
    if (typeof s.credential === 'string') server.credential = s.credential;
    return server;
  });
}

export function createRendezvousClient(options: RendezvousClientOptions): RendezvousClient {
  const base = options.baseUrl.replace(/\/+$/, '');

  async function request(method: string, path: string, body?: unknown, bearer?: string): Promise<unknown> {
    const attempt = async (): Promise<unknown> => {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (bearer !== undefined) headers.Authorization = `Bearer ${bearer}`;
      const init: RequestInit = { method, headers, cache: 'no-store' };
      if (body !== undefined) init.body = JSON.stringify(body);
      if (options.signal) init.signal = options.signal;
      let response: Response;
      try {
        response = await options.fetch(`${base}${path}`, init);
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const failure: HttpError = { error: remote('network', `REMOTE_SERVICE_ERROR: network (${String(error)})`), retry: true };
        throw failure;
      }
      if (!response.ok) {
        const error = await problemError(response);
        let retry: RetryDecision = false;
        if (response.status === 429) {
          const after = retryAfterMs(response, options.clock.now());
          retry = after === undefined ? true : { afterMs: after };
        } else if (response.status >= 500) retry = true;
        const failure: HttpError = { error, retry };
        throw failure;
      }
      if (response.status === 204) return undefined;
      const text = await response.text();
      if (!text) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw remote('bad_response', 'REMOTE_SERVICE_ERROR: bad_response (not JSON)', response.status);
      }
    };
    try {
      return await withRetry(attempt, {
        policy: options.retry,
        clock: options.clock,
        random01: options.random01,
        shouldRetry: (e) => (isHttpError(e) ? e.retry : false),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (e) {
      throw isHttpError(e) ? e.error : e;
    }
  }

  const enc = encodeURIComponent;
  return {
    baseUrl: base,
    async publish(body, ownerKey) {
      const o = obj(await request('POST', '/publish', body, ownerKey));
      return {
        tokenId: str(o, 'tokenId'),
        username: str(o, 'username'),
        publishedAt: int(o, 'publishedAt'),
        expiresAt: int(o, 'expiresAt'),
        ownerKey: str(o, 'ownerKey'),
      };
    },
    async refresh(body, ownerKey) {
      const o = obj(await request('PATCH', '/publish', body, ownerKey));
      return { expiresAt: int(o, 'expiresAt') };
    },
    async withdraw(username, ownerKey) {
      await request('DELETE', `/publish?username=${enc(username)}`, undefined, ownerKey);
    },
    async lookup(username) {
      const o = obj(await request('GET', `/lookup?username=${enc(username)}`));
      return {
        token: str(o, 'token'),
        username: str(o, 'username'),
        tokenId: str(o, 'tokenId'),
        publishedAt: int(o, 'publishedAt'),
        expiresAt: int(o, 'expiresAt'),
      };
    },
    async createSession(body) {
      const o = obj(await request('POST', '/sessions', body));
      return { sessionId: str(o, 'sessionId'), ownerKey: str(o, 'ownerKey'), expiresAt: int(o, 'expiresAt') };
    },
    async postAnswer(sessionId, box, answerKey) {
      return int(obj(await request('POST', `/sessions/${enc(sessionId)}/answer`, { box }, answerKey)), 'seq');
    },
    async postSignal(sessionId, body, key) {
      return int(obj(await request('POST', `/sessions/${enc(sessionId)}/signals`, body, key)), 'seq');
    },
    async deleteSession(sessionId, ownerKey) {
      await request('DELETE', `/sessions/${enc(sessionId)}`, undefined, ownerKey);
    },
    async iceServers() {
      const o = obj(await request('GET', '/ice-servers'));
      return { iceServers: iceServerList(o.iceServers), expiresAt: int(o, 'expiresAt') };
    },
    async telemetry(body) {
      await request('POST', '/telemetry', body);
    },
    eventsUrl: (sessionId) => `${base}/sessions/${enc(sessionId)}/events`,
  };
}
