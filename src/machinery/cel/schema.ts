// OpenAPI (structural) schemas as CEL types, and JSON values as CEL values.
import { T, type CelType } from './types.js';
import { parseDate, parseGoDuration, parseRfc3339, checkDuration } from './time.js';
import { CelErr, CelMap, CelObject, CelTimestamp, listSemantics, type CelValue } from './values.js';

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** the parts of apiextensions/v1 JSONSchemaProps this module reads */
export interface JSONSchemaProps {
  type?: string;
  format?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps;
  required?: string[];
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  nullable?: boolean;
  enum?: unknown[];
  default?: unknown;
  maxItems?: number;
  maxLength?: number;
  maxProperties?: number;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: ValidationRule[];
  [k: string]: unknown;
}

const RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

/** a property name as a CEL identifier, or undefined when it cannot be expressed */
export function escapeName(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name.replace(/__|[./-]/g, (m) => (m === '__' ? '__underscores__' : m === '.' ? '__dot__' : m === '-' ? '__dash__' : '__slash__'));
}

const STRING_SCHEMA: JSONSchemaProps = { type: 'string' };

/** the schema with apiVersion, kind and metadata.name/generateName declared (resource roots) */
export function withTypeAndObjectMeta(s: JSONSchemaProps): JSONSchemaProps {
  const p = s.properties ?? {};
  const md = p.metadata;
  if (p.kind?.type === 'string' && p.apiVersion?.type === 'string' && md?.type === 'object' && md.properties?.name?.type === 'string' && md.properties?.generateName?.type === 'string') return s;
  return {
    ...s,
    properties: {
      ...p,
      kind: STRING_SCHEMA,
      apiVersion: STRING_SCHEMA,
      metadata: { type: 'object', properties: { name: STRING_SCHEMA, generateName: STRING_SCHEMA } },
    },
  };
}

const typeCache = new WeakMap<JSONSchemaProps, Map<string, CelType | null>>();

/** the CEL type of values of a schema (null when not exposed to CEL) */
export function schemaType(s: JSONSchemaProps | undefined, isResourceRoot: boolean, name = 'selfType'): CelType | null {
  if (!s) return null;
  const key = `${isResourceRoot}:${name}`;
  let m = typeCache.get(s);
  if (m?.has(key)) return m.get(key)!;
  const t = computeType(s, isResourceRoot, name);
  if (!m) typeCache.set(s, (m = new Map()));
  m.set(key, t);
  return t;
}

function computeType(s: JSONSchemaProps, isResourceRoot: boolean, name: string): CelType | null {
  if (s['x-kubernetes-int-or-string']) return T.dyn;
  if (isResourceRoot) s = withTypeAndObjectMeta(s);
  switch (s.type) {
    case 'array': {
      if (!s.items) return null;
      const it = schemaType(s.items, !!s.items['x-kubernetes-embedded-resource'], `${name}.@idx`);
      return it ? T.list(it) : null;
    }
    case 'object': {
      const ap = s.additionalProperties;
      if (ap && typeof ap === 'object') {
        const vt = schemaType(ap, !!ap['x-kubernetes-embedded-resource'], `${name}.@elem`);
        return vt ? T.map(T.string, vt) : null;
      }
      const fields = new Map<string, CelType>();
      for (const [k, ps] of Object.entries(s.properties ?? {})) {
        const esc = escapeName(k);
        if (esc === undefined) continue;
        const ft = schemaType(ps, !!ps['x-kubernetes-embedded-resource'], `${name}.${esc}`);
        if (ft) fields.set(esc, ft);
      }
      return T.object(name, fields);
    }
    case 'string':
      switch (s.format) {
        case 'byte':
          return T.bytes;
        case 'duration':
          return T.duration;
        case 'date':
        case 'date-time':
          return T.timestamp;
      }
      return T.string;
    case 'boolean':
      return T.bool;
    case 'number':
      return T.double;
    case 'integer':
      return T.int;
  }
  return null;
}

/** strfmt durations: Go durations plus d (days) and w (weeks), optional spaces */
function parseStrfmtDuration(s: string): bigint | undefined {
  const go = parseGoDuration(s);
  if (go !== undefined) return go;
  const m = /^\s*([-+]?)((?:\s*\d+\s*(?:ns|us|µs|ms|s|m|h|d|w)\s*)+)$/.exec(s);
  if (!m) return undefined;
  const units: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n, d: 86400000000000n, w: 604800000000000n };
  let total = 0n;
  for (const p of m[2].matchAll(/(\d+)\s*(ns|us|µs|ms|s|m|h|d|w)/g)) total += BigInt(p[1]) * units[p[2]];
  return m[1] === '-' ? -total : total;
}

function base64ToBytes(s: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
  return Uint8Array.from(Buffer.from(s, 'base64'));
}

export type ValueCache = WeakMap<object, Map<JSONSchemaProps, CelValue>>;

/** a JSON value as a CEL value, typed by its schema */
export function jsonToCel(v: unknown, s: JSONSchemaProps | undefined, isResourceRoot: boolean, cache?: ValueCache): CelValue {
  if (v === null || v === undefined) return null;
  const cacheable = !!cache && !!s && !isResourceRoot && typeof v === 'object';
  if (cacheable) {
    const hit = cache!.get(v as object)?.get(s!);
    if (hit !== undefined) return hit;
  }
  const out = convert(v, s, isResourceRoot, cache);
  if (cacheable) {
    let m = cache!.get(v as object);
    if (!m) cache!.set(v as object, (m = new Map()));
    m.set(s!, out);
  }
  return out;
}

function dynValue(v: unknown): CelValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(dynValue);
  if (typeof v === 'object') {
    const m = new CelMap();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, dynValue(x));
    return m;
  }
  return null;
}

function convert(v: unknown, s: JSONSchemaProps | undefined, isResourceRoot: boolean, cache?: ValueCache): CelValue {
  if (!s || s['x-kubernetes-int-or-string']) return dynValue(v);
  if (isResourceRoot) s = withTypeAndObjectMeta(s);
  switch (s.type) {
    case 'integer':
      if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
      return dynValue(v);
    case 'number':
      return typeof v === 'number' ? v : dynValue(v);
    case 'boolean':
      return typeof v === 'boolean' ? v : dynValue(v);
    case 'string': {
      if (typeof v !== 'string') return dynValue(v);
      switch (s.format) {
        case 'byte': {
          const b = base64ToBytes(v);
          return b ?? new CelErr(`illegal base64 data`);
        }
        case 'duration': {
          const d = parseStrfmtDuration(v);
          if (d === undefined) return new CelErr(`time: invalid duration ${JSON.stringify(v)}`);
          try {
            return checkDuration(d);
          } catch (e) {
            return e as CelErr;
          }
        }
        case 'date': {
          const d = parseDate(v);
          return d === undefined ? new CelErr(`parsing time ${JSON.stringify(v)} as "2006-01-02": cannot parse`) : new CelTimestamp(d);
        }
        case 'date-time': {
          const d = parseRfc3339(v);
          return d === undefined ? new CelErr(`parsing time ${JSON.stringify(v)}: invalid date-time`) : new CelTimestamp(d);
        }
      }
      return v;
    }
    case 'array': {
      if (!Array.isArray(v)) return dynValue(v);
      const it = s.items;
      const out = v.map((x) => jsonToCel(x, it, !!it?.['x-kubernetes-embedded-resource'], cache));
      const lt = s['x-kubernetes-list-type'];
      if (lt === 'set') listSemantics.set(out, { kind: 'set', keys: [] });
      else if (lt === 'map') listSemantics.set(out, { kind: 'map', keys: (s['x-kubernetes-list-map-keys'] ?? []).map((k) => escapeName(k) ?? k) });
      return out;
    }
    case 'object': {
      if (typeof v !== 'object' || Array.isArray(v)) return dynValue(v);
      const obj = v as Record<string, unknown>;
      const ap = s.additionalProperties;
      if (ap && typeof ap === 'object') {
        const m = new CelMap();
        const emb = !!ap['x-kubernetes-embedded-resource'];
        for (const [k, x] of Object.entries(obj)) m.set(k, jsonToCel(x, ap, emb, cache));
        return m;
      }
      const fields = new Map<string, CelValue>();
      const props = s.properties ?? {};
      for (const [k, x] of Object.entries(obj)) {
        const ps = props[k];
        if (!ps || x === undefined) continue;
        const esc = escapeName(k);
        if (esc === undefined) continue;
        fields.set(esc, jsonToCel(x, ps, !!ps['x-kubernetes-embedded-resource'], cache));
      }
      return new CelObject('object', fields);
    }
  }
  return dynValue(v);
}
