// QR scanning entry point (`sdk/scan.js`): the rear camera, then frame by frame the native
// BarcodeDetector where the browser has one for QR codes (Chrome on Android), else jsQR on a canvas
// (iOS WKWebView, Firefox, desktop Chromium on Linux). The caller owns the stream and stops it.
import jsQR from 'jsqr';
import { fromDigitForm } from './digits.js';

/** The part of the Shape Detection API used here (not in TypeScript's DOM library). */
export interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<ReadonlyArray<{ rawValue: string }>>;
}
export interface BarcodeDetectorConstructor {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?(): Promise<string[]>;
}

/** The part of a canvas the jsQR path uses. */
export interface FrameCanvas {
  width: number;
  height: number;
  getContext(kind: '2d', options?: { willReadFrequently?: boolean }): {
    drawImage(image: CanvasImageSource, dx: number, dy: number, dw: number, dh: number): void;
    getImageData(sx: number, sy: number, sw: number, sh: number): { data: Uint8ClampedArray; width: number; height: number };
  } | null;
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Pause between two decode attempts, ms; default 80. */
  intervalMs?: number;
  /** Longest side, px, of the frame handed to jsQR; default 800 (jsQR needs ≥ 4 px per module). */
  maxFrameSide?: number;
  /** Called with the decoder in use once it is known (and again if the native one fails). */
  onDecoder?: (decoder: ScanDecoder) => void;
  // Test seams; default to the globals. `null` disables the native detector.
  BarcodeDetector?: BarcodeDetectorConstructor | null;
  createCanvas?: () => FrameCanvas;
  setTimeout?: (cb: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

/** Which decoder a scan is using; exposed for tests and diagnostics. */
export type ScanDecoder = 'native' | 'jsqr';

type Decode = (video: HTMLVideoElement) => Promise<string | undefined>;

/** Asks for the rear camera at a size QR decoding likes; rejects like getUserMedia does. */
export async function startCamera(): Promise<MediaStream> {
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (media === undefined || typeof media.getUserMedia !== 'function') {
    // getUserMedia exists only in a secure context (HTTPS or localhost) and, in a WebView, only
    // when the host app allows camera capture.
    throw new DOMException('Camera access is not available on this page (needs HTTPS and camera permission).', 'NotSupportedError');
  }
  return media.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
  });
}

/** Shows `stream` in `video` inline (iOS would otherwise go full screen) and starts playback. */
export async function showCamera(video: HTMLVideoElement, stream: MediaStream): Promise<void> {
  video.setAttribute('playsinline', '');
  video.setAttribute('autoplay', '');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
}

/** Stops every track of `stream` (turns the camera light off). Safe to call twice. */
export function stopCamera(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

function abortReason(signal: AbortSignal): unknown {
  return (signal as { reason?: unknown }).reason ?? new DOMException('The scan was aborted.', 'AbortError');
}

async function nativeDecoder(ctor: BarcodeDetectorConstructor | null | undefined): Promise<Decode | undefined> {
  if (ctor === null || ctor === undefined) return undefined;
  try {
    const formats = ctor.getSupportedFormats === undefined ? ['qr_code'] : await ctor.getSupportedFormats();
    if (!formats.includes('qr_code')) return undefined;
    const detector = new ctor({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue;
  } catch {
    return undefined;
  }
}

function jsqrDecoder(createCanvas: () => FrameCanvas, maxSide: number): Decode {
  let canvas: FrameCanvas | undefined;
  return async (video) => {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (w === 0 || h === 0) return undefined;
    const ratio = Math.min(1, maxSide / Math.max(w, h));
    const fw = Math.round(w * ratio);
    const fh = Math.round(h * ratio);
    canvas ??= createCanvas();
    if (canvas.width !== fw) canvas.width = fw;
    if (canvas.height !== fh) canvas.height = fh;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (ctx === null) throw new Error('scanQr: no 2D canvas context');
    ctx.drawImage(video, 0, 0, fw, fh);
    const image = ctx.getImageData(0, 0, fw, fh);
    return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data || undefined;
  };
}

function globalDetector(): BarcodeDetectorConstructor | undefined {
  return (globalThis as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;
}

/**
 * Decodes QR codes from `video` until one is found; resolves with its text (a token in digit form
 * comes back as the link/token renderQr was given). Rejects with the signal's reason on abort.
 */
export function scanQr(video: HTMLVideoElement, options: ScanOptions = {}): Promise<string> {
  const { signal } = options;
  const interval = options.intervalMs ?? 80;
  const later = options.setTimeout ?? ((cb: () => void, ms: number) => globalThis.setTimeout(cb, ms));
  const cancel = options.clearTimeout ?? ((h: unknown) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>));
  const createCanvas = options.createCanvas ?? (() => document.createElement('canvas'));
  const fallback = jsqrDecoder(createCanvas, options.maxFrameSide ?? 800);

  return new Promise<string>((resolve, reject) => {
    let done = false;
    let timer: unknown;
    const finish = (settle: () => void): void => {
      if (done) return;
      done = true;
      if (timer !== undefined) cancel(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = (): void => finish(() => reject(abortReason(signal!)));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);

    const run = async (): Promise<void> => {
      const native = await nativeDecoder(options.BarcodeDetector === undefined ? globalDetector() : options.BarcodeDetector);
      let decode = native ?? fallback;
      options.onDecoder?.(native === undefined ? 'jsqr' : 'native');
      const tick = async (): Promise<void> => {
        timer = undefined;
        if (done) return;
        if (video.readyState >= 2) {
          try {
            const text = await decode(video);
            if (done) return;
            if (text !== undefined) return finish(() => resolve(fromDigitForm(text)));
          } catch (error) {
            if (decode === fallback) return finish(() => reject(error));
            // A native detector that fails at run time (seen on some Android builds): use jsQR.
            decode = fallback;
            options.onDecoder?.('jsqr');
          }
        }
        if (!done) timer = later(() => void tick(), interval);
      };
      await tick();
    };
    run().catch((error: unknown) => finish(() => reject(error)));
  });
}
