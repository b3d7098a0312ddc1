import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../src/clock.js';
import { PeerLinkError } from '../src/errors.js';
import { customValidators } from '../src/message-schema.js';
import { createMessenger, type Messenger } from '../src/messages.js';
import type { Envelope } from '../src/types.js';

/** Two messengers joined by a fake channel that can be cut and can duplicate or drop frames. */
function pair() {
  let n = 0;
  const got = { a: [] as Envelope[], b: [] as Envelope[] };
  const invalid = { a: [] as string[], b: [] as string[] };
  const wire = { a: [] as string[], b: [] as string[] };
  let dropToB = false;
  let dropToA = false;
  const make = (side: 'a' | 'b'): Messenger =>
    createMessenger({
      clock: systemClock,
      newId: () => `${side}${++n}`,
      validators: customValidators([]),
      receiptTimeoutMs: 5000,
      historyLimit: 5,
      onMessage: (m) => got[side].push(m),
      onInvalid: (e) => invalid[side].push(e.reason),
    });
  const a = make('a');
  const b = make('b');
  const connect = (): void => {
    a.attach((text) => {
      wire.a.push(text);
      if (!dropToB) queueMicrotask(() => b.receive(text));
    });
    b.attach((text) => {
      wire.b.push(text);
      if (!dropToA) queueMicrotask(() => a.receive(text));
    });
  };
  return {
    a,
    b,
    got,
    invalid,
    wire,
    connect,
    cut: () => {
      a.detach();
      b.detach();
    },
    dropToB: (v: boolean) => {
      dropToB = v;
    },
    dropToA: (v: boolean) => {
      dropToA = v;
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('messenger', () => {
  it('resolves send() on the peer ok receipt and delivers once', async () => {
    const p = pair();
    p.connect();
    const sent = await p.a.send('payment_request', { requestId: 'r1', amount: '1.00', currency: 'EUR' });
    expect(sent.type).toBe('payment_request');
    expect(p.got.b.map((m) => m.messageId)).toEqual([sent.messageId]);
    expect(p.a.pendingCount()).toBe(0);
    expect(p.a.history().map((h) => h.direction)).toEqual(['out']);
    expect(p.b.history().map((h) => h.direction)).toEqual(['in']);
  });

  it('rejects send() on a rejected receipt, with the peer reason', async () => {
    const p = pair();
    // The peer only knows standard types: a custom type valid here is rejected there.
    const received: Envelope[] = [];
    const a = createMessenger({
      clock: systemClock,
      newId: () => 'x1',
      validators: customValidators([{ name: 'shop.order', validate: () => undefined }]),
      receiptTimeoutMs: 5000,
      onMessage: (m) => received.push(m),
      onInvalid: () => undefined,
    });
    a.attach((text) => queueMicrotask(() => p.b.receive(text)));
    p.b.attach((text) => queueMicrotask(() => a.receive(text)));
    await expect(a.send('shop.order', {})).rejects.toMatchObject({ code: 'MESSAGE_SEND_FAILED', reason: 'rejected: type: unknown_type' });
    expect(p.invalid.b).toEqual(['type: unknown_type']);
    expect(p.b.invalidCount()).toBe(1);
    // ...and the sender's app hears it as a typed error message (spec §7.2); both stay usable.
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({ type: 'error', payload: { code: 'unknown_type', messageId: 'x1', type: 'shop.order' } });
    await expect(p.b.send('payment_response', { requestId: 'r1', status: 'accepted' })).resolves.toMatchObject({ type: 'payment_response' });
  });

  it('refuses to send an invalid message or an SDK control type', async () => {
    const p = pair();
    await expect(p.a.send('payment_request', { requestId: 'r1' })).rejects.toMatchObject({ reason: 'payload.amount: required' });
    await expect(p.a.send('receipt', {})).rejects.toBeInstanceOf(PeerLinkError);
  });

  it('queues while not connected and flushes in order on connect', async () => {
    const p = pair();
    const sends = [1, 2, 3].map((i) => p.a.send('error', { code: `E${i}`, message: '' }));
    await flush();
    expect(p.wire.a).toEqual([]);
    p.connect();
    await Promise.all(sends);
    expect(p.got.b.map((m) => m.payload.code)).toEqual(['E1', 'E2', 'E3']);
  });

  it('re-sends unreceipted messages after a reconnect; the peer delivers them once and receipts again', async () => {
    const p = pair();
    p.connect();
    // Deliver to b, but lose b's receipt on the way back.
    p.dropToA(true);
    const send = p.a.send('error', { code: 'E1', message: '' });
    await flush();
    expect(p.got.b).toHaveLength(1);
    p.cut();
    p.dropToA(false);
    p.connect(); // a re-sends the pending message; b dedups it and receipts it
    await send;
    expect(p.got.b).toHaveLength(1);
    expect(p.wire.a.filter((t) => t.includes('"E1"'))).toHaveLength(2);
  });

  it('keeps history bounded', async () => {
    const p = pair();
    p.connect();
    for (let i = 0; i < 8; i++) await p.a.send('error', { code: `E${i}`, message: '' });
    expect(p.a.history()).toHaveLength(5);
    expect(p.a.history()[0]!.envelope.payload.code).toBe('E3');
  });

  it('counts and reports an invalid message without a receipt when it has no usable messageId', async () => {
    const p = pair();
    p.connect();
    p.b.receive('not json');
    p.b.receive(JSON.stringify({ type: 'payment_request', payload: {}, timestamp: 1, messageId: 'q1' }));
    await flush();
    expect(p.invalid.b).toEqual(['message: invalid_json', 'payload.requestId: required']);
    expect(p.b.invalidCount()).toBe(2);
    const receipts = p.wire.b.map((t) => JSON.parse(t) as Envelope).filter((e) => e.type === 'receipt');
    expect(receipts.map((r) => r.payload)).toEqual([{ messageId: 'q1', status: 'rejected', reason: 'payload.requestId: required' }]);
  });

  it('rejects pending sends on dispose', async () => {
    const p = pair();
    const s = p.a.send('error', { code: 'E', message: '' });
    p.a.dispose(new PeerLinkError('MESSAGE_SEND_FAILED', 'closed'));
    await expect(s).rejects.toMatchObject({ reason: 'closed' });
    await expect(p.a.send('error', { code: 'E', message: '' })).rejects.toMatchObject({ reason: 'closed' });
  });

  describe('with fake timers', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('fails a send whose receipt never comes', async () => {
      const p = pair();
      p.dropToB(true);
      p.connect();
      const s = p.a.send('error', { code: 'E', message: '' });
      const check = expect(s).rejects.toMatchObject({ code: 'MESSAGE_SEND_FAILED', reason: 'receipt_timeout' });
      await vi.advanceTimersByTimeAsync(5000);
      await check;
    });

    it('keeps application messages queued while detached but still sends control messages', async () => {
      const p = pair();
      p.connect();
      p.a.detach();
      const s = p.a.send('error', { code: 'E', message: '' });
      p.a.sendControl('ping', {});
      await vi.advanceTimersByTimeAsync(0);
      expect(p.wire.a.map((t) => (JSON.parse(t) as Envelope).type)).toEqual(['ping']);
      p.connect();
      await vi.advanceTimersByTimeAsync(0);
      await expect(s).resolves.toMatchObject({ type: 'error' });
    });

    it('does not time out while detached (the message waits in the queue)', async () => {
      const p = pair();
      const s = p.a.send('error', { code: 'E', message: '' });
      await vi.advanceTimersByTimeAsync(60000);
      p.connect();
      await vi.advanceTimersByTimeAsync(0);
      await expect(s).resolves.toMatchObject({ type: 'error' });
    });
  });
});
