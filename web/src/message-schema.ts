import { extraKeys, has, isInteger, isObject, parseJson, type JsonObject } from './guards.js';
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

// Problems, as the C# validator names them: `<path>: required | wrong_type | too_long | invalid |
// unknown_member | unknown_type`, and `message: too_large | invalid_json`.

/** Checks a string member: absent → required, not a string → wrong_type, over max → too_long, else invalid. */
function str(p: JsonObject, name: string, min: number, max: number, required = true, rule?: (s: string) => boolean): string | undefined {
  if (!has(p, name)) return required ? `${name}: required` : undefined;
  const v = p[name];
  if (typeof v !== 'string') return `${name}: wrong_type`;
  if (v.length > max) return `${name}: too_long`;
  return v.length < min || (rule && !rule(v)) ? `${name}: invalid` : undefined;
}

const oneOf = (p: JsonObject, name: string, ...allowed: string[]): string | undefined =>
  str(p, name, 1, 64, true, (v) => allowed.includes(v));

function integerList(p: JsonObject, name: string): string | undefined {
  if (!has(p, name)) return `${name}: required`;
  const v = p[name];
  if (!Array.isArray(v)) return `${name}: wrong_type`;
  return v.length === 0 || !v.every((x) => isInteger(x)) ? `${name}: invalid` : undefined;
}

const isAmount = (s: string): boolean => AMOUNT.test(s) && /[1-9]/.test(s);

/** Fields in the order of the spec §7 table; the first problem is the reason. */
const SCHEMAS: Record<StandardType, (p: JsonObject) => string | undefined> = {
  handshake: (p) => integerList(p, 'versions') ?? str(p, 'sdk', 0, 64, false),
  payment_request: (p) =>
    str(p, 'requestId', 1, 64) ??
    str(p, 'amount', 1, 24, true, isAmount) ??
    str(p, 'currency', 3, 3, true, (c) => CURRENCY.test(c)) ??
    str(p, 'description', 0, 140, false),
  payment_response: (p) => str(p, 'requestId', 1, 64) ?? oneOf(p, 'status', 'accepted', 'declined') ?? str(p, 'reason', 0, 140, false),
  payment_acknowledgment: (p) =>
    str(p, 'requestId', 1, 64) ?? oneOf(p, 'status', 'completed', 'failed') ?? str(p, 'reference', 0, 64, false),
  error: (p) => str(p, 'code', 1, 64) ?? str(p, 'message', 0, 500),
  ping: (p) => str(p, 'nonce', 0, 64, false),
  pong: (p) => str(p, 'nonce', 0, 64, false),
  receipt: (p) => str(p, 'messageId', 1, 64, true, isMessageId) ?? oneOf(p, 'status', 'ok', 'rejected') ?? str(p, 'reason', 0, 140, false),
};

/** Validates a standard type's payload; extra members are allowed (spec §7). */
export function validateStandardPayload(type: StandardType, payload: JsonObject): string | undefined {
  const problem = SCHEMAS[type](payload);
  return problem === undefined ? undefined : `payload.${problem}`;
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
    return { ok: false, reason: 'message: too_large' };
  }
  const value = parseJson(raw);
  if (!isObject(value)) return { ok: false, reason: 'message: invalid_json' };
  const messageId = typeof value.messageId === 'string' && MESSAGE_ID.test(value.messageId) ? value.messageId : undefined;
  const fail = (reason: string): EnvelopeResult => (messageId ? { ok: false, reason, messageId } : { ok: false, reason });
  const problem = validateEnvelopeFields(value, validators);
  if (problem) return fail(problem);
  const { type, payload, timestamp } = value;
  // The checks above proved these types; rebuild the object rather than cast.
  if (typeof type !== 'string' || !isObject(payload) || typeof timestamp !== 'number' || !messageId) {
    return fail('message: invalid_json');
  }
  return { ok: true, envelope: { type, payload, timestamp, messageId } };
}

/** The first problem with an envelope-shaped value, or undefined. Also used before sending. */
export function validateEnvelopeFields(value: JsonObject, validators: Validators): string | undefined {
  const extra = extraKeys(value, ENVELOPE_KEYS)[0];
  if (extra !== undefined) return `${extra}: unknown_member`;
  const problem =
    str(value, 'type', 1, 64, true, isTypeName) ??
    (!has(value, 'payload') ? 'payload: required' : !isObject(value.payload) ? 'payload: wrong_type' : undefined) ??
    (!has(value, 'timestamp')
      ? 'timestamp: required'
      : typeof value.timestamp !== 'number'
        ? 'timestamp: wrong_type'
        : !isInteger(value.timestamp) || value.timestamp <= 0
          ? 'timestamp: invalid'
          : undefined) ??
    str(value, 'messageId', 1, 64, true, isMessageId);
  if (problem) return problem;
  const { type, payload } = value;
  if (typeof type !== 'string' || !isObject(payload)) return 'message: invalid_json';
  if (isStandardType(type)) return validateStandardPayload(type, payload);
  const custom = validators.get(type);
  if (!custom) return 'type: unknown_type';
  let result: string | null | undefined;
  try {
    result = custom(payload);
  } catch {
    result = 'payload: invalid';
  }
  return result ? `payload.${result}` : undefined;
}
