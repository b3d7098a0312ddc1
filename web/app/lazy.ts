// The QR entry points are loaded from their own files (sdk/qr.js, sdk/scan.js) when a screen needs
// them: jsQR alone is ~48 kB gzipped, and a payer who arrives through a link never needs either.
import type * as Render from '../src/qr/render.js';
import type * as Scan from '../src/qr/scan.js';

const cache = new Map<string, Promise<unknown>>();

function load<T>(path: string): Promise<T> {
  let module = cache.get(path);
  if (module === undefined) {
    // A computed specifier keeps esbuild from inlining the module into app.js.
    const url = new URL(path, document.baseURI).href;
    module = import(url);
    cache.set(path, module);
    module.catch(() => cache.delete(path)); // a failed load (offline) is tried again next time
  }
  return module as Promise<T>;
}

export const loadRenderer = (): Promise<typeof Render> => load('sdk/qr.js');
export const loadScanner = (): Promise<typeof Scan> => load('sdk/scan.js');
