import { startAnswer } from './answerer.js';
import type { Context } from './context.js';
import { createEmitter } from './emitter.js';
import { PeerLinkError } from './errors.js';
import { startOffer, type Offer } from './offerer.js';
import type { Connection, MessageMap, Publication, PublishOptions } from './types.js';

// The remote flow: the offerer publishes its token under a handle (keeping the owner key for
// refresh/withdraw, optionally republishing a fresh token after each answered one); the answerer
// looks the handle up and accepts the token. The rendezvous sees this token: it is trusted here.

const HANDLE = /^[a-z0-9._-]{3,32}$/;

export function normalizeHandle(handle: string): string {
  const h = handle.trim().toLowerCase();
  if (!HANDLE.test(h)) throw new PeerLinkError('REMOTE_SERVICE_ERROR', 'invalid_handle', `invalid handle: ${handle}`);
  return h;
}

export async function publish(ctx: Context, rawHandle: string, options: PublishOptions = {}): Promise<Publication<MessageMap>> {
  const handle = normalizeHandle(rawHandle);
  const ttlMs = options.ttlMs ?? ctx.ttlMs;
  const events = createEmitter<{ connection: Connection<MessageMap> }>();
  let ownerKey: string | undefined;
  let withdrawn = false;
  let current: Offer;

  const publishOffer = async (offer: Offer): Promise<number> => {
    try {
      const result = await ctx.client.publish({ username: handle, token: offer.tokenText, ttl: ttlMs }, ownerKey);
      ownerKey = result.ownerKey;
      return result.expiresAt;
    } catch (error) {
      offer.core.connection.close('publish_failed');
      throw error;
    }
  };

  const watch = (offer: Offer): void => {
    const off = offer.core.connection.on('state', (t) => {
      if (t.from !== 'AWAITING_ANSWER') return;
      off();
      if (t.to !== 'CONNECTING') return;
      events.emit('connection', offer.core.connection);
      if (options.republish && !withdrawn) void republish();
    });
  };

  const republish = async (): Promise<void> => {
    try {
      const next = await startOffer(ctx, 'remote', ttlMs);
      if (withdrawn) {
        next.core.connection.close('withdrawn');
        return;
      }
      publication.expiresAt = await publishOffer(next);
      current = next;
      publication.connection = next.core.connection;
      watch(next);
    } catch {
      // The answered connection carries on; the handle simply stops resolving.
    }
  };

  current = await startOffer(ctx, 'remote', ttlMs);
  const expiresAt = await publishOffer(current);
  watch(current);

  const publication: Publication<MessageMap> = {
    handle,
    expiresAt,
    connection: current.core.connection,
    on: (event, cb) => events.on(event, cb),
    async refresh(ttl = ttlMs) {
      if (!ownerKey) throw new PeerLinkError('REMOTE_SERVICE_ERROR', 'unauthorized');
      const result = await ctx.client.refresh({ username: handle, ttl }, ownerKey);
      // A publication never outlives its token (spec §6).
      publication.expiresAt = Math.min(result.expiresAt, current.expiresAt);
    },
    async withdraw() {
      withdrawn = true;
      if (current.core.state === 'AWAITING_ANSWER') current.core.connection.close('withdrawn');
      if (!ownerKey) return;
      try {
        await ctx.client.withdraw(handle, ownerKey);
      } catch (error) {
        // Already gone (answered or expired) is what withdraw wants.
        if (!(error instanceof PeerLinkError && error.reason === 'not_found')) throw error;
      }
      events.clear();
    },
  };
  return publication;
}

/** Answerer, remote flow: lookup + accept. */
export async function connect(ctx: Context, rawHandle: string): Promise<Connection<MessageMap>> {
  const found = await ctx.client.lookup(normalizeHandle(rawHandle));
  return (await startAnswer(ctx, found.token, 'remote')).connection;
}
