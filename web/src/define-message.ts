import { has } from './guards.js';
import type { MessageDefinition } from './types.js';

// Custom message types declared once — name, fields, extra rule — so both phones register the same
// definition and TypeScript derives the payload type from the fields (spec §7.2).

type Kind = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
/** A payload member: its JSON kind, `?` at the end when it may be left out. */
export type FieldSpec = Kind | `${Kind}?`;
export type Fields = Readonly<Record<string, FieldSpec>>;

type KindType<K> = K extends 'string'
  ? string
  : K extends 'number' | 'integer'
    ? number
    : K extends 'boolean'
      ? boolean
      : K extends 'object'
        ? Record<string, unknown>
        : unknown[];
type Optional<F extends Fields> = { [K in keyof F]: F[K] extends `${string}?` ? K : never }[keyof F];
type Simplify<T> = { [K in keyof T]: T[K] };

/** The payload type `fields` describe: `{ points: 'integer', note: 'string?' }` → `{ points: number; note?: string }`. */
export type PayloadOf<F extends Fields> = Simplify<
  { [K in Exclude<keyof F, Optional<F>>]: KindType<F[K]> } & {
    [K in Optional<F>]?: KindType<F[K] extends `${infer B}?` ? B : never>;
  }
>;

const kindOf = (v: unknown): Kind | undefined =>
  typeof v === 'string'
    ? 'string'
    : typeof v === 'boolean'
      ? 'boolean'
      : typeof v === 'number'
        ? 'number'
        : Array.isArray(v)
          ? 'array'
          : v !== null && typeof v === 'object'
            ? 'object'
            : undefined;

/**
 * A custom message type. `fields` are checked first (`<field>: required | wrong_type`), then
 * `check` on a payload known to match them; it returns `undefined` or a problem `<field>: <problem>`.
 * Members not named in `fields` are kept, as in the standard types.
 */
export function defineMessage<const N extends string, const F extends Fields>(
  name: N,
  fields: F,
  check?: (payload: PayloadOf<F>) => string | undefined,
): MessageDefinition<N, PayloadOf<F>> {
  const validate = (payload: Record<string, unknown>): string | undefined => {
    for (const [field, spec] of Object.entries(fields)) {
      const kind = spec.replace('?', '');
      if (!has(payload, field)) {
        if (spec === kind) return `${field}: required`;
        continue;
      }
      const v = payload[field];
      const actual = kindOf(v);
      const fits = kind === 'integer' ? Number.isSafeInteger(v) : actual === kind;
      if (!fits) return `${field}: wrong_type`;
    }
    // Every member `fields` names has its kind: this is the payload type they describe.
    return check?.(payload as PayloadOf<F>);
  };
  return { name, validate };
}
