import { startAnswer } from './answerer.js';
import { createContext } from './context.js';
import { startOffer } from './offerer.js';
import { connect, publish } from './remote.js';
import { linkFor } from './link.js';
import type { MessageDefinition, MessageMap, MessagesOf, PeerLink, PeerLinkOptions } from './types.js';

/**
 * The SDK's entry point: one per app, sharing options, ICE servers and the rendezvous client. Its
 * connections are typed by the standard messages plus the `messageTypes` given.
 */
export function createPeerLink<const D extends readonly MessageDefinition[] = []>(
  options: PeerLinkOptions & { messageTypes?: D },
): PeerLink<MessagesOf<D>> {
  const ctx = createContext(options);
  const peer: PeerLink<MessageMap> = {
    async invite() {
      const offer = await startOffer(ctx, 'qr');
      const connection = offer.core.connection;
      return {
        token: offer.tokenText,
        link: linkFor(ctx.appUrl, offer.tokenText),
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
  // The map is the compile-time view of what the registered validators enforce at run time.
  return peer as unknown as PeerLink<MessagesOf<D>>;
}
