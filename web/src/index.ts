export { createPeerLink } from './peerlink.js';
export { PeerLinkError, isPeerLinkError } from './errors.js';
export type { ErrorCode } from './errors.js';
export type {
  AcceptOptions,
  CandidateType,
  Connection,
  ConnectionStats,
  Envelope,
  HistoryEntry,
  Invitation,
  PayloadValidator,
  PeerLink,
  PeerLinkOptions,
  PhaseTimeouts,
  Publication,
  PublishOptions,
  RetryPolicy,
  State,
  Transition,
} from './types.js';
