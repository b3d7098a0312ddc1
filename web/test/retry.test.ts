import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../src/clock.js';
import { backoffDelay, defaultRetryPolicy, random01From, withRetry } from '../src/retry.js';

describe('backoff schedule', () => {
  it('is 1 s → 2 s → 4 s without jitter, capped at 10 s', () => {
    const policy = { ...defaultRetryPolicy, jitter: 0 };
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('stays within ±jitter and never exceeds maxMs', () => {
    const p = defaultRetryPolicy;
    expect(backoffDelay(p, 0, () => 0)).toBe(800);
    expect(backoffDelay(p, 0, () => 0.999999)).toBe(1200);
    expect(backoffDelay(p, 2, () => 0)).toBe(3200);
    expect(backoffDelay(p, 3, () => 0.999999)).toBe(9600);
    expect(backoffDelay(p, 4, () => 0.999999)).toBe(10000);
  });

  it('derives [0,1) numbers from the random-bytes seam', () => {
    expect(random01From((b) => b.fill(0))()).toBe(0);
    const top = random01From((b) => b.fill(255))();
    expect(top).toBeLessThan(1);
    expect(top).toBeGreaterThan(0.999);
  });
});

describe('withRetry', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries 3 times on the schedule, then gives up with the last error', async () => {
    const calls: number[] = [];
    const delays: number[] = [];
    const run = withRetry(
      async (attempt) => {
        calls.push(Date.now());
        throw new Error(`fail ${attempt}`);
      },
      {
        policy: { ...defaultRetryPolicy, jitter: 0 },
        clock: systemClock,
        random01: () => 0.5,
        shouldRetry: () => true,
        onRetry: (_n, delay) => delays.push(delay),
      },
    );
    const result = expect(run).rejects.toThrow('fail 3');
    await vi.runAllTimersAsync();
    await result;
    expect(calls).toHaveLength(4);
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(calls.map((t) => t - calls[0]!)).toEqual([0, 1000, 3000, 7000]);
  });

  it('does not retry when told not to', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('4xx');
        },
        { policy: defaultRetryPolicy, clock: systemClock, random01: () => 0.5, shouldRetry: () => false },
      ),
    ).rejects.toThrow('4xx');
    expect(calls).toBe(1);
  });

  it('waits a server-given delay, but not one above maxMs', async () => {
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new Error('busy');
        return 'ok';
      },
      { policy: defaultRetryPolicy, clock: systemClock, random01: () => 0.5, shouldRetry: () => 3000 },
    );
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(run).resolves.toBe('ok');

    let late = 0;
    await expect(
      withRetry(
        async () => {
          late++;
          throw new Error('too long');
        },
        { policy: defaultRetryPolicy, clock: systemClock, random01: () => 0.5, shouldRetry: () => 60000 },
      ),
    ).rejects.toThrow('too long');
    expect(late).toBe(1);
  });

  it('stops waiting when aborted', async () => {
    const abort = new AbortController();
    const run = withRetry(
      async () => {
        throw new Error('down');
      },
      { policy: defaultRetryPolicy, clock: systemClock, random01: () => 0.5, shouldRetry: () => true, signal: abort.signal },
    );
    const check = expect(run).rejects.toBeDefined();
    await vi.advanceTimersByTimeAsync(10);
    abort.abort();
    await check;
  });
});
