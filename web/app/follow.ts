// What to show when a connection ends: nothing after a finished payment, else the error panel.
import { PeerLinkError, type Connection } from '../src/index.js';
import type { SessionView } from './session-view.js';

/** The error to show for a connection that ended before the payment finished. */
export function endError(connection: Connection): Pick<PeerLinkError, 'code' | 'reason'> {
  if (connection.error !== undefined) return connection.error;
  const transitions = connection.transitions();
  const reason = transitions[transitions.length - 1]?.reason ?? 'closed';
  // The SDK closes an idle connection itself (reason `inactive`): to the user that is a timeout.
  if (/inactiv/.test(reason)) return { code: 'TIMEOUT', reason: 'inactivity' };
  return { code: 'CONNECTION_FAILED', reason };
}

export function asError(error: unknown): Pick<PeerLinkError, 'code' | 'reason'> {
  if (error instanceof PeerLinkError) return error;
  return { code: 'CONNECTION_FAILED', reason: error instanceof Error ? error.message : String(error) };
}

/** Reports a connection that ended (FAILED or CLOSED) before its payment had an outcome. */
export function onEnded(view: SessionView, retry: () => void): (connection: Connection) => void {
  return (connection) => {
    if (view.outcome() === undefined) view.fail(endError(connection), retry);
  };
}
