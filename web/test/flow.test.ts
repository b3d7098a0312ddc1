import { describe, expect, it } from 'vitest';
import { PeerLinkError } from '../src/errors.js';
import { createPeerLink } from '../src/peerlink.js';
import { decodeToken } from '../src/token-codec.js';
import type { Connection, Envelope, PeerLinkOptions, State } from '../src/types.js';
import { createFakeRendezvous, type FakeRendezvous } from './fakes/fake-rendezvous.js';
import { createFakeNetwork, type FakeNetwork } from './fakes/fake-webrtc.js';

// Offerer ↔ answerer through the real SDK code, a fake RTCPeerConnection and an in-memory rendezvous.

const BASE = 'https://rv.example';

function world(overrides: Partial<PeerLinkOptions> = {}) {
  const rv = createFakeRendezvous();
  const net = createFakeNetwork();
  const options: PeerLinkOptions = { rendezvous: BASE, fetch: rv.fetch, RTCPeerConnection: net.Ctor, ...overrides };
  return { rv, net, a: createPeerLink(options), b: createPeerLink(options) };
}

const waitFor = async (cond: () => boolean, ms = 3000): Promise<void> => {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const states = (c: Connection): State[] => c.transitions().map((t) => t.to);
const inbox = (c: Connection): Envelope[] => {
  const got: Envelope[] = [];
  c.on('message', (m) => got.push(m));
  return got;
};

describe('QR flow', () => {
  it('connects offerer and answerer and exchanges a payment with receipts', async () => {
    const { a, b, rv } = world();
    const invitation = await a.invite();
    expect(invitation.connection.state).toBe('AWAITING_ANSWER');
    expect(invitation.link).toBe(`${BASE}/#${invitation.token}`);
    expect(invitation.token.startsWith('A')).toBe(true); // compact: first byte 0x01 (spec §4.1)
    // The compact token carries seconds (spec §1): the SDK rounds the expiry down to the second.
    expect(invitation.expiresAt % 1000).toBe(0);
    expect(decodeToken(invitation.token).token.expiresAt).toBe(invitation.expiresAt);

    const payer = await b.accept(invitation.link);
    await Promise.all([invitation.connection.opened, payer.opened]);
    expect(states(invitation.connection)).toEqual(['CREATING_OFFER', 'AWAITING_ANSWER', 'CONNECTING', 'CONNECTED']);
    expect(states(payer)).toEqual(['CONNECTING', 'CONNECTED']);

    const payerInbox = inbox(payer);
    const shopInbox = inbox(invitation.connection);
    const request = await invitation.connection.send('payment_request', { requestId: 'r1', amount: '12.50', currency: 'EUR', description: 'Coffee' });
    await waitFor(() => payerInbox.length === 1);
    expect(payerInbox[0]).toEqual(request);
    await payer.send('payment_response', { requestId: 'r1', status: 'accepted' });
    await waitFor(() => shopInbox.length === 1);
    expect(shopInbox[0]!.type).toBe('payment_response');
    expect(invitation.connection.history().filter((h) => h.envelope.type.startsWith('payment')).map((h) => h.direction)).toEqual(['out', 'in']);

    expect(await payer.stats()).toEqual({ localCandidateType: 'host', remoteCandidateType: 'host', rttMs: 1.2 });
    await waitFor(() => rv.telemetry.length === 2);
    expect(rv.telemetry.map((t) => [t.role, t.outcome, t.method, t.candidateType])).toEqual(
      expect.arrayContaining([
        ['offerer', 'connected', 'qr', 'host'],
        ['answerer', 'connected', 'link', 'host'],
      ]),
    );
    for (const t of rv.telemetry) {
      const timings = t.timings as Record<string, number>;
      expect(Object.keys(timings)).toEqual(expect.arrayContaining(['answer', 'ice', 'channel', 'total']));
      for (const ms of Object.values(timings)) expect(Number.isInteger(ms) && ms >= 0).toBe(true);
    }
    invitation.connection.close();
    payer.close();
  });

  it('keeps the channel alive with ping/pong, never delivered to the application', async () => {
    const { a, b, net } = world({ keepAliveMs: 40 });
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await Promise.all([payer.opened, inv.connection.opened]);
    const got = [...inbox(payer), ...inbox(inv.connection)];
    const sent = (i: number): string[] => (net.peers[i] as unknown as { channel: { sent: string[] } }).channel.sent;
    await waitFor(() => sent(0).some((t) => t.includes('"type":"ping"')) && sent(1).some((t) => t.includes('"type":"pong"')));
    expect(got).toEqual([]);
    expect(inv.connection.state).toBe('CONNECTED');
    inv.cancel();
    payer.close();
  });

  it('creates the channel as reliable and ordered, labelled peerlink', async () => {
    const { a, b, net } = world();
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await payer.opened;
    const ch = (net.peers[0] as unknown as { channel: { label: string; init: RTCDataChannelInit } }).channel;
    expect(ch.label).toBe('peerlink');
    expect(ch.init.ordered).toBe(true);
    expect(ch.init.maxRetransmits).toBeUndefined();
    expect(ch.init.maxPacketLifeTime).toBeUndefined();
    inv.cancel();
  });

  it('trickles later candidates both ways through the sealed mailbox', async () => {
    const { a, b, net, rv } = world();
    // The srflx candidate appears after the offerer's 300 ms budget and after the answer was posted.
    net.srflxDelayMs = 400;
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await payer.opened;
    await waitFor(() => net.peers.every((p) => p.addedCandidates.some((c) => / typ srflx/.test(c.candidate ?? ''))));
    const session = [...rv.sessions.values()][0]!;
    const signals = session.events.filter((e) => e.kind === 'signal');
    expect(signals.length).toBeGreaterThanOrEqual(2);
    // Opaque to the rendezvous: no SDP or address text in what it relays.
    for (const e of session.events) expect(e.box ?? '').not.toMatch(/candidate|typ|203\.0\.113/);
    for (const p of net.peers) {
      expect(p.addedCandidates.every((c) => c.sdpMid === '0' && c.sdpMLineIndex === 0)).toBe(true);
      expect(p.addedCandidates.some((c) => /tcptype active/.test(c.candidate ?? ''))).toBe(false);
    }
    inv.cancel();
  });

  it('keeps relay candidates out of the token and posts them to the mailbox before any answer (spec §5.3)', async () => {
    const { a, b, net, rv } = world();
    net.relay = true;
    net.srflxDelayMs = 2000; // nothing else trickles during the test
    const inv = await a.invite();
    expect(decodeToken(inv.token).token.offer.candidates.map((c) => c.type)).toEqual(['host']);
    const session = [...rv.sessions.values()][0]!;
    // Posted by the offerer while nobody has answered yet.
    await waitFor(() => session.events.some((e) => e.from === 'offerer' && e.kind === 'signal'));
    expect(session.events.some((e) => e.kind === 'answer')).toBe(false);
    const payer = await b.accept(inv.token);
    await payer.opened;
    // The answerer's stream replays the box from the start: it gets the offerer's relay candidate.
    await waitFor(() => net.peers[1]!.addedCandidates.some((c) => / typ relay/.test(c.candidate ?? '')));
    // Numbered after the description's one candidate (spec §3: foundation i + 1).
    expect(net.peers[1]!.addedCandidates.find((c) => / typ relay/.test(c.candidate ?? ''))!.candidate).toMatch(/^candidate:2 1 udp /);
    inv.cancel();
  });

  it('applies trickled candidates only after the remote description, even when setting it is slow', async () => {
    const { a, b, net } = world();
    net.setRemoteDelayMs = 60;
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await payer.opened;
    // The answerer's srflx arrives while the offerer is still applying the answer.
    await waitFor(() => net.peers[0]!.addedCandidates.some((c) => / typ srflx/.test(c.candidate ?? '')));
    inv.cancel();
  });

  it('trickles a candidate found while the session was being created', async () => {
    const { a, b, net, rv } = world();
    net.srflxDelayMs = 320; // after the 300 ms budget, before POST /sessions returns
    rv.delays['POST /sessions'] = 150;
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await payer.opened;
    await waitFor(() => net.peers[1]!.addedCandidates.some((c) => / typ srflx/.test(c.candidate ?? '')));
    inv.cancel();
  });

  it('rejects an expired token before any network call', async () => {
    const offererWorld = world();
    const inv = await offererWorld.a.invite();
    const rv = createFakeRendezvous();
    const late = createPeerLink({ rendezvous: BASE, fetch: rv.fetch, RTCPeerConnection: createFakeNetwork().Ctor, now: () => Date.now() + 301000 });
    const error = await late.accept(inv.token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PeerLinkError);
    expect(error).toMatchObject({ code: 'BOOTSTRAP_PARSE_FAILED', reason: 'expired' });
    expect(rv.requests).toEqual([]);
    inv.cancel();
  });

  it('rejects a malformed token with its parse reason', async () => {
    const { b, rv } = world();
    await expect(b.accept('https://rv.example/#AQ')).rejects.toMatchObject({ code: 'BOOTSTRAP_PARSE_FAILED', reason: 'truncated' });
    expect(rv.requests).toEqual([]);
  });

  it('fails the offerer with tampered_signal when the answer box was altered', async () => {
    const { a, b, rv } = world();
    rv.tamperAnswer = (box) => box.slice(0, -2) + (box.endsWith('AA') ? 'AB' : 'AA');
    const inv = await a.invite();
    const errors: PeerLinkError[] = [];
    inv.connection.on('error', (e) => errors.push(e));
    const payer = await b.accept(inv.token);
    await expect(inv.connection.opened).rejects.toMatchObject({ code: 'CONNECTION_FAILED', reason: 'tampered_signal' });
    expect(inv.connection.state).toBe('FAILED');
    expect(errors.map((e) => e.reason)).toEqual(['tampered_signal']);
    payer.close();
  });

  it('a second answerer is refused (one answer per session)', async () => {
    const { a, b } = world();
    const inv = await a.invite();
    const first = await b.accept(inv.token);
    await first.opened;
    await expect(b.accept(inv.token)).rejects.toMatchObject({ code: 'REMOTE_SERVICE_ERROR', reason: 'session_answered' });
    inv.cancel();
    first.close();
  });

  it('cancel() closes everything: session deleted, peer connection closed, stream aborted, opened rejected', async () => {
    const { a, rv, net } = world();
    const inv = await a.invite();
    await waitFor(() => rv.openStreams() === 1);
    inv.cancel();
    await expect(inv.connection.opened).rejects.toBeInstanceOf(PeerLinkError);
    expect(inv.connection.state).toBe('CLOSED');
    expect(inv.connection.transitions().slice(-1)[0]).toMatchObject({ from: 'AWAITING_ANSWER', to: 'CLOSED', reason: 'cancelled' });
    await waitFor(() => rv.sessions.size === 0 && rv.openStreams() === 0);
    expect(net.peers[0]!.closed).toBe(true);
    await expect(inv.connection.send('error', { code: 'x', message: '' })).rejects.toMatchObject({ code: 'MESSAGE_SEND_FAILED' });
  });

  it('closing one side closes the other (remote_closed) and tears both down', async () => {
    const { a, b, net, rv } = world();
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await Promise.all([payer.opened, inv.connection.opened]);
    payer.close('done');
    await waitFor(() => inv.connection.state === 'CLOSED');
    expect(inv.connection.transitions().slice(-1)[0]?.reason).toBe('remote_closed');
    expect(payer.transitions().slice(-1)[0]).toMatchObject({ to: 'CLOSED', reason: 'done' });
    await waitFor(() => rv.openStreams() === 0);
    expect(net.peers.every((p) => p.closed)).toBe(true);
  });

  it('uses relay-only ICE and the rendezvous ICE servers with privacy relay', async () => {
    const { a, b, net } = world({ privacy: 'relay' });
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await payer.opened;
    for (const p of net.peers) {
      expect(p.config.iceTransportPolicy).toBe('relay');
      expect(p.config.iceServers).toEqual([{ urls: 'stun:stun.example:3478' }]);
    }
    expect((await payer.stats()).localCandidateType).toBe('relay');
    inv.cancel();
  });

  it('prepare() fetches the ICE servers once, and invite/accept reuse them', async () => {
    const { a, b, rv } = world();
    await Promise.all([a.prepare(), a.prepare(), b.prepare()]);
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await payer.opened;
    expect(rv.requests.filter((r) => r === 'GET /ice-servers')).toHaveLength(2); // one per phone
    inv.cancel();
  });

  it('uses configured ICE servers without asking the rendezvous', async () => {
    const { a, rv, net } = world({ iceServers: [{ urls: 'turn:turn.example', username: 'u', credential: 'c' }] });
    const inv = await a.invite();
    expect(rv.requests).not.toContain('GET /ice-servers');
    expect(net.peers[0]!.config.iceServers).toEqual([{ urls: 'turn:turn.example', username: 'u', credential: 'c' }]);
    inv.cancel();
  });

  it('sends no telemetry when opted out', async () => {
    const { a, b, rv } = world({ telemetry: false });
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await payer.opened;
    inv.cancel();
    await waitFor(() => payer.state === 'CLOSED');
    await new Promise((r) => setTimeout(r, 20));
    expect(rv.requests.filter((r) => r.includes('/telemetry'))).toEqual([]);
  });

  it('closes itself after the inactivity period', async () => {
    const { a, b } = world({ inactivityMs: 150 });
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await payer.opened;
    await waitFor(() => payer.state === 'CLOSED' && inv.connection.state === 'CLOSED', 2000);
    // Whichever side's timer fires first closes; the other sees the channel close.
    const reasons = [payer, inv.connection].map((c) => c.transitions().slice(-1)[0]?.reason);
    expect(reasons).toContain('inactive');
    expect(reasons.every((r) => r === 'inactive' || r === 'remote_closed')).toBe(true);
  });

  it('restarts ICE through the mailbox after a failure and flushes messages queued meanwhile', async () => {
    const { a, b, net } = world();
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await Promise.all([payer.opened, inv.connection.opened]);
    const payerInbox = inbox(payer);
    net.breakIce('failed');
    await waitFor(() => inv.connection.state === 'DISCONNECTED');
    const queued = inv.connection.send('payment_request', { requestId: 'r2', amount: '3', currency: 'EUR' });
    await waitFor(() => inv.connection.state === 'CONNECTED' && payer.state === 'CONNECTED');
    await queued;
    await waitFor(() => payerInbox.length === 1);
    expect(payerInbox[0]!.payload.requestId).toBe('r2');
    expect(states(inv.connection)).toEqual(['CREATING_OFFER', 'AWAITING_ANSWER', 'CONNECTING', 'CONNECTED', 'DISCONNECTED', 'CONNECTED']);
    inv.cancel();
    payer.close();
  });

  it('keeps the connection when trickle hits a full mailbox, and posts nothing more than with room', async () => {
    const run = async (maxSignals: number) => {
      // Fast retries: a refused post that were retried would show up as extra posts at once.
      const { a, b, net, rv } = world({ retry: { baseMs: 5, maxMs: 20 } });
      rv.maxSignals = maxSignals;
      net.srflxDelayMs = 400; // trickled after the answer
      const inv = await a.invite();
      const payer = await b.accept(inv.token);
      await Promise.all([payer.opened, inv.connection.opened]);
      await new Promise((r) => setTimeout(r, 700));
      const session = [...rv.sessions.values()][0]!;
      const result = {
        posts: rv.requests.filter((r) => r.endsWith('/signals')).length,
        stored: session.events.length,
        states: [inv.connection.state, payer.state],
      };
      inv.cancel();
      payer.close();
      return result;
    };
    const roomy = await run(64);
    const full = await run(1); // only the answer fits
    expect(roomy.stored).toBeGreaterThan(1);
    expect(full.stored).toBe(1);
    expect(full.posts).toBe(roomy.posts);
    expect(full.states).toEqual(['CONNECTED', 'CONNECTED']);
  });

  it('fails an ICE restart that a full mailbox refuses with REMOTE_SERVICE_ERROR mailbox_full, without retrying it', async () => {
    const { a, b, net, rv } = world();
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await Promise.all([payer.opened, inv.connection.opened]);
    const session = [...rv.sessions.values()][0]!;
    await new Promise((r) => setTimeout(r, 100)); // trickle done
    rv.maxSignals = session.events.length;
    const posts = (): number => rv.requests.filter((r) => r.endsWith('/signals')).length;
    const before = posts();
    const failed = new Promise<PeerLinkError>((resolve) => inv.connection.on('error', resolve));
    net.breakIce('failed');
    expect(await failed).toMatchObject({ code: 'REMOTE_SERVICE_ERROR', reason: 'mailbox_full' });
    expect(posts() - before).toBe(1);
    payer.close();
  });

  it('notices a silent path by keep-alive, restarts ICE, and recovers when data flows again', async () => {
    const { a, b, net, rv } = world({ keepAliveMs: 40 });
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await Promise.all([payer.opened, inv.connection.opened]);
    const session = [...rv.sessions.values()][0]!;
    net.dropData = true;
    await waitFor(() => inv.connection.state === 'DISCONNECTED');
    expect(inv.connection.transitions().slice(-1)[0]).toMatchObject({ to: 'DISCONNECTED', reason: 'keepalive_timeout' });
    const offererBoxes = (): number => session.events.filter((e) => e.from === 'offerer').length;
    const before = offererBoxes();
    await waitFor(() => offererBoxes() > before); // the restart offer went through the mailbox
    net.dropData = false;
    await waitFor(() => inv.connection.state === 'CONNECTED' && payer.state === 'CONNECTED');
    inv.cancel();
    payer.close();
  });

  it('fails at once with dtls_failed when ICE connects but DTLS does not', async () => {
    const { a, b, net } = world();
    net.dtlsFail = true;
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await expect(payer.opened).rejects.toMatchObject({ code: 'CONNECTION_FAILED', reason: 'dtls_failed' });
    await expect(inv.connection.opened).rejects.toMatchObject({ code: 'CONNECTION_FAILED', reason: 'dtls_failed' });
  });

  it('fails with ICE_FAILED when the connecting phase runs out without a working candidate pair', async () => {
    const { a, b, net } = world({ timeouts: { connecting: 300 }, retry: { retries: 0 } });
    net.blockIce = true;
    const inv = await a.invite();
    const payer = await b.accept(inv.token);
    await expect(payer.opened).rejects.toMatchObject({ code: 'ICE_FAILED', reason: 'no_candidate_pair' });
    await expect(inv.connection.opened).rejects.toBeInstanceOf(PeerLinkError);
  });
});

describe('remote flow', () => {
  it('publishes a handle, connects by handle, and the handle no longer resolves once answered', async () => {
    const { a, b, rv } = world();
    const publication = await a.publish('@Coffee-Shop'.replace('@', ''), { ttlMs: 120000 });
    expect(publication.handle).toBe('coffee-shop');
    const answered: Connection[] = [];
    publication.on('connection', (c) => answered.push(c));
    const payer = await b.connect('Coffee-Shop');
    await Promise.all([payer.opened, publication.connection.opened]);
    expect(answered).toEqual([publication.connection]);
    await expect(b.connect('coffee-shop')).rejects.toMatchObject({ code: 'REMOTE_SERVICE_ERROR', reason: 'not_found' });
    expect(rv.telemetry.some((t) => t.method === 'remote')).toBe(true);
    payer.close();
  });

  it('republishes a fresh token after each answered one', async () => {
    const { a, b } = world();
    const publication = await a.publish('coffee', { republish: true });
    const first = publication.connection;
    const payer1 = await b.connect('coffee');
    await payer1.opened;
    await waitFor(() => publication.connection !== first && publication.connection.state === 'AWAITING_ANSWER');
    const payer2 = await b.connect('coffee');
    await Promise.all([payer2.opened, publication.connection.opened]);
    payer1.close();
    payer2.close();
    await publication.withdraw();
  });

  it('refreshes and withdraws with the owner key; a taken handle is refused', async () => {
    const { a, b, rv } = world();
    const publication = await a.publish('coffee');
    await publication.refresh(60000);
    await expect(b.publish('coffee')).rejects.toMatchObject({ code: 'REMOTE_SERVICE_ERROR', reason: 'handle_taken' });
    await publication.withdraw();
    expect(rv.publications.has('coffee')).toBe(false);
    expect(publication.connection.state).toBe('CLOSED');
    await expect(b.connect('coffee')).rejects.toMatchObject({ reason: 'not_found' });
  });

  it('reports a token it cannot mint as BOOTSTRAP_GENERATION_FAILED and leaves no session behind', async () => {
    const { a, rv } = world();
    await expect(a.publish('coffee', { ttlMs: 30000 })).rejects.toMatchObject({ code: 'BOOTSTRAP_GENERATION_FAILED', reason: 'bad_lifetime' });
    expect(rv.sessions.size).toBe(0);
    expect(rv.publications.size).toBe(0);
  });

  it('refuses an invalid handle before any network call', async () => {
    const { b, rv } = world();
    await expect(b.connect('x')).rejects.toMatchObject({ code: 'REMOTE_SERVICE_ERROR', reason: 'invalid_handle' });
    expect(rv.requests).toEqual([]);
  });
});
