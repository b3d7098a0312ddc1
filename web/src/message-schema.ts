import { extraKeys, isInteger, isObject, type JsonObject } from './guards.js';
import type { Envelope, PayloadValidator } from './types.js';

// Envelope and standard payload schemas (spec §7). A failure is a reason `<path>: <problem>`.

export const MAX_MESSAGE_BYTES = 65536;
const TYPE_NAME = /^[a-z][a-z0-9_.-]{0,63}$/;
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const AMOUNT = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,8})?$/;
const CURRENCY = /^[A-Z]{3}$/;
const ENVELOPE_KEYS = ['type', 'payload', 'timestamp', 'messageId'] as const;

export const STANDARD_TYPES = [
  'handshake',
  'payment_request',
  'payment_response',
  'payment_acknowledgment',
  'error',
  'ping',
  'pong',
  'receipt',
] as const;
export type StandardType = (typeof STANDARD_TYPES)[number];

export const isTypeName = (s: string): boolean => TYPE_NAME.test(s);
export const isMessageId = (s: string): boolean => MESSAGE_ID.test(s);
export const isStandardType = (s: string): s is StandardType => (STANDARD_TYPES as readonly string[]).includes(s);

type Rule = (value: unknown) => string | undefined;

const str =
  (min: number, max: number): Rule =>
  (v) =>
    typeof v !== 'string' ? 'not a string' : v.length < min ? 'too short' : v.length > max ? 'too long' : undefined;
const oneOf =
  (...allowed: string[]): Rule =>
  (v) =>
    typeof v !== 'string' ? 'not a string' : allowed.includes(v) ? undefined : `not one of ${allowed.join(', ')}`;
const matches =
  (re: RegExp): Rule =>
  (v) =>
    typeof v !== 'string' ? 'not a string' : re.test(v) ? undefined : 'invalid format';
const amount: Rule = (v) => {
  const bad = matches(AMOUNT)(v);
  if (bad) return bad;
  return /[1-9]/.test(String(v)) ? undefined : 'must be greater than 0';
};
const versions: Rule = (v) => {
  if (!Array.isArray(v)) return 'not an array';
  if (v.length === 0) return 'empty';
  return v.every((x) => isInteger(x)) ? undefined : 'not an array of integers';
};
const id: Rule = (v) => (typeof v !== 'string' ? 'not a string' : MESSAGE_ID.test(v) ? undefined : 'invalid format');

interface Schema {
  required: Record<string, Rule>;
  optional: Record<string, Rule>;
}

const SCHEMAS: Record<StandardType, Schema> = {
  handshake: { required: { versions }, optional: { sdk: str(0, 64) } },
  payment_request: {
    required: { requestId: str(1, 64), amount, currency: matches(CURRENCY) },
    optional: { description: str(0, 140) },
  },
  payment_response: {
    required: { requestId: str(1, 64), status: oneOf('accepted', 'declined') },
    optional: { reason: str(0, 140) },
  },
  payment_acknowledgment: {
    required: { requestId: str(1, 64), status: oneOf('completed', 'failed') },
    optional: { reference: str(0, 64) },
  },
  error: { required: { code: str(1, 64), message: str(0, 500) }, optional: {} },
  ping: { required: {}, optional: { nonce: str(0, 64) } },
  pong: { required: {}, optional: { nonce: str(0, 64) } },
  receipt: {
    required: { messageId: id, status: oneOf('ok', 'rejected') },
    optional: { reason: str(0, 140) },
  },
};

/** Validates a standard type's payload; extra members are allowed (spec §7). */
export function validateStandardPayload(type: StandardType, payload: JsonObject): string | undefined {
  const schema = SCHEMAS[type];
  for (const [name, rule] of Object.entries(schema.required)) {
    if (!(name in payload) || payload[name] === undefined) return `payload.${name}: required`;
    const problem = rule(payload[name]);
    if (problem) return `payload.${name}: ${problem}`;
  }
  for (const [name, rule] of Object.entries(schema.optional)) {
    if (payload[name] === undefined) continue;
    const problem = rule(payload[name]);
    if (problem) return `payload.${name}: ${problem}`;
  }
  return undefined;
}

export type Validators = ReadonlyMap<string, PayloadValidator>;

/** Checks custom type registrations: same name rule, never a standard name. */
export function customValidators(types: Record<string, PayloadValidator> | undefined): Validators {
  const map = new Map<string, PayloadValidator>();
  for (const [name, validator] of Object.entries(types ?? {})) {
    if (!isTypeName(name)) throw new TypeError(`messageTypes.${name}: invalid type name`);
    if (isStandardType(name)) throw new TypeError(`messageTypes.${name}: a standard type cannot be redefined`);
    map.set(name, validator);
  }
  return map;
}

export type EnvelopeResult = { ok: true; envelope: Envelope } | { ok: false; reason: string; messageId?: string };

/** Parses and validates one received text (size, JSON, envelope, payload). */
export function parseEnvelope(raw: string, validators: Validators): EnvelopeResult {
  if (raw.length > MAX_MESSAGE_BYTES || new TextEncoder().encode(raw).length > MAX_MESSAGE_BYTES) {
    return { ok: false, reason: 'message: too large' };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw) as unknown;
  } catch {
    return { ok: false, reason: 'message: not JSON' };
  }
  if (!isObject(value)) return { ok: false, reason: 'message: not an object' };
  const messageId = typeof value.messageId === 'string' && MESSAGE_ID.test(value.messageId) ? value.messageId : undefined;
  const fail = (reason: string): EnvelopeResult => (messageId ? { ok: false, reason, messageId } : { ok: false, reason });
  const problem = validateEnvelopeFields(value, validators);
  if (problem) return fail(problem);
  const { type, payload, timestamp } = value;
  // The checks above proved these types; rebuild the object rather than cast.
  if (typeof type !== 'string' || !isObject(payload) || typeof timestamp !== 'number' || !messageId) {
    return fail('message: invalid');
  }
  return { ok: true, envelope: { type, payload, timestamp, messageId } };
}

/** The first problem with an envelope-shaped value, or undefined. Also used before sending. */
export function validateEnvelopeFields(value: JsonObject, validators: Validators): string | undefined {
  const extra = extraKeys(value, ENVELOPE_KEYS)[0];
  if (extra !== undefined) return `${extra}: unknown member`;
  const { type, payload, timestamp, messageId } = value;
  if (type === undefined) return 'type: required';
  if (typeof type !== 'string') return 'type: not a string';
  if (!TYPE_NAME.test(type)) return 'type: invalid format';
  if (payload === undefined) return 'payload: required';
  if (!isObject(payload)) return 'payload: not an object';
  if (timestamp === undefined) return 'timestamp: required';
  if (!isInteger(timestamp)) return 'timestamp: not an integer';
  if (timestamp <= 0) return 'timestamp: must be greater than 0';
  if (messageId === undefined) return 'messageId: required';
  if (typeof messageId !== 'string') return 'messageId: not a string';
  if (!MESSAGE_ID.test(messageId)) return 'messageId: invalid format';
  if (isStandardType(type)) return validateStandardPayload(type, payload);
  const custom = validators.get(type);
  if (!custom) return 'type: unknown type';
  try {
    return custom(payload) ?? undefined;
  } catch (error) {
    return `payload: validator failed (${error instanceof Error ? error.message : String(error)})`;
  }
}
