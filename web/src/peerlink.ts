import { startAnswer } from './answerer.js';
import { createContext } from './context.js';
import { startOffer } from './offerer.js';
import { connect, publish } from './remote.js';
import type { PeerLink, PeerLinkOptions } from './types.js';

/** The SDK's entry point: one per app, sharing options, ICE servers and the rendezvous client. */
export function createPeerLink(options: PeerLinkOptions): PeerLink {
  const ctx = createContext(options);
  return {
    async invite() {
      const offer = await startOffer(ctx, 'qr');
      const connection = offer.core.connection;
      return {
        token: offer.tokenText,
        link: `${ctx.appUrl}/#${offer.tokenText}`,
        expiresAt: offer.expiresAt,
        connection,
        cancel: () => connection.close('cancelled'),
      };
    },
    async accept(tokenOrLink, acceptOptions) {
      const method = acceptOptions?.method ?? (tokenOrLink.includes('#') ? 'link' : 'qr');
      return (await startAnswer(ctx, tokenOrLink, method)).connection;
    },
    prepare: () => ctx.iceServers().then(() => undefined),
    publish: (handle, publishOptions) => publish(ctx, handle, publishOptions),
    connect: (handle) => connect(ctx, handle),
  };
}
