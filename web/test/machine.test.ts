import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../src/clock.js';
import { PeerLinkError } from '../src/errors.js';
import { createMachine, defaultTimeouts, transition, TRANSITIONS, type MachineEvent } from '../src/machine.js';
import type { State, Transition } from '../src/types.js';

const ev = (type: MachineEvent['type']): MachineEvent =>
  type === 'fail' ? { type, error: new PeerLinkError('CONNECTION_FAILED', 'x') } : ({ type } as MachineEvent);

const ALL_EVENTS: MachineEvent['type'][] = [
  'start_offer',
  'offer_ready',
  'answer_received',
  'start_answer',
  'channel_open',
  'connection_lost',
  'timeout',
  'fail',
  'close',
];
const STATES = Object.keys(TRANSITIONS) as State[];

const LEGAL: [State, MachineEvent['type'], State][] = [
  ['IDLE', 'start_offer', 'CREATING_OFFER'],
  ['IDLE', 'start_answer', 'CONNECTING'],
  ['IDLE', 'fail', 'FAILED'],
  ['IDLE', 'close', 'CLOSED'],
  ['CREATING_OFFER', 'offer_ready', 'AWAITING_ANSWER'],
  ['CREATING_OFFER', 'timeout', 'FAILED'],
  ['CREATING_OFFER', 'fail', 'FAILED'],
  ['CREATING_OFFER', 'close', 'CLOSED'],
  ['AWAITING_ANSWER', 'answer_received', 'CONNECTING'],
  ['AWAITING_ANSWER', 'timeout', 'FAILED'],
  ['AWAITING_ANSWER', 'fail', 'FAILED'],
  ['AWAITING_ANSWER', 'close', 'CLOSED'],
  ['CONNECTING', 'channel_open', 'CONNECTED'],
  ['CONNECTING', 'timeout', 'FAILED'],
  ['CONNECTING', 'fail', 'FAILED'],
  ['CONNECTING', 'close', 'CLOSED'],
  ['CONNECTED', 'connection_lost', 'DISCONNECTED'],
  ['CONNECTED', 'fail', 'FAILED'],
  ['CONNECTED', 'close', 'CLOSED'],
  ['DISCONNECTED', 'channel_open', 'CONNECTED'],
  ['DISCONNECTED', 'timeout', 'FAILED'],
  ['DISCONNECTED', 'fail', 'FAILED'],
  ['DISCONNECTED', 'close', 'CLOSED'],
];

describe('transition()', () => {
  it.each(LEGAL)('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, ev(event))).toBe(to);
  });

  it('treats every other (state, event) pair as illegal, and terminal states as final', () => {
    for (const state of STATES) {
      for (const event of ALL_EVENTS) {
        const legal = LEGAL.find(([f, e]) => f === state && e === event);
        expect(transition(state, ev(event))).toBe(legal?.[2]);
      }
    }
    expect(Object.keys(TRANSITIONS.CLOSED)).toEqual([]);
    expect(Object.keys(TRANSITIONS.FAILED)).toEqual([]);
  });
});

describe('createMachine', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const make = (timeouts = defaultTimeouts) => {
    const seen: Transition[] = [];
    const illegal: PeerLinkError[] = [];
    const m = createMachine({
      clock: systemClock,
      timeouts,
      onTransition: (t) => seen.push(t),
      onIllegal: (e) => illegal.push(e),
    });
    return { m, seen, illegal };
  };

  it('records every transition with a timestamp and a reason', () => {
    const { m, seen } = make();
    m.dispatch({ type: 'start_offer' });
    vi.advanceTimersByTime(5);
    m.dispatch({ type: 'offer_ready' });
    m.dispatch({ type: 'close', reason: 'cancelled' });
    expect(seen).toEqual([
      { from: 'IDLE', to: 'CREATING_OFFER', at: 1000 },
      { from: 'CREATING_OFFER', to: 'AWAITING_ANSWER', at: 1005 },
      { from: 'AWAITING_ANSWER', to: 'CLOSED', at: 1005, reason: 'cancelled' },
    ]);
    expect(m.transitions()).toEqual(seen);
  });

  it('ignores an illegal event and reports it as an error', () => {
    const { m, seen, illegal } = make();
    expect(m.dispatch({ type: 'channel_open' })).toBe(false);
    expect(m.state).toBe('IDLE');
    expect(seen).toEqual([]);
    expect(illegal).toHaveLength(1);
    expect(illegal[0]!.reason).toBe('illegal_event: channel_open in IDLE');
  });

  it.each([
    ['CREATING_OFFER', ['start_offer'], 'offer'],
    ['AWAITING_ANSWER', ['start_offer', 'offer_ready'], 'answer'],
    ['CONNECTING', ['start_answer'], 'connecting'],
    ['DISCONNECTED', ['start_answer', 'channel_open', 'connection_lost'], 'disconnected'],
  ] as const)('times out in %s after its phase timeout', (state, path, phase) => {
    const timeouts = { offer: 100, answer: 200, connecting: 300, disconnected: 400, receipt: 1 };
    const { m, seen } = make(timeouts);
    for (const e of path) m.dispatch(ev(e));
    expect(m.state).toBe(state);
    vi.advanceTimersByTime(timeouts[phase] - 1);
    expect(m.state).toBe(state);
    vi.advanceTimersByTime(1);
    expect(m.state).toBe('FAILED');
    expect(seen[seen.length - 1]).toMatchObject({ from: state, to: 'FAILED', reason: 'timeout' });
  });

  it('clears the phase timer on leaving the phase', () => {
    const { m } = make({ ...defaultTimeouts, connecting: 100 });
    m.dispatch({ type: 'start_answer' });
    m.dispatch({ type: 'channel_open' });
    vi.advanceTimersByTime(1000);
    expect(m.state).toBe('CONNECTED');
  });

  it('has no AWAITING_ANSWER timeout by default until one is set', () => {
    const { m } = make();
    m.dispatch({ type: 'start_offer' });
    m.dispatch({ type: 'offer_ready' });
    vi.advanceTimersByTime(10 * 60 * 1000);
    expect(m.state).toBe('AWAITING_ANSWER');
    m.setTimeout('answer', 50);
    vi.advanceTimersByTime(50);
    expect(m.state).toBe('FAILED');
  });

  it('dispose() stops a pending timeout', () => {
    const { m } = make({ ...defaultTimeouts, offer: 10 });
    m.dispatch({ type: 'start_offer' });
    m.dispose();
    vi.advanceTimersByTime(100);
    expect(m.state).toBe('CREATING_OFFER');
  });
});
