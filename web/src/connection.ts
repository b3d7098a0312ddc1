import type { Context } from './context.js';
import { PROTOCOL_VERSION, SDK_VERSION } from './context.js';
import { createEmitter } from './emitter.js';
import { PeerLinkError } from './errors.js';
import { createLiveness } from './liveness.js';
import { createMachine, PHASE, TERMINAL, type MachineEvent } from './machine.js';
import { createMessenger } from './messages.js';
import { summarizeStats } from './stats.js';
import { sendTelemetry, type Method, type TimingName } from './telemetry.js';
import type { Connection, ConnectionEvents, ConnectionStats, Envelope, MessageMap, PhaseTimeouts, State } from './types.js';

// One connection attempt's lifecycle: state machine, data channel, messaging, keep-alive, inactivity,
// stats, telemetry and teardown. The offerer/answerer flows drive it through ConnectionCore.

export type Role = 'offerer' | 'answerer';

export interface ConnectionCore {
  /** Typed by the app's message map at the public API (`PeerLink<M>`); the core checks at run time. */
  readonly connection: Connection<MessageMap>;
  readonly role: Role;
  readonly state: State;
  readonly terminal: boolean;
  /** Bumped by every cancel/close: async results of an older generation are stale. */
  readonly generation: number;
  dispatch(event: MachineEvent): boolean;
  fail(error: PeerLinkError): void;
  setPhaseTimeout(phase: keyof PhaseTimeouts, ms: number): void;
  attachPeer(pc: RTCPeerConnection): void;
  attachChannel(channel: RTCDataChannel): void;
  /** ICE is back (after a restart or a transient disconnect). */
  iceRecovered(): void;
  /** ICE dropped while connected. */
  iceLost(reason: string): void;
  /** Called when the connection is lost for a reason ICE did not report (keep-alive silence). */
  onLost(fn: (reason: string) => void): void;
  mark(name: TimingName): void;
  onTeardown(fn: () => void): void;
  setMethod(method: Method): void;
}

export function createConnectionCore(ctx: Context, role: Role, method: Method): ConnectionCore {
  const { clock } = ctx;
  const events = createEmitter<ConnectionEvents<MessageMap>>();
  const teardowns: (() => void)[] = [];
  const started = clock.now();
  // Phase starts for telemetry timings: offer from the start, answer from AWAITING_ANSWER (offerer)
  // or the start (answerer), ice/channel from CONNECTING; total is what a user waits for once both
  // sides act (offerer: from CONNECTING; answerer: token in hand → open).
  const since: Partial<Record<State, number>> = {};
  const timings: Partial<Record<TimingName, number>> = {};
  let error: PeerLinkError | undefined;
  let pc: RTCPeerConnection | undefined;
  let channel: RTCDataChannel | undefined;
  let generation = 0;
  let everConnected = false;
  let handshakeSent = false;
  let attemptMethod = method;
  const lostHandlers: ((reason: string) => void)[] = [];

  let resolveOpened!: () => void;
  let rejectOpened!: (e: PeerLinkError) => void;
  const opened = new Promise<void>((resolve, reject) => {
    resolveOpened = resolve;
    rejectOpened = reject;
  });
  opened.catch(() => undefined); // observed through `opened` or the 'error' event; never unhandled

  const messenger = createMessenger({
    clock,
    newId: ctx.newId,
    validators: ctx.validators,
    receiptTimeoutMs: ctx.timeouts.receipt,
    onMessage: (m) => {
      liveness.active();
      events.emit('message', m);
    },
    onInvalid: (e) => events.emit('invalid', e),
    onControl: (m) => {
      if (m.type === 'ping') messenger.sendControl('pong', typeof m.payload.nonce === 'string' ? { nonce: m.payload.nonce } : {});
      if (m.type === 'handshake') {
        const versions = m.payload.versions;
        if (Array.isArray(versions) && !versions.includes(PROTOCOL_VERSION)) {
          fail(new PeerLinkError('CONNECTION_FAILED', 'unsupported_version'));
        }
      }
    },
  });

  const liveness = createLiveness({
    clock,
    keepAliveMs: ctx.keepAliveMs,
    inactivityMs: ctx.inactivityMs,
    ping: () => messenger.sendControl('ping', {}),
    onSilent: () => iceLost('keepalive_timeout'),
    onInactive: () => close('inactive'),
  });

  const machine = createMachine({
    clock,
    timeouts: ctx.timeouts,
    onTransition: (t, event) => {
      since[t.to] ??= t.at;
      if (event.type === 'timeout' && !error) {
        error = timeoutError(t.from);
        events.emit('error', error);
      }
      if (t.to === 'CONNECTED' && !everConnected) {
        everConnected = true;
        timings.total = t.at - (role === 'offerer' ? (since.CONNECTING ?? started) : started);
        resolveOpened();
        report('connected');
      }
      events.emit('state', t);
      if (TERMINAL.includes(t.to)) finish(t.to);
    },
  });

  /**
   * TIMEOUT names the phase that ran out — unless ICE is why: out of DISCONNECTED it did not
   * recover, and out of CONNECTING with no working pair it never found one (relay-only with a TURN
   * server that refuses the credentials gathers no candidate at all, so ICE never reports `failed`).
   */
  function timeoutError(from: State): PeerLinkError {
    if (from === 'DISCONNECTED') return new PeerLinkError('ICE_FAILED', 'disconnected_timeout');
    const ice = pc?.iceConnectionState;
    if (from === 'CONNECTING' && ice !== 'connected' && ice !== 'completed') {
      return new PeerLinkError('ICE_FAILED', 'no_candidate_pair');
    }
    return new PeerLinkError('TIMEOUT', PHASE[from] ?? from.toLowerCase());
  }

  function report(outcome: 'connected' | 'failed' | 'cancelled'): void {
    const base = { outcome, method: attemptMethod, role, timings: { ...timings } };
    if (outcome !== 'connected') {
      sendTelemetry(ctx, error ? { ...base, errorCode: error.code } : base);
      return;
    }
    // The selected pair is known once connected; report after reading it.
    const p = pc;
    const withType = p ? p.getStats().then(summarizeStats, () => ({}) as ConnectionStats) : Promise.resolve<ConnectionStats>({});
    void withType.then((s) => sendTelemetry(ctx, s.localCandidateType ? { ...base, candidateType: s.localCandidateType } : base));
  }

  function finish(state: State): void {
    generation++;
    liveness.stop();
    machine.dispose();
    const ended = state.toLowerCase(); // 'closed' | 'failed'
    if (!everConnected) {
      rejectOpened(error ?? new PeerLinkError('CONNECTION_FAILED', ended));
      report(state === 'FAILED' ? 'failed' : 'cancelled');
    }
    messenger.dispose(new PeerLinkError('MESSAGE_SEND_FAILED', ended));
    if (channel) channel.onopen = channel.onclose = channel.onerror = channel.onmessage = null;
    if (pc) pc.onicecandidate = pc.oniceconnectionstatechange = pc.ondatachannel = pc.onconnectionstatechange = null;
    // Best effort, each on its own: an already closed channel or a throwing teardown stops nothing.
    for (const fn of [() => channel?.close(), () => pc?.close(), ...teardowns.splice(0)]) {
      try {
        fn();
      } catch {
        // ignored, see above
      }
    }
    // Let listeners see the final transition first, then drop them.
    queueMicrotask(() => events.clear());
  }

  function isTerminal(): boolean {
    return TERMINAL.includes(machine.state);
  }

  function fail(e: PeerLinkError): void {
    if (isTerminal()) return;
    error = e;
    events.emit('error', e);
    machine.dispatch({ type: 'fail', error: e });
  }

  function close(reason = 'closed'): void {
    if (!isTerminal()) machine.dispatch({ type: 'close', reason });
  }

  function channelOpen(): void {
    if (!channel || channel.readyState !== 'open') return;
    const ch = channel;
    liveness.received();
    messenger.attach((text) => ch.send(text));
    if (!handshakeSent) {
      handshakeSent = true;
      messenger.send('handshake', { versions: [PROTOCOL_VERSION], sdk: SDK_VERSION }).catch(() => undefined);
    }
    if (machine.state === 'CONNECTING' || machine.state === 'DISCONNECTED') {
      if (machine.state === 'CONNECTING') timings.channel = clock.now() - (since.CONNECTING ?? started);
      machine.dispatch({ type: 'channel_open' });
      liveness.active();
      liveness.start(() => machine.state === 'CONNECTED');
    }
  }

  function iceLost(reason: string): void {
    if (machine.state !== 'CONNECTED') return;
    messenger.detach();
    machine.dispatch({ type: 'connection_lost', reason });
    for (const fn of lostHandlers) fn(reason);
  }

  const connection: Connection<MessageMap> = {
    role,
    get state() {
      return machine.state;
    },
    get error() {
      return error;
    },
    opened,
    on: <K extends keyof ConnectionEvents<MessageMap>>(event: K, cb: (value: ConnectionEvents<MessageMap>[K]) => void) => events.on(event, cb),
    send(type, payload) {
      if (isTerminal()) return Promise.reject(new PeerLinkError('MESSAGE_SEND_FAILED', machine.state.toLowerCase()));
      liveness.active();
      // The message map types the payload at compile time; validation checks it at run time.
      return messenger.send(type, payload as Record<string, unknown>) as Promise<Envelope<typeof type, never>>;
    },
    transitions: () => machine.transitions(),
    history: () => messenger.history(),
    invalidCount: () => messenger.invalidCount(),
    async stats() {
      if (!pc) return {};
      return summarizeStats(await pc.getStats());
    },
    close,
  };

  return {
    connection,
    role,
    get state() {
      return machine.state;
    },
    get terminal() {
      return isTerminal();
    },
    get generation() {
      return generation;
    },
    dispatch: (event) => machine.dispatch(event),
    fail,
    setPhaseTimeout: (phase, ms) => machine.setTimeout(phase, ms),
    attachPeer(p) {
      pc = p;
      // Created after a cancel or timeout: nothing else will close it.
      if (isTerminal()) p.close();
    },
    attachChannel(ch) {
      channel = ch;
      ch.onopen = channelOpen;
      ch.onmessage = (e: MessageEvent) => {
        liveness.received();
        // Data is flowing again: the path recovered, whatever ICE says (a restart may never leave 'connected').
        if (machine.state === 'DISCONNECTED') channelOpen();
        if (typeof e.data === 'string') messenger.receive(e.data);
        else events.emit('invalid', { reason: 'message: not text', raw: '' });
      };
      ch.onclose = () => {
        if (machine.state === 'CONNECTED' || machine.state === 'DISCONNECTED') close('remote_closed');
        else fail(new PeerLinkError('DATA_CHANNEL_FAILED', 'channel_closed'));
      };
      ch.onerror = () => {
        if (!everConnected) fail(new PeerLinkError('DATA_CHANNEL_FAILED', 'channel_error'));
      };
      if (ch.readyState === 'open') channelOpen();
    },
    iceRecovered: channelOpen,
    iceLost,
    onLost(fn) {
      lostHandlers.push(fn);
    },
    mark(name) {
      if (timings[name] !== undefined) return;
      const from =
        name === 'ice' || name === 'channel'
          ? since.CONNECTING
          : name === 'answer' && role === 'offerer'
            ? since.AWAITING_ANSWER
            : started;
      timings[name] = clock.now() - (from ?? started);
    },
    onTeardown(fn) {
      if (isTerminal()) fn();
      else teardowns.push(fn);
    },
    setMethod(m) {
      attemptMethod = m;
    },
  };
}

export type { Envelope };
