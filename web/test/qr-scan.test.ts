import { describe, expect, it, vi } from 'vitest';
import { renderQr } from '../src/qr/render.js';
import { scanQr, type BarcodeDetectorConstructor, type FrameCanvas, type ScanDecoder } from '../src/qr/scan.js';
import { phoneLikeLink, pixelCanvas } from './qr-fixtures.js';

/** A "video" whose current frame is the pixels of a rendered QR (or blank until `show()`). */
function fakeCamera(text: string) {
  const qr = pixelCanvas();
  renderQr(text, qr as unknown as HTMLCanvasElement, { scale: 4 });
  let showing = false;
  const video = { readyState: 4, videoWidth: qr.width, videoHeight: qr.height } as unknown as HTMLVideoElement;
  const frames = { drawn: 0 };
  const createCanvas = (): FrameCanvas => {
    const canvas = { width: 0, height: 0 } as FrameCanvas;
    canvas.getContext = () => ({
      drawImage: () => {
        frames.drawn++;
      },
      getImageData: (_x, _y, w, h) => ({
        data: showing ? qr.pixels : new Uint8ClampedArray(w * h * 4).fill(255),
        width: w,
        height: h,
      }),
    });
    return canvas;
  };
  return { video, createCanvas, frames, show: () => (showing = true) };
}

function fakeDetector(value: string | (() => never)) {
  const calls = { detect: 0, constructed: [] as string[][] };
  const Detector = class {
    constructor(options: { formats: string[] }) {
      calls.constructed.push(options.formats);
    }
    detect() {
      calls.detect++;
      if (typeof value === 'function') value();
      return Promise.resolve(calls.detect < 3 ? [] : [{ rawValue: value as string }]);
    }
    static getSupportedFormats() {
      return Promise.resolve(['ean_13', 'qr_code']);
    }
  };
  return { Detector: Detector as unknown as BarcodeDetectorConstructor, calls };
}

describe('scanQr', () => {
  it('uses the native BarcodeDetector when the browser has one for QR codes', async () => {
    const camera = fakeCamera('unused');
    const { Detector, calls } = fakeDetector('https://pay.example/#AQ');
    const decoders: ScanDecoder[] = [];
    const text = await scanQr(camera.video, {
      BarcodeDetector: Detector,
      createCanvas: camera.createCanvas,
      intervalMs: 1,
      onDecoder: (d) => decoders.push(d),
    });
    expect(text).toBe('https://pay.example/#AQ');
    expect(decoders).toEqual(['native']);
    expect(calls.constructed).toEqual([['qr_code']]);
    expect(calls.detect).toBe(3);
    expect(camera.frames.drawn).toBe(0);
  });

  it('falls back to jsQR when there is no BarcodeDetector, and returns the link renderQr was given', async () => {
    const link = phoneLikeLink();
    const camera = fakeCamera(link);
    const decoders: ScanDecoder[] = [];
    const scanning = scanQr(camera.video, {
      BarcodeDetector: null,
      createCanvas: camera.createCanvas,
      intervalMs: 1,
      onDecoder: (d) => decoders.push(d),
    });
    await vi.waitFor(() => expect(camera.frames.drawn).toBeGreaterThan(2));
    camera.show();
    await expect(scanning).resolves.toBe(link);
    expect(decoders).toEqual(['jsqr']);
  });

  it('falls back to jsQR when the detector does not support QR codes or fails at run time', async () => {
    const link = phoneLikeLink();
    const noQr = class {
      static getSupportedFormats = () => Promise.resolve(['ean_13']);
      detect = () => Promise.resolve([]);
    } as unknown as BarcodeDetectorConstructor;
    const camera1 = fakeCamera(link);
    camera1.show();
    await expect(scanQr(camera1.video, { BarcodeDetector: noQr, createCanvas: camera1.createCanvas })).resolves.toBe(link);

    const camera2 = fakeCamera(link);
    camera2.show();
    const { Detector } = fakeDetector(() => {
      throw new DOMException('not supported', 'NotSupportedError');
    });
    const decoders: ScanDecoder[] = [];
    const text = await scanQr(camera2.video, {
      BarcodeDetector: Detector,
      createCanvas: camera2.createCanvas,
      intervalMs: 1,
      onDecoder: (d) => decoders.push(d),
    });
    expect(text).toBe(link);
    expect(decoders).toEqual(['native', 'jsqr']);
  });

  it('stops the frame loop when aborted and rejects with the abort reason', async () => {
    const camera = fakeCamera(phoneLikeLink());
    const controller = new AbortController();
    const scanning = scanQr(camera.video, { BarcodeDetector: null, createCanvas: camera.createCanvas, intervalMs: 1, signal: controller.signal });
    await vi.waitFor(() => expect(camera.frames.drawn).toBeGreaterThan(1));
    controller.abort(new Error('user left'));
    await expect(scanning).rejects.toThrow('user left');
    const drawn = camera.frames.drawn;
    await new Promise((r) => setTimeout(r, 30));
    expect(camera.frames.drawn).toBe(drawn);
  });

  it('rejects at once, without reading a frame, when the signal is already aborted', async () => {
    const camera = fakeCamera(phoneLikeLink());
    const controller = new AbortController();
    controller.abort();
    await expect(scanQr(camera.video, { BarcodeDetector: null, createCanvas: camera.createCanvas, signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(camera.frames.drawn).toBe(0);
  });

  it('waits for the video to have a frame before decoding', async () => {
    const camera = fakeCamera(phoneLikeLink());
    camera.show();
    (camera.video as unknown as { readyState: number }).readyState = 0;
    const controller = new AbortController();
    const scanning = scanQr(camera.video, { BarcodeDetector: null, createCanvas: camera.createCanvas, intervalMs: 1, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 20));
    expect(camera.frames.drawn).toBe(0);
    (camera.video as unknown as { readyState: number }).readyState = 4;
    await expect(scanning).resolves.toBe(phoneLikeLink());
  });
});
