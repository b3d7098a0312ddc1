import { createConnectionCore, type ConnectionCore } from './connection.js';
import type { Context } from './context.js';
import { PeerLinkError, toPeerLinkError } from './errors.js';
import { deriveSessionKeys } from './keys.js';
import { createMailbox } from './mailbox.js';
import { createNegotiation } from './negotiation.js';
import { CHANNEL_LABEL, createPeer, localDescription } from './peer.js';
import type { Method } from './telemetry.js';
import { decodeToken } from './token-codec.js';

// The answerer's flow (spec §5.3 step 2): decode (an expired token is refused before any network
// call), rebuild the offer, answer, post the sealed answer at once, trickle the rest.

export async function startAnswer(ctx: Context, tokenOrLink: string, method: Method): Promise<ConnectionCore> {
  // Synchronous and first: a bad or expired token never reaches the network.
  const { token } = decodeToken(tokenOrLink, ctx.clock.now());
  const core = createConnectionCore(ctx, 'answerer', method);
  core.dispatch({ type: 'start_answer' });
  const live = (): void => {
    if (core.terminal) throw core.connection.error ?? new PeerLinkError('CONNECTION_FAILED', 'cancelled');
  };
  try {
    // Key derivation and the ICE-server fetch run side by side.
    const keysPromise = deriveSessionKeys(token.secret);
    keysPromise.catch(() => undefined);
    const pc = await createPeer(ctx);
    const keys = await keysPromise;
    core.attachPeer(pc);
    live();
    pc.ondatachannel = (e: RTCDataChannelEvent) => {
      if (e.channel.label === CHANNEL_LABEL) core.attachChannel(e.channel);
    };
    const client = token.rendezvous !== undefined ? ctx.clientFor(token.rendezvous) : ctx.client;
    const mailbox = createMailbox({ ctx: { ...ctx, client }, keys, role: 'answerer', bearer: keys.answerKey });
    const negotiation = createNegotiation(ctx, core, pc, mailbox);
    core.onTeardown(() => {
      mailbox.close();
      mailbox.bye().catch(() => undefined);
    });
    let answer;
    try {
      await negotiation.applyRemote('offer', token.offer);
      await pc.setLocalDescription(await pc.createAnswer());
      // Post at once (spec §5.3): candidates found later are trickled.
      answer = localDescription(pc);
    } catch (error) {
      throw toPeerLinkError(error, 'CONNECTION_FAILED', 'create_answer');
    }
    live();
    negotiation.setSent(answer.candidates);
    await mailbox.answer({ t: 'answer', d: answer });
    core.mark('answer');
    live();
    negotiation.enableTrickle();
    // Replays from the start (spec §5.3): the offerer's relay candidates, posted before the answer,
    // come first.
    mailbox.listen({
      onSignal: (signal) => negotiation.handle(signal),
      onBadBox: () => undefined, // a later tampered box is dropped (and counted by the mailbox)
      onBye: () => {
        if (core.state !== 'CONNECTED') core.connection.close('remote_bye');
      },
      onError: () => undefined, // the stream only adds candidates and ICE restarts: a direct path needs neither
    });
    return core;
  } catch (error) {
    const e = toPeerLinkError(error, 'CONNECTION_FAILED', 'answer');
    core.fail(e);
    throw core.connection.error ?? e;
  }
}
