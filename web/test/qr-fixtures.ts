// Shared fakes for the QR tests: a 2D canvas that paints into an RGBA buffer, and realistic tokens.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeBase64Url, encodeBase64Url } from '../src/base64url.js';
import { tokenCandidates } from '../src/offerer.js';
import { compactSdp } from '../src/sdp.js';
import { encodeToken, type BootstrapToken } from '../src/token-codec.js';

export interface PixelCanvas {
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
  attributes: Record<string, string>;
  setAttribute(name: string, value: string): void;
  getContext(kind: '2d'): {
    fillStyle: string;
    fillRect(x: number, y: number, w: number, h: number): void;
  };
}

/** A canvas whose fillRect writes black (#111) or white pixels into `pixels`, like a real one. */
export function pixelCanvas(): PixelCanvas {
  const canvas: PixelCanvas = {
    width: 0,
    height: 0,
    pixels: new Uint8ClampedArray(0),
    attributes: {},
    setAttribute(name, value) {
      canvas.attributes[name] = value;
    },
    getContext() {
      if (canvas.pixels.length !== canvas.width * canvas.height * 4) {
        canvas.pixels = new Uint8ClampedArray(canvas.width * canvas.height * 4);
      }
      const ctx = {
        fillStyle: '#000',
        fillRect(x: number, y: number, w: number, h: number) {
          const v = ctx.fillStyle.toLowerCase() === '#fff' ? 255 : 17;
          for (let row = y; row < y + h; row++) {
            for (let col = x; col < x + w; col++) {
              const i = (row * canvas.width + col) * 4;
              canvas.pixels[i] = canvas.pixels[i + 1] = canvas.pixels[i + 2] = v;
              canvas.pixels[i + 3] = 255;
            }
          }
        },
      };
      return ctx;
    },
  };
  return canvas;
}

const PHONE_SDP = readFileSync(fileURLToPath(new URL('../../bench/offers/phone.sdp', import.meta.url)), 'utf8');

/**
 * A token (spec §4.1) for the phone-like offer of bench/offers/phone.sdp: Chromium ufrag/pwd, 2 mDNS
 * hosts, 1 srflx and 2 relay candidates, max-message-size 262144, no rendezvous URL. As the offerer
 * mints it, the relay candidates are left to the mailbox (spec §5.3) unless `withRelays`.
 */
export function phoneLikeToken(withRelays = false): BootstrapToken {
  const offer = compactSdp(PHONE_SDP);
  const now = 1795000000000;
  return {
    version: 1,
    expiresAt: now + 300000,
    createdAt: now,
    secret: Uint8Array.from({ length: 16 }, (_, i) => (i * 97 + 7) & 0xff),
    offer: withRelays ? offer : { ...offer, candidates: tokenCandidates(offer.candidates) },
  };
}

export function phoneLikeTokenBytes(withRelays = false): Uint8Array {
  return decodeBase64Url(encodeToken(phoneLikeToken(withRelays), 'compact'))!;
}

/** The link the offerer shows, behind a realistic app origin. */
export function phoneLikeLink(origin = 'https://pay.example.com', withRelays = false): string {
  return `${origin}/#${encodeBase64Url(phoneLikeTokenBytes(withRelays))}`;
}
