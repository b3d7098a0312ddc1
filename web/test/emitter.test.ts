import { describe, expect, it } from 'vitest';
import { createEmitter } from '../src/emitter.js';

describe('emitter', () => {
  it('delivers to listeners and on() returns an unsubscribe', () => {
    const e = createEmitter<{ a: number }>();
    const seen: number[] = [];
    const off = e.on('a', (v) => seen.push(v));
    e.emit('a', 1);
    off();
    e.emit('a', 2);
    expect(seen).toEqual([1]);
  });

  it('isolates a throwing listener and reports it', () => {
    const errors: unknown[] = [];
    const e = createEmitter<{ a: number }>((err) => errors.push(err));
    const seen: number[] = [];
    e.on('a', () => {
      throw new Error('boom');
    });
    e.on('a', (v) => seen.push(v));
    e.emit('a', 7);
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
  });

  it('clear() removes every listener', () => {
    const e = createEmitter<{ a: number }>();
    const seen: number[] = [];
    e.on('a', (v) => seen.push(v));
    e.clear();
    e.emit('a', 1);
    expect(seen).toEqual([]);
  });
});
