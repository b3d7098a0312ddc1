// PeerLink demo app: one page, two roles (Receive / Pay), built for a phone's web view.
import { createPeerLink, type Connection, type State } from '../src/index.js';
import { fromDigitForm } from '../src/qr/digits.js';
import { byId, byTestId, show } from './dom.js';
import { loadRenderer, loadScanner } from './lazy.js';
import { createPay } from './pay.js';
import { createReceive } from './receive.js';
import { readOptions } from './config.js';
import { createSessionView } from './session-view.js';

declare global {
  interface Window {
    peerlinkDemo: { connection(): Connection | undefined; states(): State[] };
  }
}

type Screen = 'start' | 'receive' | 'pay';

const peer = createPeerLink(readOptions(window.location));
const view = createSessionView(byId('session'));
const receive = createReceive(peer, view);
const pay = createPay(peer, view);
const back = byId<HTMLButtonElement>('back');

window.peerlinkDemo = { connection: () => view.connection(), states: () => view.states() };

function go(screen: Screen, prefetch = true): void {
  receive.stop();
  pay.stop();
  view.reset();
  for (const name of ['start', 'receive', 'pay'] as const) show(byId(name), name === screen);
  show(back, screen !== 'start');
  document.body.dataset['screen'] = screen;
  // Fetch the screen's QR module and the ICE servers while the user fills in the form or reaches
  // for the camera, so nothing waits on them once the code is shown or scanned.
  if (prefetch && screen !== 'start') peer.prepare().catch(() => undefined);
  if (prefetch && screen === 'receive') loadRenderer().catch(() => undefined);
  if (prefetch && screen === 'pay') loadScanner().catch(() => undefined);
  window.scrollTo(0, 0);
}

/** `/#<token>` (or the digit form a phone's camera app opens) starts paying at once. */
function openFragment(): void {
  const token = window.location.hash.slice(1);
  if (token === '') return;
  // The token is single use: keep it out of the address bar, history and a reload.
  history.replaceState(null, '', window.location.pathname + window.location.search);
  go('pay', false);
  pay.acceptLink(fromDigitForm(token));
}

byTestId('role-receive').addEventListener('click', () => go('receive'));
byTestId('role-pay').addEventListener('click', () => go('pay'));
back.addEventListener('click', () => go('start'));
byId('new-payment').addEventListener('click', () => go(document.body.dataset['screen'] === 'pay' ? 'pay' : 'receive'));
window.addEventListener('hashchange', openFragment);
// A web view sent to the background must not keep the camera on.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') pay.stopScanning();
});
window.addEventListener('pagehide', () => {
  receive.stop();
  pay.stop();
});

go('start');
openFragment();
