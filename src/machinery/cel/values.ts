// Runtime CEL values. int is a bigint, double a number, string a string,
// bool a boolean, null null, bytes a Uint8Array, list a JS array; the rest
// are the classes below.
import type { CelType } from './types.js';

export const INT_MIN = -(2n ** 63n);
export const INT_MAX = 2n ** 63n - 1n;
export const UINT_MAX = 2n ** 64n - 1n;

export class CelUint {
  constructor(readonly v: bigint) {}
}

export class CelErr {
  constructor(readonly message: string) {}
}

/** a cost-limit or cancellation condition: never absorbed by && / || */
export class CelAbort extends Error {}

/** nanoseconds since the Unix epoch */
export class CelTimestamp {
  constructor(readonly ns: bigint) {}
}

/** nanoseconds */
export class CelDuration {
  constructor(readonly ns: bigint) {}
}

export class CelTypeValue {
  constructor(readonly name: string) {}
}

export class CelOptional {
  constructor(
    readonly has: boolean,
    readonly value?: CelValue,
  ) {}
}

export const OPTIONAL_NONE = new CelOptional(false);

export type MapKey = bigint | CelUint | string | boolean;

export class CelMap {
  readonly entries = new Map<string, [CelValue, CelValue]>();
  set(k: CelValue, v: CelValue): void {
    this.entries.set(mapKeyString(k) ?? String(k), [k, v]);
  }
  get(k: CelValue): CelValue | undefined {
    const key = mapKeyString(k);
    return key === undefined ? undefined : this.entries.get(key)?.[1];
  }
  has(k: CelValue): boolean {
    const key = mapKeyString(k);
    return key !== undefined && this.entries.has(key);
  }
  get size(): number {
    return this.entries.size;
  }
  keys(): CelValue[] {
    return [...this.entries.values()].map((e) => e[0]);
  }
}

/** a schema object (typed by an OpenAPI schema) */
export class CelObject {
  constructor(
    readonly typeName: string,
    readonly fields: Map<string, CelValue>,
  ) {}
}

/** a library value with its own type (net.IP, kubernetes.Quantity, ...) */
export abstract class CelOpaque {
  abstract readonly typeName: string;
  abstract equals(o: CelOpaque): boolean;
}

export type CelValue =
  | bigint
  | number
  | string
  | boolean
  | null
  | Uint8Array
  | CelValue[]
  | CelUint
  | CelErr
  | CelTimestamp
  | CelDuration
  | CelTypeValue
  | CelOptional
  | CelMap
  | CelObject
  | CelOpaque;

/** x-kubernetes-list-type semantics of a list value */
export interface ListSemantics {
  kind: 'set' | 'map';
  keys: string[];
}
export const listSemantics = new WeakMap<CelValue[], ListSemantics>();

/** map key normalisation: numerically equal int/uint/double keys collide (heterogeneous equality) */
export function mapKeyString(k: CelValue): string | undefined {
  if (typeof k === 'string') return `s${k}`;
  if (typeof k === 'bigint') return `n${k}`;
  if (k instanceof CelUint) return `n${k.v}`;
  if (typeof k === 'boolean') return k ? 'bt' : 'bf';
  if (typeof k === 'number') return Number.isInteger(k) ? `n${BigInt(k)}` : `d${k}`;
  return undefined;
}

export function isValidMapKey(k: CelValue): boolean {
  return typeof k === 'string' || typeof k === 'bigint' || k instanceof CelUint || typeof k === 'boolean';
}

export function typeName(v: CelValue): string {
  if (v === null) return 'null_type';
  switch (typeof v) {
    case 'bigint':
      return 'int';
    case 'number':
      return 'double';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
  }
  if (v instanceof Uint8Array) return 'bytes';
  if (Array.isArray(v)) return 'list';
  if (v instanceof CelUint) return 'uint';
  if (v instanceof CelMap) return 'map';
  if (v instanceof CelTimestamp) return 'google.protobuf.Timestamp';
  if (v instanceof CelDuration) return 'google.protobuf.Duration';
  if (v instanceof CelTypeValue) return 'type';
  if (v instanceof CelOptional) return 'optional_type';
  if (v instanceof CelObject) return v.typeName;
  if (v instanceof CelOpaque) return v.typeName;
  if (v instanceof CelErr) return 'error';
  return 'unknown';
}

/** does the runtime value belong to the (declared) type: shallow, for overload dispatch */
export function valueMatches(t: CelType, v: CelValue): boolean {
  switch (t.k) {
    case 'dyn':
    case 'param':
    case 'error':
      return true;
    case 'int':
      return typeof v === 'bigint';
    case 'uint':
      return v instanceof CelUint;
    case 'double':
      return typeof v === 'number';
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'bytes':
      return v instanceof Uint8Array;
    case 'null':
      return v === null;
    case 'timestamp':
      return v instanceof CelTimestamp;
    case 'duration':
      return v instanceof CelDuration;
    case 'list':
      return Array.isArray(v);
    case 'map':
      return v instanceof CelMap;
    case 'type':
      return v instanceof CelTypeValue;
    case 'optional':
      return v instanceof CelOptional;
    case 'object':
      return v instanceof CelObject;
    case 'opaque':
      return v instanceof CelOpaque && v.typeName === t.name;
  }
}

function numCompare(a: CelValue, b: CelValue): number | undefined {
  // returns undefined when not both numeric; NaN comparisons give NaN
  const an = typeof a === 'bigint' ? a : a instanceof CelUint ? a.v : typeof a === 'number' ? a : undefined;
  const bn = typeof b === 'bigint' ? b : b instanceof CelUint ? b.v : typeof b === 'number' ? b : undefined;
  if (an === undefined || bn === undefined) return undefined;
  if (typeof an === 'bigint' && typeof bn === 'bigint') return an < bn ? -1 : an > bn ? 1 : 0;
  if (typeof an === 'number' && typeof bn === 'number') return an < bn ? -1 : an > bn ? 1 : an === bn ? 0 : NaN;
  // mixed bigint / double
  const d = typeof an === 'number' ? an : (bn as number);
  const i = typeof an === 'bigint' ? an : (bn as bigint);
  if (Number.isNaN(d)) return NaN;
  let c: number;
  if (d === Infinity) c = -1;
  else if (d === -Infinity) c = 1;
  else {
    const fl = Math.floor(d);
    const bi = BigInt(fl);
    c = i < bi ? -1 : i > bi ? 1 : fl < d ? -1 : 0;
  }
  return typeof an === 'bigint' ? c : -c;
}

/** ordering for comparable values; undefined when the pair is not ordered */
export function celCompare(a: CelValue, b: CelValue): number | undefined {
  const n = numCompare(a, b);
  if (n !== undefined) return n;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n2 = Math.min(a.length, b.length);
    for (let i = 0; i < n2; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
  }
  if (a instanceof CelTimestamp && b instanceof CelTimestamp) return a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0;
  if (a instanceof CelDuration && b instanceof CelDuration) return a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0;
  return undefined;
}

export function celEquals(a: CelValue, b: CelValue): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  const n = numCompare(a, b);
  if (n !== undefined) return n === 0;
  if (a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) && Array.isArray(b)) return listEquals(a, b);
  if (a instanceof CelMap && b instanceof CelMap) {
    if (a.size !== b.size) return false;
    for (const [k, [, v]] of a.entries) {
      const o = b.entries.get(k);
      if (!o || !celEquals(v, o[1])) return false;
    }
    return true;
  }
  if (a instanceof CelObject && b instanceof CelObject) {
    if (a.typeName !== b.typeName || a.fields.size !== b.fields.size) return false;
    for (const [k, v] of a.fields) {
      if (!b.fields.has(k) || !celEquals(v, b.fields.get(k)!)) return false;
    }
    return true;
  }
  if (a instanceof CelTimestamp && b instanceof CelTimestamp) return a.ns === b.ns;
  if (a instanceof CelDuration && b instanceof CelDuration) return a.ns === b.ns;
  if (a instanceof CelTypeValue && b instanceof CelTypeValue) return a.name === b.name;
  if (a instanceof CelOptional && b instanceof CelOptional) {
    if (a.has !== b.has) return false;
    return !a.has || celEquals(a.value!, b.value!);
  }
  if (a instanceof CelOpaque && b instanceof CelOpaque) return a.typeName === b.typeName && a.equals(b);
  return false;
}

function listEquals(a: CelValue[], b: CelValue[]): boolean {
  if (a.length !== b.length) return false;
  const sa = listSemantics.get(a);
  const sb = listSemantics.get(b);
  const sem = sa ?? sb;
  if (sem && sem.kind === 'set') {
    // order-insensitive
    return a.every((x) => b.some((y) => celEquals(x, y))) && b.every((y) => a.some((x) => celEquals(x, y)));
  }
  if (sem && sem.kind === 'map') {
    for (const x of a) {
      const kx = mapListKey(x, sem.keys);
      const y = b.find((e) => mapListKey(e, sem.keys) === kx);
      if (y === undefined || !celEquals(x, y)) return false;
    }
    return true;
  }
  for (let i = 0; i < a.length; i++) if (!celEquals(a[i], b[i])) return false;
  return true;
}

/** the identity of an element of a list-type=map list */
export function mapListKey(v: CelValue, keys: string[]): string {
  const parts: string[] = [];
  for (const k of keys) {
    let f: CelValue | undefined;
    if (v instanceof CelObject) f = v.fields.get(k);
    else if (v instanceof CelMap) f = v.get(k);
    parts.push(f === undefined ? '\u0000' : (mapKeyString(f) ?? String(f)));
  }
  return JSON.stringify(parts);
}
