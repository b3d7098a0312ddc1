// Receive: ask for an amount, then show a QR code (fresh one on expiry) or publish a handle; when a
// payer connects, send the payment_request and acknowledge an accepted response.
import type { Connection, Invitation, PeerLink, Publication } from '../src/index.js';
import { byId, byTestId, formatCountdown, randomId, show } from './dom.js';
import { asError, onEnded } from './follow.js';
import { loadRenderer } from './lazy.js';
import type { SessionView } from './session-view.js';
import { formatAmount } from './words.js';

const AMOUNT = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,8})?$/;
const HANDLE = /^[a-z0-9._-]{3,32}$/;

interface Request {
  amount: string;
  currency: string;
  description: string;
}

export interface ReceiveScreen {
  /** Stops whatever is running: cancels the invitation, withdraws the publication, closes the connection. */
  stop(): void;
}

/** True while nobody has answered the offer (it never reached CONNECTING). */
function unanswered(connection: Connection): boolean {
  return !connection.transitions().some((t) => t.to === 'CONNECTING');
}

export function createReceive(peer: PeerLink, view: SessionView): ReceiveScreen {
  const amount = byTestId<HTMLInputElement>('amount');
  const currency = byTestId<HTMLInputElement>('currency');
  const description = byTestId<HTMLInputElement>('description');
  const hint = byId('receive-hint');
  const qrPanel = byId('qr-panel');
  const canvas = byTestId<HTMLCanvasElement>('qr');
  const link = byTestId<HTMLAnchorElement>('token-link');
  const expiresIn = byTestId('expires-in');
  const handle = byTestId<HTMLInputElement>('handle');
  const publishedPanel = byId('published-panel');
  const publishedText = byId('published-text');
  const publishedExpiry = byId('published-expires');
  const setup = byId('receive-setup');
  const summary = byId('receive-summary');

  let generation = 0;
  let invitation: Invitation | undefined;
  let publication: Publication | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  const cleanups: Array<() => void> = [];

  function stop(): void {
    generation++;
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    for (const off of cleanups.splice(0)) off();
    invitation?.cancel();
    invitation?.connection.close('left');
    invitation = undefined;
    const leaving = publication;
    publication = undefined;
    if (leaving !== undefined) {
      leaving.connection.close('left');
      leaving.withdraw().catch(() => undefined);
    }
    show(qrPanel, false);
    show(publishedPanel, false);
    show(summary, false);
    show(setup);
  }

  /** While a code or a handle is out, the form gives way to what is being asked for. */
  function showSummary(request: Request): void {
    byId('summary-amount').textContent = formatAmount(request.amount, request.currency);
    byId('summary-description').textContent = request.description;
    show(setup, false);
    show(summary);
  }

  function readRequest(): Request | undefined {
    const request = {
      amount: amount.value.trim(),
      currency: currency.value.trim().toUpperCase(),
      description: description.value.trim(),
    };
    let problem = '';
    if (!AMOUNT.test(request.amount) || Number(request.amount) <= 0) problem = 'Enter an amount such as 12.50.';
    else if (!/^[A-Z]{3}$/.test(request.currency)) problem = 'Enter a three-letter currency such as EUR.';
    else if (request.description.length > 140) problem = 'Keep the description under 140 characters.';
    hint.textContent = problem;
    show(hint, problem !== '');
    return problem === '' ? request : undefined;
  }

  /**
   * Runs the payment exchange on `connection` once it is open. `renew` replaces an offer that
   * nobody answered before its token expired (the SDK ends it with TIMEOUT then).
   */
  function exchange(connection: Connection, request: Request, retry: () => void, renew: () => void): void {
    const requestId = randomId('req_');
    const ended = onEnded(view, retry);
    cleanups.push(
      view.attach(connection, (c) => {
        if (unanswered(c) && c.error?.code === 'TIMEOUT') renew();
        else ended(c);
      }),
    );
    cleanups.push(
      connection.on('state', (t) => {
        // Scanned: the code has done its job, so it leaves the screen (and can't be scanned twice).
        if (t.to === 'CONNECTING' || t.to === 'CONNECTED') show(qrPanel, false);
      }),
    );
    cleanups.push(
      connection.on('message', (m) => {
        if (m.type !== 'payment_response' || m.payload.requestId !== requestId) return;
        if (m.payload.status === 'accepted') {
          view
            .send(connection, 'payment_acknowledgment', { requestId, status: 'completed', reference: randomId('PL-').toUpperCase() })
            .then(() => {
              view.finish('completed', `Paid: ${formatAmount(request.amount, request.currency)}`);
              connection.close('completed');
            })
            .catch((e: unknown) => view.fail(asError(e), retry));
        } else if (m.type === 'payment_response') {
          view.finish('declined', 'The customer declined the payment.');
          connection.close('declined');
        }
      }),
    );
    connection.opened
      .then(async () => {
        await view.send(connection, 'payment_request', { requestId, ...request });
        if (view.outcome() === undefined && view.connection() === connection) view.note('Waiting for the customer to confirm on their phone…');
      })
      .catch((e: unknown) => {
        // A connection that failed or closed is reported by its end handler.
        if (connection.state !== 'FAILED' && connection.state !== 'CLOSED') view.fail(asError(e), retry);
      });
  }

  function countdown(expiresAt: () => number, el: HTMLElement, onExpired: () => void): void {
    const tick = (): void => {
      const left = expiresAt() - Date.now();
      el.textContent = formatCountdown(left);
      if (left <= 0) onExpired();
    };
    tick();
    timer = setInterval(tick, 250);
  }

  async function showQr(): Promise<void> {
    const request = readRequest();
    if (request === undefined) return;
    stop();
    const mine = generation;
    showSummary(request);
    view.reset();
    view.showState('CREATING_OFFER');
    let invited: Invitation;
    let renderQr: Awaited<ReturnType<typeof loadRenderer>>['renderQr'];
    try {
      [invited, { renderQr }] = await Promise.all([peer.invite(), loadRenderer()]);
    } catch (e) {
      if (mine !== generation) return;
      view.showState('FAILED');
      view.fail(asError(e), () => void showQr());
      return;
    }
    if (mine !== generation) return invited.cancel();
    invitation = invited;
    renderQr(invited.link, canvas, { scale: 8 });
    link.href = invited.link;
    show(qrPanel);
    const fresh = (): void => void showQr();
    exchange(invited.connection, request, fresh, fresh);
    // Nobody scanned in time: a fresh code replaces the expired one.
    countdown(() => invited.expiresAt, expiresIn, () => {
      if (unanswered(invited.connection)) fresh();
    });
    qrPanel.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }

  async function publish(): Promise<void> {
    const request = readRequest();
    if (request === undefined) return;
    const name = handle.value.trim().toLowerCase().replace(/^@/, '');
    if (!HANDLE.test(name)) {
      hint.textContent = 'A shop name has 3 to 32 letters, digits, dots, dashes or underscores.';
      show(hint);
      return;
    }
    stop();
    const mine = generation;
    showSummary(request);
    view.reset();
    view.showState('CREATING_OFFER');
    let published: Publication;
    try {
      published = await peer.publish(name, { republish: true });
    } catch (e) {
      if (mine !== generation) return;
      view.showState('FAILED');
      view.fail(asError(e), () => void publish());
      return;
    }
    if (mine !== generation) {
      published.withdraw().catch(() => undefined);
      return;
    }
    publication = published;
    publishedText.textContent = `Customers can now pay @${published.handle} from their phone.`;
    show(publishedPanel);
    const again = (): void => void publish();
    let current = published.connection;
    exchange(current, request, again, again);
    // With republish on, every answered offer is followed by a fresh one; switch to it when its
    // payer arrives, keeping the finished payment on screen until then.
    const consider = (next: Connection): void => {
      if (next === current || mine !== generation) return;
      const switchTo = (): void => {
        current = next;
        view.reset();
        exchange(next, request, again, again);
      };
      if (next.state === 'CONNECTING' || next.state === 'CONNECTED') return switchTo();
      const off = next.on('state', (t) => {
        if (t.to !== 'CONNECTING' && t.to !== 'CONNECTED') return;
        off();
        if (mine === generation && next !== current) switchTo();
      });
      cleanups.push(off);
    };
    cleanups.push(published.on('connection', consider));
    // Nobody came before the token expired: publish a fresh one under the same name.
    countdown(() => published.expiresAt, publishedExpiry, () => {
      // …unless a payment on an earlier offer is still running.
      const idle = published.connection === current || view.outcome() !== undefined || unanswered(current);
      if (unanswered(published.connection) && idle) again();
    });
  }

  byId('receive-cancel').addEventListener('click', () => {
    stop();
    view.reset();
  });
  byId('request-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void showQr();
  });
  byId('publish-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void publish();
  });
  return { stop };
}
