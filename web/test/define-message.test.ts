import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineMessage, type PayloadOf } from '../src/define-message.js';
import { linkFor } from '../src/link.js';
import { customValidators, parseEnvelope } from '../src/message-schema.js';
import type { MessageOf, MessagesOf } from '../src/types.js';

const loyalty = defineMessage('loyalty_points', { points: 'integer', note: 'string?', tags: 'array?' }, (p) =>
  p.points > 0 ? undefined : 'points: invalid',
);
const validators = customValidators([loyalty]);
const reason = (payload: unknown): string => {
  const r = parseEnvelope(JSON.stringify({ type: 'loyalty_points', payload, timestamp: 1795000000000, messageId: 'm-1' }), validators);
  return r.ok ? 'ok' : r.reason;
};

describe('defineMessage', () => {
  it('derives the payload type from the fields', () => {
    expectTypeOf<PayloadOf<{ points: 'integer'; note: 'string?' }>>().toEqualTypeOf<{ points: number; note?: string }>();
    type M = MessagesOf<[typeof loyalty]>;
    expectTypeOf<M['loyalty_points']>().toEqualTypeOf<{ points: number; note?: string; tags?: unknown[] }>();
    // on('message') narrows by type, the standard ones included.
    const narrow = (m: MessageOf<M>): string => (m.type === 'loyalty_points' ? String(m.payload.points) : m.type === 'payment_request' ? m.payload.amount : '');
    expect(narrow({ type: 'loyalty_points', payload: { points: 3 }, timestamp: 1, messageId: 'a' })).toBe('3');
  });

  it.each([
    ['valid', { points: 3 }, 'ok'],
    ['optional members present', { points: 3, note: 'x', tags: [] }, 'ok'],
    ['extra members kept', { points: 3, sku: 'A1' }, 'ok'],
    ['a required member missing', {}, 'payload.points: required'],
    ['a non-integer number', { points: 1.5 }, 'payload.points: wrong_type'],
    ['a string for a number', { points: '3' }, 'payload.points: wrong_type'],
    ['an optional member of the wrong kind', { points: 3, note: 4 }, 'payload.note: wrong_type'],
    ['null is no kind', { points: 3, tags: null }, 'payload.tags: wrong_type'],
    ['the extra rule, on a payload that matches the fields', { points: 0 }, 'payload.points: invalid'],
  ])('%s', (_name, payload, expected) => {
    expect(reason(payload)).toBe(expected);
  });
});

describe('linkFor', () => {
  it.each([
    ['https://pay.example.com', 'https://pay.example.com/#T'],
    ['https://pay.example.com/', 'https://pay.example.com/#T'],
    ['https://shop.example/app', 'https://shop.example/app/#T'],
    ['https://shop.example/app/', 'https://shop.example/app/#T'],
    ['https://shop.example/pay.html', 'https://shop.example/pay.html#T'],
    ['https://shop.example/v1.2/pay', 'https://shop.example/v1.2/pay/#T'],
    ['http://127.0.0.1:5080/checkout/pay.html#old', 'http://127.0.0.1:5080/checkout/pay.html#T'],
  ])('%s', (appUrl, link) => {
    expect(linkFor(appUrl, 'T')).toBe(link);
  });
});

describe('SDK_VERSION', () => {
  it('is the package version (telemetry, the handshake and /sdk/<version>/ name the same build)', async () => {
    const { SDK_VERSION } = await import('../src/context.js');
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
  });
});
