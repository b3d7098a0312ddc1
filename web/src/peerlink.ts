import { PeerLinkError } from './errors.js';
import type { PeerLink, PeerLinkOptions } from './types.js';

export function createPeerLink(options: PeerLinkOptions): PeerLink {
  void options;
  const todo = (): never => {
    throw new PeerLinkError('CONNECTION_FAILED', 'not_implemented');
  };
  return {
    invite: async () => todo(),
    accept: async () => todo(),
    publish: async () => todo(),
    connect: async () => todo(),
  };
}
