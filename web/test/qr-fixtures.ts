// Shared fakes for the QR tests: a 2D canvas that paints into an RGBA buffer, and realistic tokens.
import { encodeBase64Url } from '../src/base64url.js';

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

/**
 * Bytes of a compact token (spec §4.1) with a phone-like offer: Chromium ufrag/pwd, 2 mDNS hosts,
 * 1 srflx and 2 relay candidates, max-message-size 262144, no rendezvous URL. Random where the
 * real thing is random; the layout and length are what matter to the QR.
 */
export function phoneLikeTokenBytes(): Uint8Array {
  const bytes: number[] = [1, 0, 0, 0x01, 0xa1, 0x2b, 0x3c, 0x4d, 0, 0x2c];
  const random = (n: number) => Array.from({ length: n }, (_, i) => (i * 97 + n * 31 + 7) & 0xff);
  bytes.push(...random(16)); // secret
  bytes.push(0b0100); // setup actpass, max-message-size present
  bytes.push(4, ...Array.from('Xy1z', (c) => c.charCodeAt(0)));
  bytes.push(24, ...Array.from('abcdefghijklmnopqrstuvwx', (c) => c.charCodeAt(0)));
  bytes.push(...random(32)); // fingerprint
  bytes.push(0x80, 0x80, 0x10); // 262144 as LEB128
  bytes.push(5);
  for (let i = 0; i < 2; i++) bytes.push(0b1000, ...random(16), 0xd4, 0x31 + i); // mDNS host
  bytes.push(0b0001, 203, 0, 113, 7, 0xc3, 0x50); // srflx IPv4
  for (let i = 0; i < 2; i++) bytes.push(0b0011, 198, 51, 100, 9 + i, 0xc3, 0x51 + i); // relay
  return Uint8Array.from(bytes);
}

export function phoneLikeLink(origin = 'https://pay.example'): string {
  return `${origin}/#${encodeBase64Url(phoneLikeTokenBytes())}`;
}
