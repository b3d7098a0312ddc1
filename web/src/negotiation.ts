import { sleep } from './clock.js';
import type { ConnectionCore } from './connection.js';
import type { Context } from './context.js';
import type { Candidate, Description } from './description.js';
import { PeerLinkError } from './errors.js';
import type { Mailbox } from './mailbox.js';
import { candidateInit, gather, localDescription, remoteSdpWriter } from './peer.js';
import { backoffDelay } from './retry.js';
import { compactSdp, mergeCandidates, parseCandidate } from './sdp.js';
import type { Signal } from './signals.js';

// After the first offer/answer: candidates trickled both ways through the mailbox, and ICE restarts
// (the offerer sends a new offer as a `restart` box while the session lives).

export interface Negotiation {
  /** Candidates already sent (in the token or the answer); later ones are trickled. */
  setSent(candidates: readonly Candidate[]): void;
  /** Start trickling local candidates (offerer: as soon as the session exists, before any answer; answerer: once the answer is posted). */
  enableTrickle(): void;
  /** Sets a remote description; remote candidates wait for it (a browser refuses them before). */
  applyRemote(type: 'offer' | 'answer', d: Description): Promise<void>;
  handle(signal: Signal): void;
}

const DISCONNECT_GRACE_MS = 2000;

export function createNegotiation(ctx: Context, core: ConnectionCore, pc: RTCPeerConnection, mailbox: Mailbox): Negotiation {
  const sent: Candidate[] = [];
  let queue: Candidate[] = [];
  let ended = false;
  let trickle = false;
  let flushScheduled = false;
  let remoteIndex = 0;
  let restarts = 0;
  let restartGeneration = 0;
  let restartTimer: unknown;
  let awaitingRestartAnswer = false;
  const writeSdp = remoteSdpWriter(ctx.random01);
  let remoteApplied: Promise<unknown> = Promise.resolve();

  const applyRemote = (type: 'offer' | 'answer', d: Description): Promise<void> => {
    const applied = pc.setRemoteDescription({ type, sdp: writeSdp(d) }).then(() => {
      remoteIndex = d.candidates.length;
    });
    remoteApplied = applied.catch(() => undefined);
    return applied;
  };

  /** Candidates in the local description that were never sent (found while nobody listened). */
  const catchUp = (): void => {
    try {
      const sdp = pc.localDescription?.sdp;
      if (sdp) queue.push(...mergeCandidates(sent, compactSdp(sdp).candidates));
    } catch {
      // an unreadable local description has nothing to add
    }
  };

  const flush = (): void => {
    flushScheduled = false;
    if (!trickle || core.terminal) return;
    if (queue.length) {
      const c = queue;
      queue = [];
      mailbox.send({ t: 'candidates', c }).catch(() => undefined);
    }
    if (ended) {
      ended = false;
      mailbox.send({ t: 'end' }).catch(() => undefined);
    }
  };
  const scheduleFlush = (): void => {
    if (flushScheduled) return;
    flushScheduled = true;
    // Batch the candidates of one gathering burst into one box.
    ctx.clock.setTimeout(flush, 20);
  };

  pc.onicecandidate = (e: RTCPeerConnectionIceEvent) => {
    if (!e.candidate) {
      ended = true;
    } else {
      const c = parseCandidate(e.candidate.candidate);
      if (c) queue.push(...mergeCandidates(sent, [c]));
    }
    if (trickle) scheduleFlush();
  };

  const addRemote = (candidates: readonly Candidate[]): void => {
    // After the pending remote description, in order; a stale or unusable candidate is not fatal.
    remoteApplied = remoteApplied.then(async () => {
      for (const c of candidates) await pc.addIceCandidate(candidateInit(c, remoteIndex++)).catch(() => undefined);
    });
  };

  const clearRestartTimer = (): void => {
    if (restartTimer !== undefined) ctx.clock.clearTimeout(restartTimer);
    restartTimer = undefined;
  };

  /** Offerer: a fresh offer with new ICE credentials, through the mailbox. */
  const restart = async (): Promise<void> => {
    clearRestartTimer();
    if (core.state === 'CONNECTED') {
      // Recovered meanwhile (data flows again): nothing to restart.
      restarts = 0;
      awaitingRestartAnswer = false;
      return;
    }
    if (core.role !== 'offerer' || core.terminal || awaitingRestartAnswer) return;
    if (restarts >= ctx.retry.retries) {
      core.fail(new PeerLinkError('ICE_FAILED', 'ice_restart_exhausted'));
      return;
    }
    const mine = ++restartGeneration;
    const delay = backoffDelay(ctx.retry, restarts, ctx.random01);
    restarts++;
    awaitingRestartAnswer = true;
    try {
      if (restarts > 1) await sleep(ctx.clock, delay);
      if (mine !== restartGeneration || core.terminal) return;
      const offer = await pc.createOffer({ iceRestart: true });
      await pc.setLocalDescription(offer);
      await gather(pc, ctx.gatherBudgetMs, ctx.clock);
      if (mine !== restartGeneration || core.terminal) return;
      const d = localDescription(pc);
      d.setup = 'actpass';
      sent.splice(0, sent.length, ...d.candidates);
      queue = [];
      remoteIndex = 0;
      await mailbox.send({ t: 'restart', d });
      // No restart-answer in time: try again on the backoff schedule.
      restartTimer = ctx.clock.setTimeout(() => {
        awaitingRestartAnswer = false;
        void restart();
      }, ctx.timeouts.connecting);
    } catch (error) {
      awaitingRestartAnswer = false;
      if (mine !== restartGeneration || core.terminal) return;
      // Nothing leaves a full mailbox while the session lives: another restart offer would be
      // refused the same way, and ICE_FAILED would hide why.
      if (error instanceof PeerLinkError && error.reason === 'mailbox_full') core.fail(error);
      else void restart();
    }
  };

  /** Answerer: answer a restart offer. */
  const answerRestart = async (d: Description): Promise<void> => {
    const gen = core.generation;
    try {
      await applyRemote('offer', d);
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      await gather(pc, ctx.gatherBudgetMs, ctx.clock);
      if (gen !== core.generation || core.terminal) return;
      const local = localDescription(pc);
      sent.splice(0, sent.length, ...local.candidates);
      queue = [];
      await mailbox.send({ t: 'restart-answer', d: local });
    } catch {
      // The offerer retries the restart when no answer comes.
    }
  };

  pc.oniceconnectionstatechange = () => {
    const s = pc.iceConnectionState;
    if (s === 'connected' || s === 'completed') {
      core.mark('ice');
      clearRestartTimer();
      awaitingRestartAnswer = false;
      if (core.state === 'DISCONNECTED') {
        restarts = 0;
        core.iceRecovered();
      }
    } else if (s === 'disconnected') {
      core.iceLost('ice_disconnected');
      // Often transient (a Wi-Fi hiccup): restart only if it lasts.
      if (core.role === 'offerer' && restartTimer === undefined && !awaitingRestartAnswer) {
        restartTimer = ctx.clock.setTimeout(() => {
          restartTimer = undefined;
          if (pc.iceConnectionState === 'disconnected' || pc.iceConnectionState === 'failed') void restart();
        }, DISCONNECT_GRACE_MS);
      }
    } else if (s === 'failed') {
      core.iceLost('ice_failed');
      if (core.role === 'offerer') void restart();
    }
  };

  // ICE connected but DTLS failed (a wrong fingerprint): no restart helps. Firefox before 113 has no
  // connectionState; there the CONNECTING timeout ends the attempt instead.
  pc.onconnectionstatechange = () => {
    if (pc.connectionState === 'failed' && core.state === 'CONNECTING') {
      const ice = pc.iceConnectionState;
      if (ice === 'connected' || ice === 'completed') core.fail(new PeerLinkError('CONNECTION_FAILED', 'dtls_failed'));
    }
  };

  // ICE may still call itself connected while nothing arrives: the offerer restarts it anyway.
  core.onLost((reason) => {
    if (reason === 'keepalive_timeout' && core.role === 'offerer') void restart();
  });

  core.onTeardown(() => {
    clearRestartTimer();
    restartGeneration++;
  });

  return {
    setSent(candidates) {
      mergeCandidates(sent, candidates);
      queue = queue.filter((q) => !candidates.some((c) => c.address === q.address && c.port === q.port && c.protocol === q.protocol && c.type === q.type));
    },
    enableTrickle() {
      trickle = true;
      catchUp();
      scheduleFlush();
    },
    applyRemote,
    handle(signal) {
      if (core.terminal) return;
      switch (signal.t) {
        case 'candidates':
          addRemote(signal.c);
          break;
        case 'end':
          break; // end-of-candidates is an optimisation browsers do not need
        case 'restart':
          if (core.role === 'answerer') void answerRestart(signal.d);
          break;
        case 'restart-answer':
          if (core.role === 'offerer' && awaitingRestartAnswer) {
            // The restart timer stays armed: if ICE does not come back, the next restart follows.
            awaitingRestartAnswer = false;
            applyRemote('answer', signal.d).catch(() => undefined);
          }
          break;
        case 'answer':
          break; // the first answer is the offerer flow's; a second one is ignored
      }
    },
  };
}
