import { sleep, type Clock } from './clock.js';
import type { RetryPolicy } from './types.js';

export const defaultRetryPolicy: RetryPolicy = { retries: 3, baseMs: 1000, maxMs: 10000, jitter: 0.2 };

export function retryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  return { ...defaultRetryPolicy, ...overrides };
}

/**
 * Delay before retry number `retry` (0-based): base × 2^retry, times a random factor in
 * [1 − jitter, 1 + jitter], capped at maxMs. `random01` returns a number in [0, 1).
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random01: () => number): number {
  const exact = policy.baseMs * 2 ** retry;
  const factor = 1 + policy.jitter * (2 * random01() - 1);
  return Math.max(0, Math.min(policy.maxMs, Math.round(exact * factor)));
}

/** What to do after a failure: give up, retry on the backoff schedule, or retry after this many ms. */
export type RetryDecision = boolean | number;

export interface RetryOptions {
  policy: RetryPolicy;
  clock: Clock;
  random01: () => number;
  shouldRetry: (error: unknown) => RetryDecision;
  signal?: AbortSignal;
  /** Observes each scheduled retry (for logs and tests). */
  onRetry?: (retry: number, delayMs: number, error: unknown) => void;
}

/** Runs `fn`, retrying up to `policy.retries` times. A server-given delay above maxMs is not waited for. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (options.signal?.aborted || attempt >= policy.retries) throw error;
      const decision = options.shouldRetry(error);
      if (decision === false) throw error;
      const delay = decision === true ? backoffDelay(policy, attempt, options.random01) : decision;
      if (delay > policy.maxMs) throw error;
      options.onRetry?.(attempt + 1, delay, error);
      await sleep(options.clock, delay, options.signal);
    }
  }
}

/** A [0, 1) number from a random-bytes source (the injectable seam). */
export function random01From(random: (bytes: Uint8Array) => Uint8Array): () => number {
  return () => {
    const b = random(new Uint8Array(4));
    return (((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!) / 2 ** 32;
  };
}
