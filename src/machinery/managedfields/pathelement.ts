// Path elements of a managed-fields path, their wire form inside fieldsV1
// (f:/k:/v:/i:), their total order (which fixes the key order of fieldsV1)
// and their human form used in conflict messages (".spec", "[name=\"a\"]").

/** A JSON value as decoded from a request or storage. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export type PathElement =
  | { readonly t: 'f'; readonly name: string; readonly s: string }
  | { readonly t: 'k'; readonly fields: ReadonlyArray<readonly [string, unknown]>; readonly s: string }
  | { readonly t: 'v'; readonly value: unknown; readonly s: string }
  | { readonly t: 'i'; readonly index: number; readonly s: string };

export type Path = readonly PathElement[];

// ---------------------------------------------------------------------------
// JSON text as Go's encoding/json (and json-iterator's standard-library mode)
// writes it: map keys sorted, <, >, & and the two JS line separators escaped.

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

function escapeHtmlJson(quoted: string): string {
  return quoted.replace(HTML_UNSAFE, (c) => {
    switch (c) {
      case '<':
        return '\\u003c';
      case '>':
        return '\\u003e';
      case '&':
        return '\\u0026';
      case '\u2028':
        return '\\u2028';
      default:
        return '\\u2029';
    }
  });
}

export function goQuoteJson(s: string): string {
  const q = JSON.stringify(s);
  return HTML_UNSAFE.test(q) ? escapeHtmlJson(q) : q;
}

/** Serialise a JSON value the way Go marshals an unstructured value. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return goQuoteJson(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(v)) return '[' + v.map(goJson).join(',') + ']';
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort(compareStrings);
      return '{' + keys.map((k) => goQuoteJson(k) + ':' + goJson(o[k])).join(',') + '}';
    }
    default:
      return 'null';
  }
}

/** Byte order of the UTF-8 encodings (code point order), as Go compares strings. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs && !ys && y >= 0xe000) return 1;
      if (ys && !xs && x >= 0xe000) return -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Construction

// Path elements are immutable, so the common ones are shared.
const CACHE_LIMIT = 20000;
const fieldCache = new Map<string, PathElement>();
const parsedCache = new Map<string, PathElement>();

function remember(cache: Map<string, PathElement>, key: string, pe: PathElement): PathElement {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, pe);
  return pe;
}

export function fieldElement(name: string): PathElement {
  return fieldCache.get(name) ?? remember(fieldCache, name, { t: 'f', name, s: 'f:' + name });
}

/** A key element; `fields` need not be sorted. */
export function keyElement(fields: ReadonlyArray<readonly [string, unknown]>): PathElement {
  const sorted = [...fields].sort((a, b) => compareStrings(a[0], b[0]));
  const body = '{' + sorted.map(([k, v]) => goQuoteJson(k) + ':' + goJson(v)).join(',') + '}';
  return { t: 'k', fields: sorted, s: 'k:' + body };
}

export function valueElement(value: unknown): PathElement {
  return { t: 'v', value, s: 'v:' + goJson(value) };
}

export function indexElement(index: number): PathElement {
  return { t: 'i', index, s: 'i:' + String(index) };
}

export class PathElementError extends Error {}

/** Marker for element types this version does not know (they are skipped, as upstream does). */
export const UNKNOWN_ELEMENT = Symbol('unknown path element type');

/** Parse the wire form of one path element ("f:name", "k:{...}", "v:...", "i:3"). */
export function parsePathElement(s: string): PathElement | typeof UNKNOWN_ELEMENT {
  const hit = parsedCache.get(s);
  if (hit) return hit;
  const pe = parseUncached(s);
  return pe === UNKNOWN_ELEMENT ? pe : remember(parsedCache, s, pe);
}

function parseUncached(s: string): PathElement | typeof UNKNOWN_ELEMENT {
  if (s.length < 2) throw new PathElementError(`key must be 2 characters long: ${s}`);
  if (s[1] !== ':') throw new PathElementError(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case 'f':
      return fieldElement(body);
    case 'v':
      return valueElement(parseJsonStrict(body, s));
    case 'k': {
      const obj = parseJsonStrict(body, s);
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
        throw new PathElementError(`key element is not a JSON object: ${s}`);
      }
      return keyElement(Object.entries(obj));
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(body)) throw new PathElementError(`invalid index in ${JSON.stringify(s)}`);
      const n = Number(body);
      if (!Number.isSafeInteger(n)) throw new PathElementError(`invalid index in ${JSON.stringify(s)}`);
      return indexElement(n);
    }
    default:
      return UNKNOWN_ELEMENT;
  }
}

function parseJsonStrict(text: string, whole: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    throw new PathElementError(`invalid JSON in path element ${JSON.stringify(whole)}: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------
// Order

const RANK = { f: 0, k: 1, v: 2, i: 3 } as const;

export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.t !== b.t) return RANK[a.t] - RANK[b.t];
  switch (a.t) {
    case 'f':
      return compareStrings(a.name, (b as typeof a).name);
    case 'k': {
      const bf = (b as typeof a).fields;
      const af = a.fields;
      for (let i = 0; ; i++) {
        if (i >= af.length && i >= bf.length) return 0;
        if (i >= af.length) return -1;
        if (i >= bf.length) return 1;
        const c = compareStrings(af[i][0], bf[i][0]);
        if (c !== 0) return c;
        const d = compareValues(af[i][1], bf[i][1]);
        if (d !== 0) return d;
      }
    }
    case 'v':
      return compareValues(a.value, (b as typeof a).value);
    case 'i': {
      const bi = (b as typeof a).index;
      return a.index < bi ? -1 : a.index > bi ? 1 : 0;
    }
  }
}

function valueRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v !== null && typeof v === 'object') return 4;
  return 5; // null
}

/** The total order of values used for set items (numbers, strings, bools, lists, maps, null). */
export function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 1:
      return compareStrings(a as string, b as string);
    case 2:
      return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; ; i++) {
        if (i >= x.length && i >= y.length) return 0;
        if (i >= x.length) return -1;
        if (i >= y.length) return 1;
        const c = compareValues(x[i], y[i]);
        if (c !== 0) return c;
      }
    }
    case 4: {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort(compareStrings);
      for (const k of keys) {
        if (!(k in x)) return 1;
        if (!(k in y)) return -1;
        const c = compareValues(x[k], y[k]);
        if (c !== 0) return c;
      }
      return 0;
    }
    default:
      return 0;
  }
}

// ---------------------------------------------------------------------------
// Human form

/** Go's %q for strings (close enough for printable text). */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

export function valueToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[' + v.map(valueToString).join(',') + ']';
  const o = v as Record<string, unknown>;
  return Object.keys(o)
    .map((k) => `${k}=${valueToString(o[k])}`)
    .join('');
}

export function pathElementString(pe: PathElement): string {
  switch (pe.t) {
    case 'f':
      return '.' + pe.name;
    case 'k':
      return '[' + pe.fields.map(([k, v]) => `${k}=${valueToString(v)}`).join(',') + ']';
    case 'v':
      return `[=${valueToString(pe.value)}]`;
    case 'i':
      return `[${pe.index}]`;
  }
}

export function pathString(p: Path): string {
  let s = '';
  for (const pe of p) s += pathElementString(pe);
  return s;
}
