import type { Clock } from './clock.js';
import { PeerLinkError } from './errors.js';
import type { PhaseTimeouts, State, Transition } from './types.js';

// The connection lifecycle (design §5) as a transition table plus a pure transition function.

export type MachineEvent =
  | { type: 'start_offer' }
  | { type: 'offer_ready' }
  | { type: 'answer_received' }
  | { type: 'start_answer' }
  | { type: 'channel_open' }
  | { type: 'connection_lost'; reason?: string }
  | { type: 'timeout' }
  | { type: 'fail'; error: PeerLinkError }
  | { type: 'close'; reason?: string };

export type EventType = MachineEvent['type'];

const ANYTIME: Partial<Record<EventType, State>> = { fail: 'FAILED', close: 'CLOSED' };

export const TRANSITIONS: Readonly<Record<State, Partial<Record<EventType, State>>>> = {
  IDLE: { start_offer: 'CREATING_OFFER', start_answer: 'CONNECTING', ...ANYTIME },
  CREATING_OFFER: { offer_ready: 'AWAITING_ANSWER', timeout: 'FAILED', ...ANYTIME },
  AWAITING_ANSWER: { answer_received: 'CONNECTING', timeout: 'FAILED', ...ANYTIME },
  CONNECTING: { channel_open: 'CONNECTED', timeout: 'FAILED', ...ANYTIME },
  CONNECTED: { connection_lost: 'DISCONNECTED', ...ANYTIME },
  // Recovered (ICE restart) or gave up.
  DISCONNECTED: { channel_open: 'CONNECTED', timeout: 'FAILED', ...ANYTIME },
  CLOSED: {},
  FAILED: {},
};

export const TERMINAL: readonly State[] = ['CLOSED', 'FAILED'];

/** The next state, or `undefined` when the event is illegal in `state`. Pure. */
export function transition(state: State, event: MachineEvent): State | undefined {
  return TRANSITIONS[state][event.type];
}

/** Which timeout applies while in a state (and names a TIMEOUT error's reason). */
export const PHASE: Partial<Record<State, keyof PhaseTimeouts>> = {
  CREATING_OFFER: 'offer',
  AWAITING_ANSWER: 'answer',
  CONNECTING: 'connecting',
  DISCONNECTED: 'disconnected',
};

export const defaultTimeouts: PhaseTimeouts = {
  offer: 10000,
  answer: 0,
  connecting: 15000,
  disconnected: 20000,
  receipt: 15000,
};

export interface Machine {
  readonly state: State;
  transitions(): readonly Transition[];
  /** Applies the event; an illegal one is ignored and reported (returns false). */
  dispatch(event: MachineEvent): boolean;
  /** Overrides one phase's timeout (e.g. AWAITING_ANSWER until the token expires). */
  setTimeout(phase: keyof PhaseTimeouts, ms: number): void;
  dispose(): void;
}

export interface MachineOptions {
  clock: Clock;
  timeouts: PhaseTimeouts;
  onTransition: (t: Transition, event: MachineEvent) => void;
  onIllegal?: (error: PeerLinkError, event: MachineEvent) => void;
}

export function createMachine(options: MachineOptions): Machine {
  const { clock } = options;
  const timeouts = { ...options.timeouts };
  const log: Transition[] = [];
  let state: State = 'IDLE';
  let timer: unknown;

  const arm = (): void => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    const phase = PHASE[state];
    const ms = phase ? timeouts[phase] : 0;
    if (ms > 0) timer = clock.setTimeout(() => dispatch({ type: 'timeout' }), ms);
  };

  const dispatch = (event: MachineEvent): boolean => {
    const next = transition(state, event);
    if (next === undefined) {
      options.onIllegal?.(new PeerLinkError('CONNECTION_FAILED', `illegal_event: ${event.type} in ${state}`), event);
      return false;
    }
    const t: Transition = { from: state, to: next, at: clock.now() };
    const reason = event.type === 'fail' ? event.error.reason : event.type === 'timeout' ? 'timeout' : 'reason' in event ? event.reason : undefined;
    if (reason !== undefined) t.reason = reason;
    state = next;
    log.push(t);
    arm();
    options.onTransition(t, event);
    return true;
  };

  return {
    get state() {
      return state;
    },
    transitions: () => log,
    dispatch,
    setTimeout(phase, ms) {
      timeouts[phase] = ms;
      if (PHASE[state] === phase) arm();
    },
    dispose() {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
