import type { Clock } from './clock.js';

// Keep-alive and inactivity (design §5): a ping every keepAliveMs while the channel is up; silence for
// three intervals means the path is lost; no application message for inactivityMs closes the connection.

export interface LivenessOptions {
  clock: Clock;
  keepAliveMs: number;
  inactivityMs: number;
  ping: () => void;
  /** Nothing at all arrived for 3 keep-alive intervals. */
  onSilent: () => void;
  onInactive: () => void;
}

export interface Liveness {
  /** Anything arrived on the channel. */
  received(): void;
  /** An application message went either way. */
  active(): void;
  /** (Re)starts the keep-alive loop; `connected` says whether silence should be reported. */
  start(connected: () => boolean): void;
  stop(): void;
}

export function createLiveness(options: LivenessOptions): Liveness {
  const { clock } = options;
  let lastReceived = clock.now();
  let keepAliveTimer: unknown;
  let inactivityTimer: unknown;
  let stopped = false;

  const clear = (t: unknown): void => {
    if (t !== undefined) clock.clearTimeout(t);
  };

  const loop = (connected: () => boolean): void => {
    clear(keepAliveTimer);
    keepAliveTimer = undefined;
    if (options.keepAliveMs <= 0 || stopped) return;
    keepAliveTimer = clock.setTimeout(() => {
      if (connected() && clock.now() - lastReceived > 3 * options.keepAliveMs) options.onSilent();
      options.ping();
      loop(connected);
    }, options.keepAliveMs);
  };

  return {
    received() {
      lastReceived = clock.now();
    },
    active() {
      clear(inactivityTimer);
      inactivityTimer = undefined;
      if (options.inactivityMs > 0 && !stopped) inactivityTimer = clock.setTimeout(options.onInactive, options.inactivityMs);
    },
    start(connected) {
      lastReceived = clock.now();
      loop(connected);
    },
    stop() {
      stopped = true;
      clear(keepAliveTimer);
      clear(inactivityTimer);
      keepAliveTimer = inactivityTimer = undefined;
    },
  };
}
