/** A tiny typed emitter: `on()` returns its own unsubscribe function. */
export interface Emitter<Events extends object> {
  on<K extends keyof Events>(event: K, cb: (value: Events[K]) => void): () => void;
  emit<K extends keyof Events>(event: K, value: Events[K]): void;
  /** Removes every listener (teardown). */
  clear(): void;
}

export function createEmitter<Events extends object>(
  onListenerError?: (error: unknown) => void,
): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<(value: never) => void>>();
  return {
    on(event, cb) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const fn = cb as (value: never) => void;
      set.add(fn);
      return () => {
        set.delete(fn);
      };
    },
    emit(event, value) {
      const set = listeners.get(event);
      if (!set) return;
      // Copy: a listener may unsubscribe itself (or others) while we iterate.
      for (const fn of [...set]) {
        try {
          (fn as (v: typeof value) => void)(value);
        } catch (error) {
          // An application listener that throws must not break the SDK's own flow.
          onListenerError?.(error);
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
