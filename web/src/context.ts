import { encodeBase64Url } from './base64url.js';
import { clockWith, type Clock } from './clock.js';
import { defaultTimeouts } from './machine.js';
import { customValidators, type Validators } from './message-schema.js';
import { createRendezvousClient, type RendezvousClient } from './rendezvous-client.js';
import { random01From, retryPolicy } from './retry.js';
import type { PeerLinkOptions, PhaseTimeouts, RetryPolicy } from './types.js';

export const SDK_VERSION = '0.1.0';
export const PROTOCOL_VERSION = 1;

/** Options resolved once, with every seam filled in; shared by all flows of one PeerLink. */
export interface Context {
  rendezvous: string;
  appUrl: string;
  client: RendezvousClient;
  fetch: typeof fetch;
  clock: Clock;
  random: (bytes: Uint8Array) => Uint8Array;
  random01: () => number;
  RTCPeerConnection: typeof RTCPeerConnection;
  privacy: 'default' | 'relay';
  ttlMs: number;
  inactivityMs: number;
  keepAliveMs: number;
  timeouts: PhaseTimeouts;
  retry: RetryPolicy;
  telemetry: boolean;
  validators: Validators;
  /** ICE servers: the configured list, or the rendezvous's (cached until they expire). */
  iceServers(): Promise<RTCIceServer[]>;
  newId(): string;
  /** A client for another rendezvous (a token may name its own). */
  clientFor(baseUrl: string): RendezvousClient;
  /** Gathering budget before a description is sent (spec §5.3: ≤ 300 ms). */
  gatherBudgetMs: number;
}

const defaultRandom = (bytes: Uint8Array): Uint8Array => {
  const out = new Uint8Array(bytes.length);
  globalThis.crypto.getRandomValues(out);
  return out;
};

export function createContext(options: PeerLinkOptions): Context {
  if (!/^https?:\/\//.test(options.rendezvous)) throw new TypeError('rendezvous: an absolute http(s) URL is required');
  const ttlMs = options.ttlMs ?? 300000;
  if (!Number.isInteger(ttlMs) || ttlMs < 60000 || ttlMs > 900000) throw new TypeError('ttlMs: 60000–900000');
  const clock = clockWith(options.now);
  const random = options.random ?? defaultRandom;
  const random01 = random01From(random);
  const fetchFn: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const retry = retryPolicy(options.retry);
  const rendezvous = options.rendezvous.replace(/\/+$/, '');
  const client = createRendezvousClient({ baseUrl: rendezvous, fetch: fetchFn, clock, retry, random01 });
  const Ctor = options.RTCPeerConnection ?? globalThis.RTCPeerConnection;

  // One request in flight at a time (prepare() and accept() may overlap); a failed one is forgotten.
  let cached: { servers: Promise<RTCIceServer[]>; until: number } | undefined;
  const iceServers = (): Promise<RTCIceServer[]> => {
    if (options.iceServers) return Promise.resolve(options.iceServers);
    // Refresh a minute early so TURN credentials never expire mid-allocation.
    if (cached && clock.now() < cached.until - 60000) return cached.servers;
    const entry = { servers: Promise.resolve<RTCIceServer[]>([]), until: Number.POSITIVE_INFINITY };
    entry.servers = client.iceServers().then(
      (result) => {
        entry.until = result.expiresAt;
        return result.iceServers;
      },
      (error: unknown) => {
        if (cached === entry) cached = undefined;
        throw error;
      },
    );
    cached = entry;
    return entry.servers;
  };

  return {
    rendezvous,
    appUrl: (options.appUrl ?? rendezvous).replace(/\/+$/, ''),
    client,
    fetch: fetchFn,
    clock,
    random,
    random01,
    RTCPeerConnection: Ctor,
    privacy: options.privacy ?? 'default',
    ttlMs,
    inactivityMs: options.inactivityMs ?? 60000,
    keepAliveMs: options.keepAliveMs ?? 10000,
    timeouts: { ...defaultTimeouts, ...options.timeouts },
    retry,
    telemetry: options.telemetry ?? true,
    validators: customValidators(options.messageTypes),
    iceServers,
    newId: () => encodeBase64Url(random(new Uint8Array(12))),
    clientFor: (baseUrl) =>
      baseUrl.replace(/\/+$/, '') === rendezvous ? client : createRendezvousClient({ baseUrl, fetch: fetchFn, clock, retry, random01 }),
    gatherBudgetMs: 300,
  };
}

/** The peer connection configuration for this context. */
export async function rtcConfiguration(ctx: Context): Promise<RTCConfiguration> {
  const config: RTCConfiguration = { iceServers: await ctx.iceServers() };
  if (ctx.privacy === 'relay') config.iceTransportPolicy = 'relay';
  return config;
}
