// Pay: get a token (camera scan, a link, or a handle look-up), connect, show the incoming request,
// answer it, and wait for the acknowledgment. The camera is released on every way out.
import type { Connection, PeerLink } from '../src/index.js';
import { byId, byTestId, show } from './dom.js';
import { asError, onEnded } from './follow.js';
import { loadScanner } from './lazy.js';
import type { SessionView } from './session-view.js';
import { describeCameraError, formatAmount } from './words.js';

export interface PayScreen {
  /** Accepts a token or link (the `/#<token>` entry). */
  acceptLink(text: string): void;
  /** Stops the scanner (camera off) and closes the connection. */
  stop(): void;
  /** Stops only the camera, e.g. when the page goes to the background. */
  stopScanning(): void;
}

export function createPay(peer: PeerLink, view: SessionView): PayScreen {
  const choices = byId('pay-choices');
  const notice = byId('pay-notice');
  const cameraBox = byId('camera');
  const video = byId<HTMLVideoElement>('camera-video');
  const lookupHandle = byTestId<HTMLInputElement>('lookup-handle');
  const requestCard = byTestId('request');
  const requestAmount = byId('request-amount');
  const requestDescription = byId('request-description');
  const acceptButton = byTestId<HTMLButtonElement>('accept');
  const declineButton = byTestId<HTMLButtonElement>('decline');

  let generation = 0;
  let connection: Connection | undefined;
  let stream: MediaStream | undefined;
  let scanning: AbortController | undefined;
  let answer: ((accepted: boolean) => void) | undefined;
  const cleanups: Array<() => void> = [];

  function stopScanning(): void {
    scanning?.abort();
    scanning = undefined;
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = undefined;
    video.srcObject = null;
    show(cameraBox, false);
    show(choices);
  }

  function stop(): void {
    generation++;
    stopScanning();
    for (const off of cleanups.splice(0)) off();
    connection?.close('left');
    connection = undefined;
    answer = undefined;
    show(requestCard, false);
    show(notice, false);
    show(choices);
  }

  function say(text: string): void {
    notice.textContent = text;
    show(notice, text !== '');
  }

  function follow(conn: Connection, retry: () => void): void {
    connection = conn;
    cleanups.push(view.attach(conn, onEnded(view, retry)));
    cleanups.push(
      conn.on('message', (m) => {
        if (m.type === 'payment_request' && answer === undefined) {
          const p = m.payload;
          requestAmount.textContent = formatAmount(p.amount, p.currency);
          requestDescription.textContent = p.description ?? '';
          acceptButton.disabled = declineButton.disabled = false;
          show(requestCard);
          requestCard.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
          answer = (accepted) => {
            acceptButton.disabled = declineButton.disabled = true;
            const status = accepted ? 'accepted' : 'declined';
            view
              .send(conn, 'payment_response', { requestId: p.requestId, status })
              .then(() => {
                if (accepted) return;
                show(requestCard, false);
                view.finish('declined', 'You declined the payment.');
                conn.close('declined');
              })
              .catch((e: unknown) => view.fail(asError(e), retry));
          };
        } else if (m.type === 'payment_acknowledgment') {
          show(requestCard, false);
          if (m.payload.status === 'completed') {
            const reference = m.payload.reference !== undefined ? ` · ref ${m.payload.reference}` : '';
            view.finish('completed', `Payment sent: ${requestAmount.textContent ?? ''}${reference}`);
          } else {
            view.fail({ code: 'MESSAGE_SEND_FAILED', reason: 'payment_failed' }, retry);
          }
          conn.close('completed');
        }
      }),
    );
  }

  async function start(get: () => Promise<Connection>, retry: () => void): Promise<void> {
    stop();
    const mine = generation;
    show(choices, false);
    view.reset();
    view.showState('CONNECTING');
    try {
      const conn = await get();
      if (mine !== generation) return conn.close('left');
      follow(conn, retry);
    } catch (e) {
      if (mine !== generation) return;
      view.showState('FAILED');
      view.fail(asError(e), retry);
      show(choices);
    }
  }

  function acceptToken(text: string, method: 'qr' | 'link'): void {
    // An expired or unreadable code cannot succeed again: retry means scanning a new one.
    const retry = (): void => {
      const code = byTestId('error').dataset['code'];
      if (method === 'qr' || code === 'BOOTSTRAP_PARSE_FAILED') void scan();
      else acceptToken(text, method);
    };
    void start(() => peer.accept(text, { method }), retry);
  }

  async function scan(): Promise<void> {
    stop();
    const mine = generation;
    view.reset();
    const controller = new AbortController();
    scanning = controller;
    show(choices, false);
    show(notice, false);
    show(cameraBox);
    try {
      const { scanQr, showCamera, startCamera } = await loadScanner();
      if (mine !== generation) return;
      const camera = await startCamera();
      // Left while the permission prompt was up: release the camera we were just given.
      if (mine !== generation) return camera.getTracks().forEach((t) => t.stop());
      stream = camera;
      await showCamera(video, camera);
      const text = await scanQr(video, { signal: controller.signal });
      stopScanning();
      acceptToken(text, 'qr');
    } catch (e) {
      if (controller.signal.aborted || mine !== generation) return;
      stopScanning();
      say(describeCameraError(e));
    }
  }

  function lookup(): void {
    const handle = lookupHandle.value.trim().replace(/^@/, '');
    if (handle === '') {
      say('Type the shop name shown at the till, for example coffee-shop.');
      return;
    }
    const run = (): void => void start(() => peer.connect(handle), run);
    run();
  }

  byTestId('scan').addEventListener('click', () => void scan());
  byId('camera-cancel').addEventListener('click', () => {
    stopScanning();
  });
  byId('lookup-form').addEventListener('submit', (e) => {
    e.preventDefault();
    lookup();
  });
  acceptButton.addEventListener('click', () => answer?.(true));
  declineButton.addEventListener('click', () => answer?.(false));

  return { acceptLink: (text) => acceptToken(text, 'link'), stop, stopScanning };
}
