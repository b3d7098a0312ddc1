import { createConnectionCore, type ConnectionCore } from './connection.js';
import type { Context } from './context.js';
import { PeerLinkError, toPeerLinkError } from './errors.js';
import { deriveSessionKeys, type SessionKeys } from './keys.js';
import { createMailbox, type Mailbox } from './mailbox.js';
import { createNegotiation } from './negotiation.js';
import { CHANNEL_INIT, CHANNEL_LABEL, createPeer, gather, localDescription } from './peer.js';
import type { Method } from './telemetry.js';
import { encodeToken, type BootstrapToken } from './token-codec.js';
import type { Candidate } from './description.js';

// The offerer's flow (spec §5.3 step 1 and 3): offer + channel, short gathering budget, mailbox
// session, token (without the relay candidates, which are trickled at once); then the answer pushed
// by the mailbox, and trickle both ways.

export interface Offer {
  core: ConnectionCore;
  token: BootstrapToken;
  tokenText: string;
  expiresAt: number;
  keys: SessionKeys;
  mailbox: Mailbox;
}

/**
 * The candidates the token carries (spec §5.3): the non-relay ones. Relay candidates only matter when
 * no direct path works, so they travel through the mailbox instead of enlarging the QR code; when
 * there is nothing else (a relay-only privacy policy) they are the token's.
 */
export function tokenCandidates(candidates: readonly Candidate[]): Candidate[] {
  const direct = candidates.filter((c) => c.type !== 'relay');
  return direct.length > 0 ? direct : [...candidates];
}

const ensureLive = (core: ConnectionCore): void => {
  if (core.terminal) throw core.connection.error ?? new PeerLinkError('CONNECTION_FAILED', 'cancelled');
};

export async function startOffer(ctx: Context, method: Method, ttlMs = ctx.ttlMs): Promise<Offer> {
  const core = createConnectionCore(ctx, 'offerer', method);
  const { clock } = ctx;
  core.dispatch({ type: 'start_offer' });
  // Whole seconds: the compact token carries the expiry and the lifetime in seconds (spec §1,
  // §4.1), so the expiry is rounded down to the second and createdAt (≤ now) follows from it.
  const lifetime = Math.floor(ttlMs / 1000) * 1000;
  const expiresAt = Math.floor((clock.now() + lifetime) / 1000) * 1000;
  const createdAt = expiresAt - lifetime;
  try {
    const secret = ctx.random(new Uint8Array(16));
    const keysPromise = deriveSessionKeys(secret);
    keysPromise.catch(() => undefined);
    const pc = await createPeer(ctx);
    core.attachPeer(pc);
    ensureLive(core);
    core.attachChannel(pc.createDataChannel(CHANNEL_LABEL, CHANNEL_INIT));
    let negotiationStarted = false;
    try {
      await pc.setLocalDescription(await pc.createOffer());
      negotiationStarted = true;
      await gather(pc, ctx.gatherBudgetMs, clock);
    } catch (error) {
      throw toPeerLinkError(error, 'BOOTSTRAP_GENERATION_FAILED', negotiationStarted ? 'gather' : 'create_offer');
    }
    ensureLive(core);
    const local = localDescription(pc);
    local.setup = 'actpass';
    const offer = { ...local, candidates: tokenCandidates(local.candidates) };
    const token: BootstrapToken = { version: 1, expiresAt, createdAt, secret, offer };
    // A link opens the app at appUrl, which uses its own rendezvous: name ours only when they differ.
    if (ctx.appUrl !== ctx.rendezvous) token.rendezvous = ctx.rendezvous;
    let tokenText: string;
    try {
      tokenText = encodeToken(token, 'compact');
    } catch (error) {
      // The codec speaks in parse reasons; here they describe what could not be generated.
      throw new PeerLinkError('BOOTSTRAP_GENERATION_FAILED', error instanceof PeerLinkError ? error.reason : 'encode');
    }
    const keys = await keysPromise;
    const session = await ctx.client.createSession({ sessionId: keys.sessionId, answerKeyHash: keys.answerKeyHash, expiresAt });
    const mailbox = createMailbox({ ctx, keys, role: 'offerer', bearer: session.ownerKey });
    // Registered before any further check: runs at once if the attempt already ended.
    core.onTeardown(() => {
      mailbox.close();
      // Free the mailbox: nobody may answer a cancelled invitation.
      ctx.client.deleteSession(keys.sessionId, session.ownerKey).catch(() => undefined);
    });
    ensureLive(core);
    const negotiation = createNegotiation(ctx, core, pc, mailbox);
    negotiation.setSent(offer.candidates);
    // Trickle at once, before any answer (spec §5.3): the relay candidates left out of the token and
    // any found later wait in the mailbox, and the answerer's event stream replays them from the start.
    negotiation.enableTrickle();
    let answered = false;

    mailbox.listen({
      onSignal: (signal) => {
        if (signal.t !== 'answer') return negotiation.handle(signal);
        if (answered || core.state !== 'AWAITING_ANSWER') return;
        answered = true;
        core.mark('answer');
        core.dispatch({ type: 'answer_received' });
        negotiation.applyRemote('answer', signal.d).catch((error: unknown) =>
          core.fail(toPeerLinkError(error, 'CONNECTION_FAILED', 'bad_answer')),
        );
      },
      onBadBox: (answer) => {
        if (answer && !answered) core.fail(new PeerLinkError('CONNECTION_FAILED', 'tampered_signal'));
      },
      onBye: () => {
        if (core.state !== 'CONNECTED') core.connection.close('remote_bye');
      },
      onError: (error) => {
        if (core.state === 'AWAITING_ANSWER') core.fail(error);
      },
    });

    core.mark('offer');
    core.dispatch({ type: 'offer_ready' });
    if (ctx.timeouts.answer <= 0) core.setPhaseTimeout('answer', Math.max(1, expiresAt - clock.now()));
    ensureLive(core);
    return { core, token, tokenText, expiresAt, keys, mailbox };
  } catch (error) {
    const e = toPeerLinkError(error, 'BOOTSTRAP_GENERATION_FAILED', 'offer');
    core.fail(e);
    throw core.connection.error ?? e;
  }
}
