/** Time and timers as one injectable seam; defaults read the globals at call time (fake timers work). */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function clockWith(now: (() => number) | undefined): Clock {
  return now ? { ...systemClock, now } : systemClock;
}

/** Resolves after `ms`, or rejects with the signal's reason when aborted. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(abortReason(signal));
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Safari 14 has no AbortSignal.reason: fall back to a DOMException-like error. */
export function abortReason(signal: AbortSignal | undefined): unknown {
  const reason = (signal as { reason?: unknown } | undefined)?.reason;
  if (reason !== undefined) return reason;
  const error = new Error('aborted');
  error.name = 'AbortError';
  return error;
}
