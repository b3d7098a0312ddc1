// Reads the page's query parameters (`privacy`, `inactivity`, `ttl`, `telemetry`) into SDK options.
import type { PeerLinkOptions } from '../src/index.js';

function positiveInt(value: string | null): number | undefined {
  if (value === null || !/^[0-9]+$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}

/** The app's base URL for links: the page's origin and folder, without a trailing slash. */
export function appBase(location: Location): string {
  return location.origin + location.pathname.replace(/\/(index\.html)?$/, '');
}

export function readOptions(location: Location): PeerLinkOptions {
  const query = new URLSearchParams(location.search);
  const options: PeerLinkOptions = { rendezvous: location.origin, appUrl: appBase(location) };
  if (query.get('privacy') === 'relay') options.privacy = 'relay';
  const inactivity = positiveInt(query.get('inactivity'));
  if (inactivity !== undefined) options.inactivityMs = inactivity;
  const ttl = positiveInt(query.get('ttl'));
  if (ttl !== undefined) options.ttlMs = ttl;
  if (query.get('telemetry') === 'off') options.telemetry = false;
  return options;
}
