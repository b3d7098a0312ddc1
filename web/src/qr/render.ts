// QR rendering entry point (`sdk/qr.js`): error correction M, the link segmented for the smallest
// symbol (spec §4.4). Its token goes in numeric mode (digit form, see digits.ts) when that gives a
// smaller version than the text as it is, which it does for every realistic token
// (bench/token-size.mjs); an app URL with path `/` goes upper-cased in alphanumeric mode (5.5 bits a
// character instead of 8) when that is smaller still. Every decoder reads the digit form and
// browsers lower-case scheme and host, so the symbol still opens the same link; scanQr() turns it
// back into the original text.
import { create, type QRCode, type QRCodeSegment } from 'qrcode';
import { alphanumericPrefix, splitLink, toDigitForm } from './digits.js';

// A page opened from the QR code by a phone's camera app finds the digit form in its fragment.
export { fromDigitForm } from './digits.js';

/** Modules of white border around the symbol; ISO/IEC 18004 requires 4. */
export const QUIET_ZONE = 4;

export interface QrPlan {
  /** What the symbol holds: the text itself, or the text with its token in digit form. */
  content: string;
  /** How the token part is encoded: as given (`byte`, optimised by qrcode) or as digits (`numeric`). */
  tokenMode: 'byte' | 'numeric';
  /** How the part before the token is encoded: `byte`, or upper-cased in `alphanumeric` mode. */
  urlMode: 'byte' | 'alphanumeric';
  version: number;
  /** Modules per side, without the quiet zone. */
  size: number;
  isDark(x: number, y: number): boolean;
}

export interface RenderOptions {
  /** Pixels per module; default 8. The canvas gets (size + 2 × quiet zone) × scale pixels a side. */
  scale?: number;
  /** Default `#111`. */
  dark?: string;
  /** Default `#fff`. */
  light?: string;
}

const LEVEL = 'M';

function encode(data: string | QRCodeSegment[]): QRCode {
  return create(data, { errorCorrectionLevel: LEVEL });
}

/**
 * Chooses the encoding with the smallest version; on a tie the simpler one (the text unchanged, then
 * the URL part in byte mode).
 */
export function planQr(text: string): QrPlan {
  let code = encode(text);
  let content = text;
  let tokenMode: QrPlan['tokenMode'] = 'byte';
  let urlMode: QrPlan['urlMode'] = 'byte';
  const digitForm = toDigitForm(text);
  if (digitForm !== undefined) {
    const { prefix, token } = splitLink(digitForm);
    const digits: QRCodeSegment = { mode: 'numeric', data: token };
    const numeric = encode(prefix === '' ? [digits] : [{ mode: 'byte', data: new TextEncoder().encode(prefix) }, digits]);
    if (numeric.version < code.version) {
      code = numeric;
      content = digitForm;
      tokenMode = 'numeric';
    }
    const upper = alphanumericPrefix(prefix);
    if (upper !== undefined) {
      // `#` is not in the alphanumeric set: one byte segment of its own.
      const mixed = encode([{ mode: 'alphanumeric', data: upper }, { mode: 'byte', data: Uint8Array.of(0x23) }, digits]);
      if (mixed.version < code.version) {
        code = mixed;
        content = `${upper}#${token}`;
        tokenMode = 'numeric';
        urlMode = 'alphanumeric';
      }
    }
  }
  const { modules } = code;
  return {
    content,
    tokenMode,
    urlMode,
    version: code.version,
    size: modules.size,
    isDark: (x, y) => modules.get(y, x) === 1,
  };
}

/** The QR version (1–40) renderQr uses for `text` at level M. */
export function qrVersion(text: string): number {
  return planQr(text).version;
}

/** Paints `text` as a QR code (level M, with its quiet zone) onto `canvas`, sized to whole pixels per module. */
export function renderQr(text: string, canvas: HTMLCanvasElement, options: RenderOptions = {}): QrPlan {
  const plan = planQr(text);
  const scale = Math.max(1, Math.floor(options.scale ?? 8));
  const side = (plan.size + 2 * QUIET_ZONE) * scale;
  canvas.width = side;
  canvas.height = side;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('renderQr: the canvas has no 2D context');
  ctx.fillStyle = options.light ?? '#fff';
  ctx.fillRect(0, 0, side, side);
  ctx.fillStyle = options.dark ?? '#111';
  // One rectangle per horizontal run of dark modules: fewer calls, no seams between modules.
  for (let y = 0; y < plan.size; y++) {
    let x = 0;
    while (x < plan.size) {
      if (!plan.isDark(x, y)) {
        x++;
        continue;
      }
      const start = x;
      while (x < plan.size && plan.isDark(x, y)) x++;
      ctx.fillRect((start + QUIET_ZONE) * scale, (y + QUIET_ZONE) * scale, (x - start) * scale, scale);
    }
  }
  canvas.setAttribute('data-qr-version', String(plan.version));
  return plan;
}
