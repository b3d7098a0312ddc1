// The panel both roles share: connection progress, the message log, the outcome and the error panel
// with its retry button. It also keeps what window.peerlinkDemo reports.
import type { Connection, Envelope, PeerLinkError, StandardMessages, State } from '../src/index.js';
import { byTestId, element, show } from './dom.js';
import { describeError, formatAmount, STATE_LABELS, STATE_STEP } from './words.js';

export type Outcome = 'completed' | 'declined' | 'failed';
type ErrorLike = Pick<PeerLinkError, 'code' | 'reason'>;

export interface SessionView {
  readonly root: HTMLElement;
  /** Clears the panel for a new attempt and forgets the previous connection. */
  reset(): void;
  /** Follows `connection`: its states, incoming messages and failure. Returns a detach function. */
  attach(connection: Connection, onEnd: (connection: Connection) => void): () => void;
  /** Shows a state when there is no connection to follow (e.g. a failure before one exists). */
  showState(state: State): void;
  /** Sends and logs a message; the log entry is marked delivered on the peer's receipt. */
  send<K extends keyof StandardMessages>(connection: Connection, type: K, payload: StandardMessages[K]): Promise<Envelope>;
  /** A line under the state about what happens next; empty hides it. */
  note(text: string): void;
  finish(outcome: Outcome, text: string): void;
  fail(error: ErrorLike, retry: (() => void) | undefined): void;
  outcome(): Outcome | undefined;
  connection(): Connection | undefined;
  states(): State[];
}

function summary(envelope: Pick<Envelope, 'type' | 'payload'>): string {
  const p = envelope.payload;
  switch (envelope.type) {
    case 'payment_request':
      return `Request ${formatAmount(p['amount'], p['currency'])}${typeof p['description'] === 'string' ? ` · ${p['description']}` : ''}`;
    case 'payment_response':
      return p['status'] === 'accepted' ? 'Payment accepted' : 'Payment declined';
    case 'payment_acknowledgment':
      return p['status'] === 'completed' ? `Payment completed${typeof p['reference'] === 'string' ? ` · ref ${p['reference']}` : ''}` : 'Payment failed';
    default:
      return envelope.type;
  }
}

export function createSessionView(root: HTMLElement): SessionView {
  const stateEl = byTestId('state', root);
  const stateLabel = stateEl.querySelector<HTMLElement>('.state-label')!;
  const log = byTestId<HTMLOListElement>('log', root);
  const logBox = log.closest<HTMLElement>('.log-box') ?? log;
  const outcomeEl = byTestId('outcome', root);
  const errorEl = byTestId('error', root);
  const errorText = errorEl.querySelector<HTMLElement>('.error-text')!;
  const retryButton = byTestId<HTMLButtonElement>('retry', root);
  const newPayment = root.querySelector<HTMLElement>('#new-payment');
  const noteEl = root.querySelector<HTMLElement>('#session-note');
  let current: Connection | undefined;
  let stateList: State[] = [];
  let outcome: Outcome | undefined;
  let retry: (() => void) | undefined;

  retryButton.addEventListener('click', () => retry?.());

  function showState(state: State): void {
    stateEl.dataset['state'] = state;
    stateEl.dataset['step'] = String(STATE_STEP[state]);
    stateLabel.textContent = STATE_LABELS[state];
    show(root);
  }

  function addEntry(direction: 'in' | 'out', envelope: Pick<Envelope, 'type' | 'payload'>): HTMLLIElement {
    const item = element('li', { 'data-type': envelope.type, 'data-direction': direction });
    item.append(
      element('span', { class: 'dir', 'aria-label': direction === 'in' ? 'received' : 'sent' }, direction === 'in' ? '↓' : '↑'),
      element('span', { class: 'what' }, summary(envelope)),
      element('time', {}, new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })),
    );
    log.append(item);
    show(logBox);
    item.scrollIntoView?.({ block: 'nearest' });
    return item;
  }

  const view: SessionView = {
    root,
    reset() {
      current = undefined;
      stateList = [];
      outcome = undefined;
      retry = undefined;
      log.replaceChildren();
      view.note('');
      show(logBox, false);
      show(outcomeEl, false);
      outcomeEl.removeAttribute('data-outcome');
      show(errorEl, false);
      if (newPayment !== null) show(newPayment, false);
      document.body.removeAttribute('data-finished');
      errorEl.removeAttribute('data-code');
      errorEl.removeAttribute('data-reason');
      showState('IDLE');
      show(root, false);
    },
    attach(connection, onEnd) {
      current = connection;
      stateList = connection.transitions().length > 0 ? [connection.transitions()[0]!.from] : [];
      for (const t of connection.transitions()) stateList.push(t.to);
      if (stateList.length === 0) stateList.push(connection.state);
      showState(connection.state);
      const offState = connection.on('state', (t) => {
        if (current !== connection) return;
        stateList.push(t.to);
        showState(t.to);
        if (t.to === 'FAILED' || t.to === 'CLOSED') onEnd(connection);
      });
      const offMessage = connection.on('message', (m) => {
        if (current === connection) addEntry('in', m);
      });
      return () => {
        offState();
        offMessage();
      };
    },
    showState,
    async send(connection, type, payload) {
      const item = addEntry('out', { type, payload });
      item.classList.add('pending');
      try {
        const sent = await connection.send(type, payload);
        item.classList.replace('pending', 'delivered');
        return sent;
      } catch (error) {
        item.classList.replace('pending', 'undelivered');
        throw error;
      }
    },
    note(text) {
      if (noteEl === null) return;
      noteEl.textContent = text;
      show(noteEl, text !== '');
    },
    finish(kind, text) {
      if (outcome !== undefined) return;
      view.note('');
      outcome = kind;
      outcomeEl.dataset['outcome'] = kind;
      outcomeEl.querySelector<HTMLElement>('.outcome-text')!.textContent = text;
      show(outcomeEl);
      // After a failure the error panel offers the way on (retry); otherwise start over.
      if (newPayment !== null) show(newPayment, kind !== 'failed');
      document.body.setAttribute('data-finished', kind);
    },
    fail(error, again) {
      retry = again;
      errorEl.dataset['code'] = error.code;
      errorEl.dataset['reason'] = error.reason;
      errorText.textContent = describeError(error);
      // An unreadable or expired code cannot work twice: the way on is a new one.
      retryButton.textContent = error.code === 'BOOTSTRAP_PARSE_FAILED' ? 'Scan a new code' : 'Try again';
      show(retryButton, again !== undefined);
      show(errorEl);
      view.finish('failed', 'Payment not completed');
    },
    outcome: () => outcome,
    connection: () => current,
    states: () => [...stateList],
  };
  return view;
}
