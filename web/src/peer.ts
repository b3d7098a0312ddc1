import { sleep, type Clock } from './clock.js';
import { rtcConfiguration, type Context } from './context.js';
import type { Candidate, Description } from './description.js';
import { PeerLinkError, toPeerLinkError } from './errors.js';
import { compactSdp, formatCandidate, rebuildSdp } from './sdp.js';

/** The data channel: labelled `peerlink`, reliable and ordered (never maxRetransmits). */
export const CHANNEL_LABEL = 'peerlink';
export const CHANNEL_INIT: RTCDataChannelInit = { ordered: true };

export async function createPeer(ctx: Context): Promise<RTCPeerConnection> {
  const config = await rtcConfiguration(ctx);
  try {
    return new ctx.RTCPeerConnection(config);
  } catch (error) {
    throw toPeerLinkError(error, 'CONNECTION_FAILED', 'peer_connection');
  }
}

/**
 * Waits until ICE gathering completes or the budget elapses, whichever is first (spec §5.3: never
 * wait for completion — Chromium adds a TCP candidate ~125 ms in and TURN can take much longer).
 */
export async function gather(pc: RTCPeerConnection, budgetMs: number, clock: Clock): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  const abort = new AbortController();
  const complete = new Promise<void>((resolve) => {
    const check = (): void => {
      if (pc.iceGatheringState === 'complete') resolve();
    };
    pc.addEventListener('icegatheringstatechange', check);
    abort.signal.addEventListener('abort', () => pc.removeEventListener('icegatheringstatechange', check));
  });
  try {
    await Promise.race([complete, sleep(clock, budgetMs, abort.signal)]);
  } finally {
    abort.abort();
  }
}

/** The compact form of the current local description. */
export function localDescription(pc: RTCPeerConnection): Description {
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new PeerLinkError('BOOTSTRAP_GENERATION_FAILED', 'no_local_description');
  return compactSdp(sdp);
}

/** A stable o= session id per connection, so renegotiations look like one session to the browser. */
export function remoteSdpWriter(random01: () => number): (d: Description) => string {
  const id = String(Math.floor(random01() * 2 ** 52) + 1);
  let version = 2;
  return (d) => rebuildSdp(d, { sessionVersionId: id, version: version++ });
}

export function candidateInit(c: Candidate, index: number): RTCIceCandidateInit {
  return { candidate: formatCandidate(c, index), sdpMid: '0', sdpMLineIndex: 0 };
}
