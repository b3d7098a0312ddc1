export { createPeerLink } from './peerlink.js';
export { defineMessage } from './define-message.js';
export type { FieldSpec, Fields, PayloadOf } from './define-message.js';
export { PeerLinkError, isPeerLinkError } from './errors.js';
export type { ErrorCode } from './errors.js';
export type {
  AcceptOptions,
  CandidateType,
  Connection,
  ConnectionStats,
  Envelope,
  ErrorPayload,
  HistoryEntry,
  Invitation,
  MessageDefinition,
  MessageMap,
  MessageOf,
  MessagesOf,
  PaymentAcknowledgment,
  PaymentRequest,
  PaymentResponse,
  PayloadValidator,
  PeerLink,
  PeerLinkOptions,
  PhaseTimeouts,
  Publication,
  PublishOptions,
  RetryPolicy,
  StandardMessages,
  State,
  Transition,
} from './types.js';
// Lower-level pieces for tools, benchmarks and other implementations.
export { decodeToken, encodeToken, extractTokenText, tokenToJson } from './token-codec.js';
export type { BootstrapToken, DecodedToken, TokenEncoding } from './token-codec.js';
export { compactSdp, rebuildSdp } from './sdp.js';
export type { Candidate, Description } from './description.js';
export { deriveSessionId } from './keys.js';
export { STANDARD_TYPES } from './message-schema.js';
