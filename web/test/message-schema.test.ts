import { describe, expect, it } from 'vitest';
import { customValidators, parseEnvelope, STANDARD_TYPES } from '../src/message-schema.js';

const validators = customValidators([
  { name: 'shop.order', validate: (p) => (typeof p.sku === 'string' ? undefined : 'sku: required') },
  // The envelope-rooted form a validator may also write: reported once, not as payload.payload.qty.
  { name: 'shop.qty', validate: (p) => (typeof p.qty === 'number' ? undefined : 'payload.qty: required') },
]);
const envelope = (type: string, payload: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type, payload, timestamp: 1795000000000, messageId: 'm-1', ...extra });
const reason = (text: string): string => {
  const r = parseEnvelope(text, validators);
  return r.ok ? 'ok' : r.reason;
};

// For each standard type: a valid payload, its required fields, and a wrong-type/oversize/invalid value per field.
const TYPES: Record<string, { valid: Record<string, unknown>; required: string[]; bad: [string, unknown, string][] }> = {
  handshake: {
    valid: { versions: [1], sdk: '0.1.0' },
    required: ['versions'],
    bad: [
      ['versions', 'v1', 'wrong_type'],
      ['versions', [], 'invalid'],
      ['versions', [1.5], 'invalid'],
      ['sdk', 1, 'wrong_type'],
      ['sdk', 'x'.repeat(65), 'too_long'],
    ],
  },
  payment_request: {
    valid: { requestId: 'r1', amount: '12.50', currency: 'EUR', description: 'Coffee', extra: { ref: 1 } },
    required: ['requestId', 'amount', 'currency'],
    bad: [
      ['requestId', 7, 'wrong_type'],
      ['requestId', '', 'invalid'],
      ['requestId', 'r'.repeat(65), 'too_long'],
      ['amount', 12.5, 'wrong_type'],
      ['amount', '0', 'invalid'],
      ['amount', '0.00', 'invalid'],
      ['amount', '-1', 'invalid'],
      ['amount', '01.5', 'invalid'],
      ['amount', '1.123456789', 'invalid'],
      ['amount', '1'.repeat(25), 'too_long'],
      ['currency', 'eur', 'invalid'],
      ['currency', 'EURO', 'too_long'],
      ['description', 'd'.repeat(141), 'too_long'],
      ['description', null, 'wrong_type'],
    ],
  },
  payment_response: {
    valid: { requestId: 'r1', status: 'accepted' },
    required: ['requestId', 'status'],
    bad: [
      ['status', 'maybe', 'invalid'],
      ['status', true, 'wrong_type'],
      ['reason', 'x'.repeat(141), 'too_long'],
    ],
  },
  payment_acknowledgment: {
    valid: { requestId: 'r1', status: 'completed', reference: 'TX-1' },
    required: ['requestId', 'status'],
    bad: [
      ['status', 'accepted', 'invalid'],
      ['reference', 'x'.repeat(65), 'too_long'],
    ],
  },
  error: {
    valid: { code: 'E1', message: '' },
    required: ['code', 'message'],
    bad: [
      ['code', '', 'invalid'],
      ['message', 'x'.repeat(501), 'too_long'],
      ['message', 5, 'wrong_type'],
    ],
  },
  ping: { valid: {}, required: [], bad: [['nonce', 5, 'wrong_type'], ['nonce', 'n'.repeat(65), 'too_long']] },
  pong: { valid: { nonce: 'n' }, required: [], bad: [['nonce', [], 'wrong_type']] },
  receipt: {
    valid: { messageId: 'abc_-1', status: 'ok' },
    required: ['messageId', 'status'],
    bad: [
      ['messageId', 'a b', 'invalid'],
      ['status', 'fine', 'invalid'],
      ['reason', 'x'.repeat(141), 'too_long'],
    ],
  },
};

describe('standard message types', () => {
  it('covers every standard type', () => {
    expect(Object.keys(TYPES).sort()).toEqual([...STANDARD_TYPES].sort());
  });

  for (const [type, spec] of Object.entries(TYPES)) {
    describe(type, () => {
      it('accepts a valid payload (extra members kept)', () => {
        const r = parseEnvelope(envelope(type, spec.valid), validators);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.envelope.payload).toEqual(spec.valid);
      });
      it.each(spec.required)('requires %s', (field) => {
        const payload = { ...spec.valid };
        delete payload[field];
        expect(reason(envelope(type, payload))).toBe(`payload.${field}: required`);
      });
      it.each(spec.bad)('rejects %s = %j', (field, value, problem) => {
        expect(reason(envelope(type, { ...spec.valid, [field]: value }))).toBe(`payload.${field}: ${problem}`);
      });
    });
  }
});

describe('envelope', () => {
  it.each([
    ['oversize', envelope('ping', { nonce: 'x'.repeat(70000) }), 'message: too_large'],
    ['not JSON', '{"type":', 'message: invalid_json'],
    ['an array', '[]', 'message: invalid_json'],
    ['an unknown member', envelope('ping', {}, { amount: 1 }), 'amount: unknown_member'],
    ['no type', JSON.stringify({ payload: {}, timestamp: 1, messageId: 'a' }), 'type: required'],
    ['a numeric type', envelope(5 as unknown as string, {}), 'type: wrong_type'],
    ['an uppercase type', envelope('Ping', {}), 'type: invalid'],
    ['a type starting with a digit', envelope('1x', {}), 'type: invalid'],
    ['a type of 65 characters', envelope('a'.repeat(65), {}), 'type: too_long'],
    ['no payload', JSON.stringify({ type: 'ping', timestamp: 1, messageId: 'a' }), 'payload: required'],
    ['an array payload', envelope('ping', []), 'payload: wrong_type'],
    ['no timestamp', JSON.stringify({ type: 'ping', payload: {}, messageId: 'a' }), 'timestamp: required'],
    ['a string timestamp', envelope('ping', {}, { timestamp: '1' }), 'timestamp: wrong_type'],
    ['a zero timestamp', envelope('ping', {}, { timestamp: 0 }), 'timestamp: invalid'],
    ['a fractional timestamp', envelope('ping', {}, { timestamp: 1.5 }), 'timestamp: invalid'],
    ['no messageId', JSON.stringify({ type: 'ping', payload: {}, timestamp: 1 }), 'messageId: required'],
    ['a messageId with a dot', envelope('ping', {}, { messageId: 'a.b' }), 'messageId: invalid'],
    ['an unknown type', envelope('refund', {}), 'type: unknown_type'],
  ])('rejects %s', (_name, text, expected) => {
    expect(reason(text)).toBe(expected);
  });

  it('validates custom types with their validator', () => {
    expect(reason(envelope('shop.order', { sku: 'A1' }))).toBe('ok');
    expect(reason(envelope('shop.order', {}))).toBe('payload.sku: required');
  });

  it('refuses to register a standard or badly named custom type', () => {
    expect(() => customValidators([{ name: 'ping', validate: () => undefined }])).toThrow(/standard/);
    expect(() => customValidators([{ name: 'Bad', validate: () => undefined }])).toThrow(/invalid/);
    const twice = { name: 'shop.order', validate: () => undefined };
    expect(() => customValidators([twice, twice])).toThrow(/twice/);
  });

  it('reports a custom path from the payload, whichever form the validator wrote', () => {
    expect(reason(envelope('shop.order', {}))).toBe('payload.sku: required');
    expect(reason(envelope('shop.qty', {}))).toBe('payload.qty: required');
  });
});
