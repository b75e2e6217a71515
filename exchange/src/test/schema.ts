import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/**
 * Kalshi's published schema, copied byte for byte into the repository (exchange/spec/) so the
 * schema tests run on any machine; spec.test.ts checks the copy against its source when present.
 */
export const SPEC_FILE = 'openapi-3.28.0-assembled-from-docs.yaml';
export const SPEC_PATH = fileURLToPath(new URL(`../../spec/${SPEC_FILE}`, import.meta.url));
type S = Record<string, unknown>;
let spec: S | null = null;

function load(): S {
  spec ??= parseYaml(readFileSync(SPEC_PATH, 'utf8'), { maxAliasCount: -1 }) as S;
  return spec;
}

function resolve(ref: string): S {
  const parts = ref.replace(/^#\//, '').split('/');
  let cur: unknown = load();
  for (const p of parts) cur = (cur as S)[p];
  return cur as S;
}

/** Validate a value against an OpenAPI 3.0 schema subset: $ref, allOf, type, required, enum, nullable, items, properties. */
export function validate(schema: S, value: unknown, path = '$', errors: string[] = []): string[] {
  // Kalshi marks $ref properties nullable through a sibling keyword
  if (value === null && schema.nullable) return errors;
  if (schema.$ref) return validate(resolve(schema.$ref as string), value, path, errors);
  if (value === null) {
    if (!schema.nullable) errors.push(`${path}: null not allowed`);
    return errors;
  }
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf as S[]) validate(s, value, path, errors);
  const t = schema.type as string | undefined;
  if (t === 'object' || (!t && schema.properties)) {
    if (typeof value !== 'object' || Array.isArray(value)) { errors.push(`${path}: expected object`); return errors; }
    const v = value as S;
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in v)) errors.push(`${path}.${r}: required`);
    const props = (schema.properties as Record<string, S> | undefined) ?? {};
    for (const [k, sub] of Object.entries(props)) if (k in v && v[k] !== undefined) validate(sub, v[k], `${path}.${k}`, errors);
  } else if (t === 'array') {
    if (!Array.isArray(value)) { errors.push(`${path}: expected array`); return errors; }
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${path}: too few items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${path}: too many items`);
    if (schema.items) value.forEach((x, i) => validate(schema.items as S, x, `${path}[${i}]`, errors));
  } else if (t === 'string') {
    if (typeof value !== 'string') errors.push(`${path}: expected string, got ${typeof value}`);
    else if (schema.format === 'date-time' && !Number.isFinite(Date.parse(value))) errors.push(`${path}: bad date-time`);
  } else if (t === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) errors.push(`${path}: expected integer`);
  } else if (t === 'number') {
    if (typeof value !== 'number') errors.push(`${path}: expected number`);
  } else if (t === 'boolean') {
    if (typeof value !== 'boolean') errors.push(`${path}: expected boolean`);
  }
  if (Array.isArray(schema.enum) && !(schema.enum as unknown[]).includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  return errors;
}

export function validateComponent(name: string, value: unknown): string[] {
  return validate({ $ref: `#/components/schemas/${name}` }, value);
}

// FixedPoint formats the spec describes in prose
export const DOLLARS_RE = /^-?\d+\.\d{4}(\d{2})?$/;
export const FP_RE = /^-?\d+\.\d{2}$/;
