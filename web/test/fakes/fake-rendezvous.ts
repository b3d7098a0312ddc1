// An in-memory rendezvous behind a fake fetch: the endpoints of spec §6 with their status codes,
// bearer checks, single use, and an SSE event stream per listener.
import { decodeBase64Url, encodeBase64Url } from '../../src/base64url.js';
import { deriveSessionId } from '../../src/keys.js';
import { decodeToken } from '../../src/token-codec.js';

interface MailboxEvent {
  seq: number;
  from: 'offerer' | 'answerer';
  kind: 'answer' | 'signal' | 'bye';
  box?: string;
}
interface Session {
  id: string;
  answerKeyHash: string;
  ownerKey: string;
  expiresAt: number;
  answered: boolean;
  events: MailboxEvent[];
  listeners: Set<{ role: 'offerer' | 'answerer'; push: (e: MailboxEvent) => void; close: () => void }>;
}
interface Publication {
  username: string;
  token: string;
  tokenId: string;
  ownerKey: string;
  publishedAt: number;
  expiresAt: number;
}

export interface FakeRendezvous {
  fetch: typeof fetch;
  sessions: Map<string, Session>;
  publications: Map<string, Publication>;
  telemetry: Record<string, unknown>[];
  requests: string[];
  /** Rewrites a posted answer box (to test tampering). */
  tamperAnswer?: (box: string) => string;
  /** Signals a session stores at most (the server's PeerLink:Sessions:MaxSignals, spec §6). */
  maxSignals: number;
  /** Extra latency per request, keyed by `METHOD /path`. */
  delays: Record<string, number>;
  /** Open event-stream listeners across all sessions. */
  openStreams(): number;
}

const problem = (status: number, code: string): Response =>
  new Response(JSON.stringify({ status, title: code, detail: code, code }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const sha256 = async (text: string): Promise<string> =>
  encodeBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(decodeBase64Url(text) ?? new Uint8Array(0)))));

export function createFakeRendezvous(now: () => number = Date.now): FakeRendezvous {
  let keyCounter = 0;
  const rv: FakeRendezvous = {
    sessions: new Map(),
    publications: new Map(),
    telemetry: [],
    requests: [],
    delays: {},
    maxSignals: 64,
    fetch: undefined as unknown as typeof fetch,
    openStreams: () => [...rv.sessions.values()].reduce((n, s) => n + s.listeners.size, 0),
  };
  const newKey = (): string => encodeBase64Url(Uint8Array.from({ length: 32 }, (_, i) => (i + ++keyCounter) & 0xff));

  const post = (s: Session, e: Omit<MailboxEvent, 'seq'>): number => {
    const event = { ...e, seq: s.events.length + 1 };
    s.events.push(event);
    for (const l of s.listeners) if (l.role !== e.from) l.push(event);
    return event.seq;
  };

  async function handle(url: URL, method: string, headers: Record<string, string>, body: unknown, signal?: AbortSignal): Promise<Response> {
    const bearer = headers.Authorization?.replace(/^Bearer /, '');
    const path = url.pathname;
    rv.requests.push(`${method} ${path}`);
    const delay = rv.delays[`${method} ${path}`];
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const b = (body ?? {}) as Record<string, unknown>;

    if (path === '/ice-servers' && method === 'GET') {
      return json(200, { iceServers: [{ urls: 'stun:stun.example:3478' }], expiresAt: now() + 600000 });
    }
    if (path === '/telemetry' && method === 'POST') {
      rv.telemetry.push(b);
      return new Response(null, { status: 202 });
    }
    if (path === '/publish') {
      if (method === 'POST') {
        const username = String(b.username);
        const existing = rv.publications.get(username);
        if (existing && existing.expiresAt > now() && existing.ownerKey !== bearer) return problem(409, 'handle_taken');
        const ownerKey = existing?.ownerKey ?? newKey();
        const token = String(b.token);
        // tokenId is the token's session id (spec §6).
        const tokenId = await deriveSessionId(decodeToken(token).token.secret);
        const p: Publication = { username, token, tokenId, ownerKey, publishedAt: now(), expiresAt: now() + Number(b.ttl ?? 300000) };
        rv.publications.set(username, p);
        return json(201, { tokenId: p.tokenId, username, publishedAt: p.publishedAt, expiresAt: p.expiresAt, ownerKey });
      }
      const username = method === 'DELETE' ? url.searchParams.get('username') ?? '' : String(b.username);
      const p = rv.publications.get(username);
      if (!bearer) return problem(401, 'unauthorized');
      if (!p) return problem(404, 'not_found');
      if (p.ownerKey !== bearer) return problem(403, 'forbidden');
      if (method === 'DELETE') {
        rv.publications.delete(username);
        return json(200, { success: true });
      }
      p.expiresAt = now() + Number(b.ttl);
      return json(200, { success: true, expiresAt: p.expiresAt });
    }
    if (path === '/lookup') {
      const p = rv.publications.get(url.searchParams.get('username') ?? '');
      const answered = p && [...rv.sessions.values()].some((s) => s.answered && s.id === p.tokenId);
      if (!p || p.expiresAt < now() || answered) return problem(404, 'not_found');
      return json(200, { token: p.token, username: p.username, tokenId: p.tokenId, publishedAt: p.publishedAt, expiresAt: p.expiresAt });
    }
    if (path === '/sessions' && method === 'POST') {
      const id = String(b.sessionId);
      if (rv.sessions.has(id)) return problem(409, 'session_exists');
      const s: Session = { id, answerKeyHash: String(b.answerKeyHash), ownerKey: newKey(), expiresAt: Number(b.expiresAt), answered: false, events: [], listeners: new Set() };
      rv.sessions.set(id, s);
      return json(201, { sessionId: id, ownerKey: s.ownerKey, expiresAt: s.expiresAt });
    }
    const m = /^\/sessions\/([^/]+)(?:\/(answer|signals|events))?$/.exec(path);
    if (!m) return problem(404, 'not_found');
    const s = rv.sessions.get(decodeURIComponent(m[1]!));
    if (!bearer) return problem(401, 'unauthorized');
    if (!s) return problem(404, 'session_not_found');
    const isOwner = bearer === s.ownerKey;
    const isAnswerer = (await sha256(bearer)) === s.answerKeyHash;
    if (!isOwner && !isAnswerer) return problem(403, 'forbidden');
    switch (m[2]) {
      case 'answer': {
        if (!isAnswerer) return problem(403, 'forbidden');
        if (s.answered) return problem(409, 'session_answered');
        s.answered = true;
        // Single use: a publication of this session stops resolving.
        for (const p of rv.publications.values()) if (p.tokenId === s.id) p.expiresAt = 0;
        const box = rv.tamperAnswer ? rv.tamperAnswer(String(b.box)) : String(b.box);
        return json(202, { seq: post(s, { from: 'answerer', kind: 'answer', box }) });
      }
      case 'signals': {
        const from = isOwner ? 'offerer' : 'answerer';
        if (from === 'answerer' && !s.answered) return problem(409, 'not_answered');
        // Until the answer arrives its place is kept free.
        if (s.events.length >= (s.answered ? rv.maxSignals : rv.maxSignals - 1)) return problem(409, 'mailbox_full');
        const seq = b.bye === true ? post(s, { from, kind: 'bye' }) : post(s, { from, kind: 'signal', box: String(b.box) });
        return json(202, { seq });
      }
      case 'events': {
        const role = isOwner ? 'offerer' : 'answerer';
        const after = Number(headers['Last-Event-ID'] ?? 0);
        const enc = new TextEncoder();
        let listener: Session['listeners'] extends Set<infer L> ? L : never;
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            const push = (e: MailboxEvent): void => {
              const data = JSON.stringify(e.box === undefined ? { seq: e.seq, from: e.from, kind: e.kind } : e);
              try {
                controller.enqueue(enc.encode(`id: ${e.seq}\nevent: signal\ndata: ${data}\n\n`));
              } catch {
                // closed
              }
            };
            listener = {
              role,
              push,
              close: () => {
                s.listeners.delete(listener);
                try {
                  controller.close();
                } catch {
                  // already closed
                }
              },
            };
            s.listeners.add(listener);
            controller.enqueue(enc.encode(': keep-alive\n\n'));
            for (const e of s.events) if (e.from !== role && e.seq > after) push(e);
            signal?.addEventListener('abort', () => listener.close());
          },
          cancel() {
            s.listeners.delete(listener);
          },
        });
        return new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
      }
      default: {
        if (method !== 'DELETE') return problem(405, 'invalid_request');
        if (!isOwner) return problem(403, 'forbidden');
        for (const l of [...s.listeners]) l.close();
        rv.sessions.delete(s.id);
        return json(200, { success: true });
      }
    }
  }

  rv.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = { ...((init?.headers as Record<string, string> | undefined) ?? {}) };
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    await Promise.resolve();
    return handle(url, init?.method ?? 'GET', headers, body, init?.signal ?? undefined);
  }) as typeof fetch;
  return rv;
}
