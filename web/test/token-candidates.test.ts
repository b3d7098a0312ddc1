import { describe, expect, it } from 'vitest';
import type { Candidate } from '../src/description.js';
import { tokenCandidates } from '../src/offerer.js';

const c = (type: Candidate['type'], address: string): Candidate => ({ type, protocol: 'udp', address, port: 5000 });

describe('tokenCandidates (spec §5.3)', () => {
  it('keeps the non-relay candidates in order and leaves the relay ones to the mailbox', () => {
    const list = [c('host', '10.0.0.1'), c('relay', '203.0.113.50'), c('srflx', '198.51.100.24'), c('relay', '203.0.113.51')];
    expect(tokenCandidates(list)).toEqual([list[0], list[2]]);
  });

  it('keeps every candidate when all are relay (privacy relay): the token must carry something', () => {
    const list = [c('relay', '203.0.113.50'), c('relay', '203.0.113.51')];
    expect(tokenCandidates(list)).toEqual(list);
    expect(tokenCandidates([])).toEqual([]);
  });
});
