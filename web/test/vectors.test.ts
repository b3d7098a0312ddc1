import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../src/base64url.js';
import { descriptionToJson } from '../src/description.js';
import { PeerLinkError } from '../src/errors.js';
import { deriveSessionId } from '../src/keys.js';
import { customValidators, parseEnvelope } from '../src/message-schema.js';
import { compactSdp, rebuildSdp } from '../src/sdp.js';
import { decodeDescription, encodeDescription } from '../src/signals.js';
import { decodeToken, encodeToken, tokenToJson } from '../src/token-codec.js';

// The shared vectors of spec/vectors (spec §9). A missing file is a failure, never a skip.

const dir = fileURLToPath(new URL('../../spec/vectors/', import.meta.url));

function load(name: string): Record<string, unknown> {
  const path = dir + name;
  if (!existsSync(path)) throw new Error(`spec/vectors/${name} is missing`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** Loads lazily so a missing file fails its own test instead of crashing collection. */
function vectors<T>(file: string, key: string): T[] {
  try {
    const list = load(file)[key];
    return Array.isArray(list) ? (list as T[]) : [];
  } catch {
    return [];
  }
}

const reasonOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof PeerLinkError) return e.reason;
    throw e;
  }
  return '(no error)';
};

describe.each(['tokens.json', 'descriptions.json', 'messages.json'])('vector file %s', (file) => {
  it('exists and has valid and invalid vectors', () => {
    const content = load(file);
    expect(Array.isArray(content.valid)).toBe(true);
    expect(Array.isArray(content.invalid)).toBe(true);
    expect((content.valid as unknown[]).length + (content.invalid as unknown[]).length).toBeGreaterThan(0);
  });
});

interface ValidToken {
  name: string;
  text: string;
  encoding: 'compact' | 'json' | 'digits';
  token: Record<string, unknown>;
  sessionId: string;
}
interface InvalidVector {
  name: string;
  text: string;
  reason: string;
}

describe('tokens.json', () => {
  const now = (): number => Number(load('tokens.json').now);

  it.each(vectors<ValidToken>('tokens.json', 'valid').map((v) => [v.name, v] as const))('valid: %s', async (_name, v) => {
    const decoded = decodeToken(v.text, now());
    expect(decoded.encoding).toBe(v.encoding);
    expect(tokenToJson(decoded.token)).toEqual(v.token);
    // Encoding the vector's token (read from its JSON form) gives the text exactly.
    const fromJson = decodeToken(encodeBase64Url(new TextEncoder().encode(JSON.stringify(v.token)))).token;
    expect(encodeToken(fromJson, v.encoding)).toBe(v.text);
    expect(await deriveSessionId(decoded.token.secret)).toBe(v.sessionId);
  });

  it.each(vectors<InvalidVector>('tokens.json', 'invalid').map((v) => [v.name, v] as const))('invalid: %s', (_name, v) => {
    expect(reasonOf(() => decodeToken(v.text, now()))).toBe(v.reason);
  });
});

interface DescriptionVector {
  name: string;
  sdp: string;
  description: Record<string, unknown>;
  compact: string;
  endOfCandidates: boolean;
  rebuilt: string;
}

describe('descriptions.json', () => {
  const sessionVersionId = (): string => String(load('descriptions.json').sessionVersionId);

  it.each(vectors<DescriptionVector>('descriptions.json', 'valid').map((v) => [v.name, v] as const))('valid: %s', (_name, v) => {
    const d = compactSdp(v.sdp);
    expect(descriptionToJson(d)).toEqual(v.description);
    expect(encodeDescription(d)).toBe(v.compact);
    expect(descriptionToJson(decodeDescription(v.compact))).toEqual(v.description);
    expect(rebuildSdp(d, { sessionVersionId: sessionVersionId(), final: v.endOfCandidates })).toBe(v.rebuilt);
  });

  it.each(vectors<{ name: string; sdp: string; reason: string }>('descriptions.json', 'invalid').map((v) => [v.name, v] as const))(
    'invalid: %s',
    (_name, v) => {
      expect(reasonOf(() => compactSdp(v.sdp))).toBe(v.reason);
    },
  );
});

interface MessageVector {
  name: string;
  json: string;
  reason?: string;
}
const messageText = (v: MessageVector): string => v.json;

describe('messages.json', () => {
  const validators = customValidators([]);

  it.each(vectors<MessageVector>('messages.json', 'valid').map((v) => [v.name, v] as const))('valid: %s', (_name, v) => {
    const result = parseEnvelope(messageText(v), validators);
    expect(result.ok ? 'ok' : result.reason).toBe('ok');
  });

  it.each(vectors<MessageVector>('messages.json', 'invalid').map((v) => [v.name, v] as const))('invalid: %s', (_name, v) => {
    const result = parseEnvelope(messageText(v), validators);
    expect(result.ok ? 'ok' : result.reason).toBe(v.reason);
  });
});
