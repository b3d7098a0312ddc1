import { extraKeys, has, isInteger, isObject, parseJson, type JsonObject } from './guards.js';
import type { Envelope, MessageDefinition, PayloadValidator } from './types.js';

// Envelope and standard payload schemas (spec §7). A failure is a reason `<path>: <problem>`, the
// problems as the C# validator names them: `required | wrong_type | too_long | invalid |
// unknown_member | unknown_type`, and `message: too_large | invalid_json`.

export const MAX_MESSAGE_BYTES = 65536;
const TYPE_NAME = /^[a-z][a-z0-9_.-]{0,63}$/;
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Up to 15 integer digits and 8 decimals, no leading zero, not zero. */
const AMOUNT = /^(?=.*[1-9])(0|[1-9][0-9]{0,14})(\.[0-9]{1,8})?$/;

/** A string member: its name (`?` at the end: optional), length range, then a pattern or the allowed values. */
type StringField = readonly [name: string, min: number, max: number, rule?: RegExp | readonly string[]];

const REQUEST_ID: StringField = ['requestId', 1, 64];
const NONCE: StringField = ['nonce?', 0, 64];

/** The payload members of each standard type, in the order of the spec §7 table: the first problem is the reason. */
const SCHEMAS = {
  handshake: [['sdk?', 0, 64]], // and `versions`, a non-empty list of integers
  payment_request: [REQUEST_ID, ['amount', 1, 24, AMOUNT], ['currency', 3, 3, /^[A-Z]{3}$/], ['description?', 0, 140]],
  payment_response: [REQUEST_ID, ['status', 1, 64, ['accepted', 'declined']], ['reason?', 0, 140]],
  payment_acknowledgment: [REQUEST_ID, ['status', 1, 64, ['completed', 'failed']], ['reference?', 0, 64]],
  error: [['code', 1, 64], ['message', 0, 500]],
  ping: [NONCE],
  pong: [NONCE],
  receipt: [['messageId', 1, 64, MESSAGE_ID], ['status', 1, 64, ['ok', 'rejected']], ['reason?', 0, 140]],
} satisfies Record<string, readonly StringField[]>;

export type StandardType = keyof typeof SCHEMAS;
export const STANDARD_TYPES = Object.keys(SCHEMAS) as readonly StandardType[];
const isStandardType = (s: string): s is StandardType => (STANDARD_TYPES as readonly string[]).includes(s);

function stringProblem(obj: JsonObject, [spec, min, max, rule]: StringField): string | undefined {
  const name = spec.replace(/\?$/, '');
  if (!has(obj, name)) return name === spec ? `${name}: required` : undefined;
  const v = obj[name];
  if (typeof v !== 'string') return `${name}: wrong_type`;
  if (v.length > max) return `${name}: too_long`;
  const valid = v.length >= min && (rule === undefined || (rule instanceof RegExp ? rule.test(v) : rule.includes(v)));
  return valid ? undefined : `${name}: invalid`;
}

const firstProblem = (obj: JsonObject, fields: readonly StringField[]): string | undefined => {
  for (const field of fields) {
    const problem = stringProblem(obj, field);
    if (problem) return problem;
  }
  return undefined;
};

function versionsProblem(p: JsonObject): string | undefined {
  if (!has(p, 'versions')) return 'versions: required';
  const v = p.versions;
  if (!Array.isArray(v)) return 'versions: wrong_type';
  return v.length === 0 || !v.every(isInteger) ? 'versions: invalid' : undefined;
}

export type Validators = ReadonlyMap<string, PayloadValidator>;

/** Checks custom type registrations: same name rule, never a standard name, each name once. */
export function customValidators(types: readonly MessageDefinition[] | undefined): Validators {
  const map = new Map<string, PayloadValidator>();
  for (const { name, validate } of types ?? []) {
    if (!TYPE_NAME.test(name)) throw new TypeError(`messageTypes.${name}: invalid type name`);
    if (isStandardType(name)) throw new TypeError(`messageTypes.${name}: a standard type cannot be redefined`);
    if (map.has(name)) throw new TypeError(`messageTypes.${name}: defined twice`);
    map.set(name, validate);
  }
  return map;
}

export type EnvelopeResult = { ok: true; envelope: Envelope } | { ok: false; reason: string; messageId?: string; type?: string };

/** Parses and validates one received text (size, JSON, envelope, payload). */
export function parseEnvelope(raw: string, validators: Validators): EnvelopeResult {
  if (raw.length > MAX_MESSAGE_BYTES || new TextEncoder().encode(raw).length > MAX_MESSAGE_BYTES) {
    return { ok: false, reason: 'message: too_large' };
  }
  const value = parseJson(raw);
  if (!isObject(value)) return { ok: false, reason: 'message: invalid_json' };
  const { type, payload, timestamp, messageId } = value;
  const id = typeof messageId === 'string' && MESSAGE_ID.test(messageId) ? messageId : undefined;
  const problem = validateEnvelopeFields(value, validators);
  // The checks above prove the member types; rebuild the object rather than cast.
  if (!problem && typeof type === 'string' && isObject(payload) && typeof timestamp === 'number' && id) {
    return { ok: true, envelope: { type, payload, timestamp, messageId: id } };
  }
  const reason = problem ?? 'message: invalid_json';
  if (!id) return { ok: false, reason };
  return typeof type === 'string' && TYPE_NAME.test(type) ? { ok: false, reason, messageId: id, type } : { ok: false, reason, messageId: id };
}

/** The first problem with an envelope-shaped value, or undefined. Also used before sending. */
export function validateEnvelopeFields(value: JsonObject, validators: Validators): string | undefined {
  const extra = extraKeys(value, ['type', 'payload', 'timestamp', 'messageId'])[0];
  if (extra !== undefined) return `${extra}: unknown_member`;
  const { type, payload, timestamp } = value;
  const problem =
    stringProblem(value, ['type', 1, 64, TYPE_NAME]) ??
    (!has(value, 'payload') ? 'payload: required' : !isObject(payload) ? 'payload: wrong_type' : undefined) ??
    (!has(value, 'timestamp')
      ? 'timestamp: required'
      : typeof timestamp !== 'number'
        ? 'timestamp: wrong_type'
        : !isInteger(timestamp) || timestamp <= 0
          ? 'timestamp: invalid'
          : undefined) ??
    stringProblem(value, ['messageId', 1, 64, MESSAGE_ID]);
  if (problem || typeof type !== 'string' || !isObject(payload)) return problem ?? 'message: invalid_json';
  let result: string | null | undefined;
  if (isStandardType(type)) {
    result = (type === 'handshake' ? versionsProblem(payload) : undefined) ?? firstProblem(payload, SCHEMAS[type]);
  } else {
    const custom = validators.get(type);
    if (!custom) return 'type: unknown_type';
    try {
      result = custom(payload);
    } catch {
      return 'payload: invalid';
    }
  }
  // A validator may name the path from the payload (`sku: …`, as documented) or from the envelope.
  return result ? (result.startsWith('payload.') ? result : `payload.${result}`) : undefined;
}
