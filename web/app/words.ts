// Error codes in words a shop assistant understands: what happened and what to do next.
import type { ErrorCode, PeerLinkError, State } from '../src/index.js';

const BY_REASON: Record<string, string> = {
  expired: 'This payment code has expired. Ask for a new QR code and scan it again.',
  handle_taken: 'Another shop is already using this name. Choose a different name.',
  not_found: 'Nobody is waiting for a payment under this name right now. Check the spelling, or scan the QR code instead.',
  session_answered: 'This payment code was already used by another phone. Ask for a new QR code.',
  session_not_found: 'This payment code is no longer valid. Ask for a new QR code.',
  rate_limited: 'Too many attempts in a short time. Wait a few seconds, then try again.',
  invalid_handle: 'Names use 3 to 32 letters, digits, dots, dashes or underscores.',
  tampered_signal: 'The connection could not be verified, so it was stopped for your safety. Try again.',
  inactivity: 'Nothing happened for a while, so the connection was closed to keep it safe. Start again when you are ready.',
  remote_closed: 'The other phone ended the connection before the payment was finished. Start again on both phones.',
  no_candidate_pair: 'The phones could not find a network path to each other. Check that both are online, then try again.',
  disconnected_timeout: 'The connection to the other phone was lost and could not be restored. Try again.',
  payment_failed: 'The shop reported that the payment could not be completed. Ask the shop to try again.',
  receipt_timeout: 'The other phone did not confirm it received the message. Try again.',
};

const BY_CODE: Record<ErrorCode, string> = {
  BOOTSTRAP_GENERATION_FAILED: 'This phone could not prepare a payment code. Check the internet connection and try again.',
  BOOTSTRAP_PARSE_FAILED: 'This is not a valid payment code. Ask for a new QR code and scan it again.',
  CONNECTION_FAILED: 'The two phones could not connect. Try again.',
  ICE_FAILED: 'The two phones could not reach each other on this network. Try again, or switch between Wi-Fi and mobile data.',
  DATA_CHANNEL_FAILED: 'The connection dropped while it was being set up. Try again.',
  MESSAGE_SEND_FAILED: 'A message did not reach the other phone. Try again.',
  TIMEOUT: 'The other phone took too long to answer. Try again.',
  REMOTE_SERVICE_ERROR: 'The payment service could not be reached. Check the internet connection and try again.',
};

/** A sentence for `error`, preferring one about its specific reason. */
export function describeError(error: Pick<PeerLinkError, 'code' | 'reason'>): string {
  return BY_REASON[error.reason] ?? BY_CODE[error.code];
}

export const STATE_LABELS: Record<State, string> = {
  IDLE: 'Ready',
  CREATING_OFFER: 'Preparing a secure code…',
  AWAITING_ANSWER: 'Waiting for the other phone…',
  CONNECTING: 'Connecting…',
  CONNECTED: 'Connected securely',
  DISCONNECTED: 'Connection lost, reconnecting…',
  CLOSED: 'Closed',
  FAILED: 'Could not connect',
};

/** Position of a state on the 4-step progress bar (0 = none lit). */
export const STATE_STEP: Record<State, number> = {
  IDLE: 0,
  CREATING_OFFER: 1,
  AWAITING_ANSWER: 2,
  CONNECTING: 3,
  CONNECTED: 4,
  DISCONNECTED: 3,
  CLOSED: 4,
  FAILED: 0,
};

export const CAMERA_WORDS: Record<string, string> = {
  NotAllowedError: 'The camera is not allowed for this app. Allow camera access in the settings, or open the payment link instead.',
  NotFoundError: 'No camera was found on this device. Open the payment link or look up the shop name instead.',
  NotReadableError: 'The camera is busy in another app. Close that app and try again.',
  NotSupportedError: 'The camera cannot be used on this page. Open the payment link or look up the shop name instead.',
};

export function describeCameraError(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  return CAMERA_WORDS[name] ?? 'The camera could not be started. Try again, or open the payment link instead.';
}

/** `12.5` → `12.50 EUR`-style display of an amount string. */
export function formatAmount(amount: unknown, currency: unknown): string {
  const a = typeof amount === 'string' ? amount : '?';
  const c = typeof currency === 'string' ? currency : '';
  const [whole, fraction = ''] = a.split('.');
  return `${whole ?? a}.${fraction.padEnd(2, '0')} ${c}`.trim();
}
