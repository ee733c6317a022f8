// Schema-aware operations on plain JSON objects: the field set an object
// sets, the comparison of two objects, the merge of an applied configuration
// into a live object, and the removal of a set of items. Types come from the
// patch schema (built-in kinds) or from any node of the same shape (custom
// resources); values without a schema are "deduced": maps are granular,
// lists atomic, scalars leaves.
import type { PatchSchemaNode } from '../patch/schema.js';
import { FieldSet } from './fieldset.js';
import {
  fieldElement,
  keyElement,
  pathString,
  valueElement,
  type Path,
  type PathElement,
} from './pathelement.js';

export interface ScalarType {
  readonly kind: 'scalar';
}

export interface ListType {
  readonly kind: 'list';
  readonly atomic: boolean;
  /** associative list keys; undefined (and not atomic) means a set of scalars */
  readonly keys?: readonly string[];
  elem(): TypeNode;
}

export interface MapType {
  readonly kind: 'map';
  readonly atomic: boolean;
  /** declared field of a struct */
  field(name: string): TypeNode | undefined;
  /** type of keys that are not declared fields */
  elem(): TypeNode;
  /** default of a declared scalar field (used for missing associative keys) */
  fieldDefault(name: string): unknown;
}

/** A type that accepts any shape: maps and lists behave as given, everything else is a leaf. */
export interface AnyType {
  readonly kind: 'any';
  readonly list: ListType;
  readonly map: MapType;
}

export type TypeNode = ScalarType | ListType | MapType | AnyType;

export const SCALAR: ScalarType = { kind: 'scalar' };

const NO_FIELDS = (): undefined => undefined;

/** A list of any values, atomic. */
const UNTYPED_ATOMIC: AnyType = {
  kind: 'any',
  list: { kind: 'list', atomic: true, elem: () => UNTYPED_ATOMIC },
  map: { kind: 'map', atomic: true, field: NO_FIELDS, elem: () => UNTYPED_ATOMIC, fieldDefault: NO_FIELDS },
};

/** Values without schema: granular maps, atomic lists. */
export const DEDUCED: AnyType = {
  kind: 'any',
  list: { kind: 'list', atomic: true, elem: () => UNTYPED_ATOMIC },
  map: { kind: 'map', atomic: false, field: NO_FIELDS, elem: () => DEDUCED, fieldDefault: NO_FIELDS },
};

/**
 * Defaults of associative-list key fields of built-in types that the OpenAPI
 * document served here does not carry (upstream's schema has them from the
 * +default markers): ports are keyed by number and protocol, protocol
 * defaulting to TCP.
 */
const BUILTIN_KEY_DEFAULTS: Record<string, Record<string, unknown>> = {
  ContainerPort: { protocol: 'TCP' },
  ServicePort: { protocol: 'TCP' },
};

/** Go types that upstream's type converter treats as opaque scalars whatever their JSON shape. */
const OPAQUE_TYPES = new Set(['Quantity', 'RawExtension', 'IntOrString']);

const cache = new WeakMap<PatchSchemaNode, TypeNode>();

/** The managed-fields type of a schema node (undefined: deduced). */
export function typeOf(node: PatchSchemaNode | undefined): TypeNode {
  if (!node) return DEDUCED;
  const hit = cache.get(node);
  if (hit) return hit;
  const t = build(node);
  cache.set(node, t);
  return t;
}

function build(node: PatchSchemaNode): TypeNode {
  if ((node.name && OPAQUE_TYPES.has(node.name)) || node.format === 'int-or-string') return SCALAR;
  const type = node.type ?? (node.properties || node.additionalProperties ? 'object' : undefined);
  switch (type) {
    case 'object':
      return mapTypeOf(node);
    case 'array':
      return listTypeOf(node);
    case undefined:
      return { kind: 'any', list: listTypeOf(node), map: mapTypeOf(node) };
    default:
      return SCALAR;
  }
}

function mapTypeOf(node: PatchSchemaNode): MapType {
  const props = node.properties;
  const addl = node.additionalProperties;
  let elem: TypeNode | undefined;
  const defaults = node.name ? BUILTIN_KEY_DEFAULTS[node.name] : undefined;
  return {
    kind: 'map',
    atomic: node.mapType === 'atomic',
    field(name: string): TypeNode | undefined {
      if (!props || !Object.prototype.hasOwnProperty.call(props, name)) return undefined;
      return typeOf(props[name]);
    },
    elem(): TypeNode {
      // free-form objects and unknown fields of structs are deduced from their values
      elem ??= addl ? typeOf(addl) : DEDUCED;
      return elem;
    },
    fieldDefault(name: string): unknown {
      if (!props || !Object.prototype.hasOwnProperty.call(props, name)) return undefined;
      const d = (props[name] as { default?: unknown }).default;
      if (d !== undefined) return d;
      return defaults?.[name];
    },
  };
}

function listTypeOf(node: PatchSchemaNode): ListType {
  let atomic = true;
  let keys: readonly string[] | undefined;
  if (node.listType !== undefined) {
    if (node.listType === 'set') atomic = false;
    else if (node.listType === 'map') {
      atomic = false;
      keys = node.listMapKeys ?? [];
    }
  } else if (node.patchStrategy !== undefined) {
    if (node.patchStrategy === 'merge' || node.patchStrategy === 'merge,retainKeys') {
      atomic = false;
      if (node.patchMergeKey) keys = [node.patchMergeKey];
    }
  }
  let elem: TypeNode | undefined;
  const items = node.items;
  return {
    kind: 'list',
    atomic,
    keys,
    elem(): TypeNode {
      elem ??= items ? typeOf(items) : UNTYPED_ATOMIC;
      return elem;
    },
  };
}

// ---------------------------------------------------------------------------
// Values

type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Resolved kind of a node for a value: 'map', 'list' or 'leaf'. */
type Resolved = { k: 'map'; t: MapType } | { k: 'list'; t: ListType } | { k: 'leaf' };

function resolve(t: TypeNode, v: unknown): Resolved {
  switch (t.kind) {
    case 'scalar':
      return { k: 'leaf' };
    case 'any':
      if (Array.isArray(v)) return { k: 'list', t: t.list };
      if (isObj(v) || v === null) return { k: 'map', t: t.map };
      return { k: 'leaf' };
    case 'list':
      return Array.isArray(v) || v === null || v === undefined ? { k: 'list', t } : { k: 'leaf' };
    case 'map':
      return isObj(v) || v === null || v === undefined ? { k: 'map', t } : { k: 'leaf' };
  }
}

function fieldType(t: MapType, name: string): TypeNode {
  return t.field(name) ?? t.elem();
}

/** Deep equality of JSON values (numbers compare numerically, null differs from absent). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Obj;
  const bo = b as Obj;
  let n = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    n++;
    if (!(k in bo) || bo[k] === undefined || !valuesEqual(ao[k], bo[k])) return false;
  }
  let m = 0;
  for (const k in bo) if (bo[k] !== undefined) m++;
  return n === m;
}

export class TypedError extends Error {}

/** The path element of a list item, or an error text. */
function itemElement(t: ListType, item: unknown): PathElement | string {
  if (t.keys !== undefined) {
    if (item === null) return 'associative list with keys may not have a null element';
    if (!isObj(item)) return 'associative list with keys may not have non-map elements';
    const fields: Array<[string, unknown]> = [];
    let et: MapType | undefined;
    for (const k of t.keys) {
      if (Object.prototype.hasOwnProperty.call(item, k) && item[k] !== undefined) {
        fields.push([k, item[k]]);
        continue;
      }
      et ??= elemMap(t);
      const d = et?.fieldDefault(k);
      if (d !== undefined && d !== null) fields.push([k, d]);
    }
    if (t.keys.length > 0 && fields.length === 0) {
      return `associative list with keys has an element that omits all key fields ${goStringList(t.keys)} (and doesn't have default values for any key fields)`;
    }
    return keyElement(fields);
  }
  if (isObj(item)) return "associative list without keys has an element that's a map type";
  if (Array.isArray(item)) return 'not supported: associative list with lists as elements';
  if (item === null) return "associative list without keys has an element that's an explicit null";
  return valueElement(item);
}

function elemMap(t: ListType): MapType | undefined {
  const e = t.elem();
  return e.kind === 'map' ? e : e.kind === 'any' ? e.map : undefined;
}

function goStringList(a: readonly string[]): string {
  return '[' + a.map((s) => JSON.stringify(s)).join(' ') + ']';
}

class Errors {
  readonly list: string[] = [];
  add(path: Path, msg: string): void {
    const p = pathString(path);
    this.list.push(p ? `${p}: ${msg}` : msg);
  }
  throwIfAny(): void {
    if (this.list.length === 0) return;
    throw new TypedError(this.list.length === 1 ? this.list[0] : ['errors:', ...this.list.map((m) => '  ' + m)].join('\n'));
  }
}

// ---------------------------------------------------------------------------
// Field sets

/**
 * Every path the value sets: leaves, atomic lists and maps, every list item
 * (by key or value), map keys, and struct fields whose value is null or {}.
 * With `strict`, duplicate items in associative lists are errors (as for an
 * applied configuration); otherwise duplicates become a single opaque item.
 */
export function toFieldSet(value: unknown, t: TypeNode, strict = false): FieldSet {
  const set = new FieldSet();
  const errs = new Errors();
  walkSet(value, t, [], set, strict, errs);
  errs.throwIfAny();
  return set;
}

function walkSet(v: unknown, t: TypeNode, path: PathElement[], set: FieldSet, strict: boolean, errs: Errors): void {
  const r = resolve(t, v);
  if (r.k === 'leaf') {
    set.insert(path);
    return;
  }
  if (r.k === 'list') {
    if (r.t.atomic) {
      set.insert(path);
      return;
    }
    if (!Array.isArray(v)) return;
    const lt = r.t;
    const pes: Array<PathElement | undefined> = new Array(v.length);
    const seen = new Map<string, number>();
    for (let i = 0; i < v.length; i++) {
      const pe = itemElement(lt, v[i]);
      if (typeof pe === 'string') {
        errs.add(path, `element ${i}: ${pe}`);
        continue;
      }
      pes[i] = pe;
      const n = seen.get(pe.s) ?? 0;
      if (n === 1) {
        if (strict) errs.add(path, `duplicate entries for key ${pathString([pe])}`);
        path.push(pe);
        set.insert(path);
        path.pop();
      }
      seen.set(pe.s, n + 1);
    }
    const et = lt.elem();
    for (let i = 0; i < v.length; i++) {
      const pe = pes[i];
      if (!pe || (seen.get(pe.s) ?? 0) > 1) continue;
      path.push(pe);
      walkSet(v[i], et, path, set, strict, errs);
      set.insert(path);
      path.pop();
    }
    return;
  }
  if (r.t.atomic) {
    set.insert(path);
    return;
  }
  if (!isObj(v)) return;
  const mt = r.t;
  for (const key of Object.keys(v)) {
    const val = v[key];
    if (val === undefined) continue;
    const declared = mt.field(key);
    path.push(fieldElement(key));
    walkSet(val, declared ?? mt.elem(), path, set, strict, errs);
    if (val === null || (isObj(val) && isEmptyObj(val)) || !declared) set.insert(path);
    path.pop();
  }
}

function isEmptyObj(o: Obj): boolean {
  for (const k in o) if (o[k] !== undefined) return false;
  return true;
}

/**
 * Adds to a set the struct fields that have members below them (a set built
 * from "a.b.c" then also holds "a" when "a" is a declared field), recursively.
 */
export function ensureNamedFieldsAreMembers(s: FieldSet, t: TypeNode | undefined): FieldSet {
  if (s.children.size === 0) return s;
  const out = new FieldSet();
  for (const [k, pe] of s.members) out.members.set(k, pe);
  const mt = t ? (t.kind === 'map' ? t : t.kind === 'any' ? t.map : undefined) : undefined;
  const lt = t ? (t.kind === 'list' ? t : t.kind === 'any' ? t.list : undefined) : undefined;
  for (const [k, n] of s.children) {
    let ct: TypeNode | undefined;
    if (n.pe.t === 'f' && mt) {
      const declared = mt.field(n.pe.name);
      if (declared) out.members.set(k, n.pe);
      ct = declared ?? mt.elem();
    } else if (n.pe.t === 'k' && lt) {
      ct = lt.elem();
    }
    out.children.set(k, { pe: n.pe, set: ensureNamedFieldsAreMembers(n.set, ct) });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Comparison

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** What changed from lhs to rhs, by path. Either side may be undefined (absent). */
export function compare(lhs: unknown, rhs: unknown, t: TypeNode): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const errs = new Errors();
  walkCompare(lhs, rhs, t, [], c, errs);
  errs.throwIfAny();
  return c;
}

function sameKind(a: Resolved, b: Resolved): boolean {
  return a.k === b.k;
}

function walkCompare(lhs: unknown, rhs: unknown, t: TypeNode, path: PathElement[], c: Comparison, errs: Errors): void {
  const rl = lhs === undefined ? undefined : resolve(t, lhs);
  const rr = rhs === undefined ? undefined : resolve(t, rhs);
  const r = rr ?? rl;
  let leaf: boolean;
  if (!r || (rl && rr && !sameKind(rl, rr))) {
    leaf = true;
    compareLeaf(lhs, rhs, path, c);
  } else if (r.k === 'leaf') {
    leaf = true;
    compareLeaf(lhs, rhs, path, c);
  } else if (r.k === 'list') {
    const l = Array.isArray(lhs) ? lhs : undefined;
    const rv = Array.isArray(rhs) ? rhs : undefined;
    if (r.t.atomic || ((!l || l.length === 0) && (!rv || rv.length === 0))) {
      leaf = true;
      compareLeaf(lhs, rhs, path, c);
    } else {
      leaf = false;
      compareListItems(r.t, l ?? [], rv ?? [], path, c, errs);
    }
  } else {
    const l = isObj(lhs) ? lhs : undefined;
    const rv = isObj(rhs) ? rhs : undefined;
    if (r.t.atomic || ((!l || isEmptyObj(l)) && (!rv || isEmptyObj(rv)))) {
      leaf = true;
      compareLeaf(lhs, rhs, path, c);
    } else {
      leaf = false;
      const mt = r.t;
      if (l) {
        for (const k of Object.keys(l)) {
          if (l[k] === undefined) continue;
          path.push(fieldElement(k));
          walkCompare(l[k], rv?.[k], fieldType(mt, k), path, c, errs);
          path.pop();
        }
      }
      if (rv) {
        for (const k of Object.keys(rv)) {
          if (rv[k] === undefined || (l && l[k] !== undefined)) continue;
          path.push(fieldElement(k));
          walkCompare(undefined, rv[k], fieldType(mt, k), path, c, errs);
          path.pop();
        }
      }
    }
  }
  if (!leaf) {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
  }
}

function compareLeaf(lhs: unknown, rhs: unknown, path: Path, c: Comparison): void {
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
  else if (!valuesEqual(lhs, rhs)) c.modified.insert(path);
}

/**
 * A list's items grouped by their path element; each key not seen before (in
 * the result or in `known`) is appended to `order`.
 */
function groupItems(t: ListType, items: unknown[], path: PathElement[], errs: Errors, order: PathElement[], known?: Map<string, unknown[]>): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (let i = 0; i < items.length; i++) {
    const pe = itemElement(t, items[i]);
    if (typeof pe === 'string') {
      errs.add(path, `element ${i}: ${pe}`);
      continue;
    }
    const got = out.get(pe.s);
    if (got) got.push(items[i]);
    else {
      out.set(pe.s, [items[i]]);
      if (!known?.has(pe.s)) order.push(pe);
    }
  }
  return out;
}

function compareListItems(t: ListType, lhs: unknown[], rhs: unknown[], path: PathElement[], c: Comparison, errs: Errors): void {
  const order: PathElement[] = [];
  const lValues = groupItems(t, lhs, path, errs, order);
  const rValues = groupItems(t, rhs, path, errs, order, lValues);
  const et = t.elem();
  for (const pe of order) {
    const ll = lValues.get(pe.s) ?? [];
    const rl = rValues.get(pe.s) ?? [];
    path.push(pe);
    if (ll.length <= 1 && rl.length <= 1) {
      walkCompare(ll[0], rl[0], et, path, c, errs);
    } else if (ll.length >= 2 && rl.length >= 2) {
      let same = ll.length === rl.length;
      for (let i = 0; same && i < ll.length; i++) same = valuesEqual(ll[i], rl[i]);
      if (!same) c.modified.insert(path);
    } else if (ll.length >= 2) {
      if (rl.length !== 0) walkCompare(undefined, rl[0], et, path, c, errs);
      c.removed.insert(path);
    } else {
      if (ll.length !== 0) walkCompare(ll[0], undefined, et, path, c, errs);
      c.added.insert(path);
    }
    path.pop();
  }
}

/** Drop the paths of a set (and everything below them) from a comparison. */
export function excludeFromComparison(c: Comparison, ignored: FieldSet | undefined): Comparison {
  if (!ignored || ignored.empty()) return c;
  return {
    added: c.added.recursiveDifference(ignored),
    modified: c.modified.recursiveDifference(ignored),
    removed: c.removed.recursiveDifference(ignored),
  };
}

// ---------------------------------------------------------------------------
// Merge

/**
 * Merge a partially specified object (rhs, the applied configuration) into
 * lhs (the live object): leaves and atomic nodes take rhs, granular maps merge
 * by key, associative lists by item key. List order follows rhs for the items
 * it names, with lhs-only items kept where they were relative to those.
 */
export function merge(lhs: unknown, rhs: unknown, t: TypeNode): unknown {
  const errs = new Errors();
  const out = walkMerge(lhs, rhs, t, [], errs);
  errs.throwIfAny();
  return out;
}

function walkMerge(lhs: unknown, rhs: unknown, t: TypeNode, path: PathElement[], errs: Errors): unknown {
  const rl = lhs === undefined ? undefined : resolve(t, lhs);
  const rr = rhs === undefined ? undefined : resolve(t, rhs);
  const r = rr ?? rl;
  if (!r || r.k === 'leaf' || (rl && rr && !sameKind(rl, rr))) return rhs !== undefined ? rhs : lhs;
  if (r.k === 'list') {
    const l = Array.isArray(lhs) ? lhs : undefined;
    const rv = Array.isArray(rhs) ? rhs : undefined;
    if (r.t.atomic || ((!l || l.length === 0) && (!rv || rv.length === 0))) return rhs !== undefined ? rhs : lhs;
    return mergeListItems(r.t, l ?? [], rv ?? [], path, errs);
  }
  const l = isObj(lhs) ? lhs : undefined;
  const rv = isObj(rhs) ? rhs : undefined;
  if (r.t.atomic || ((!l || isEmptyObj(l)) && (!rv || isEmptyObj(rv)))) return rhs !== undefined ? rhs : lhs;
  const out: Obj = {};
  const mt = r.t;
  if (l) {
    for (const k of Object.keys(l)) {
      if (l[k] === undefined) continue;
      path.push(fieldElement(k));
      const m = walkMerge(l[k], rv?.[k], fieldType(mt, k), path, errs);
      path.pop();
      if (m !== undefined) out[k] = m;
    }
  }
  if (rv) {
    for (const k of Object.keys(rv)) {
      if (rv[k] === undefined || (l && l[k] !== undefined)) continue;
      path.push(fieldElement(k));
      const m = walkMerge(undefined, rv[k], fieldType(mt, k), path, errs);
      path.pop();
      if (m !== undefined) out[k] = m;
    }
  }
  return isEmptyObj(out) ? undefined : out;
}

function mergeListItems(t: ListType, lhs: unknown[], rhs: unknown[], path: PathElement[], errs: Errors): unknown {
  const before = errs.list.length;
  // rhs: no duplicates allowed
  const rhsPEs: PathElement[] = [];
  const observedRHS = new Map<string, unknown>();
  for (let i = 0; i < rhs.length; i++) {
    const pe = itemElement(t, rhs[i]);
    if (typeof pe === 'string') {
      errs.add(path, `element ${i}: ${pe}`);
      continue;
    }
    if (observedRHS.has(pe.s)) {
      errs.add(path, `duplicate entries for key ${pathString([pe])}`);
      continue;
    }
    observedRHS.set(pe.s, rhs[i]);
    rhsPEs.push(pe);
  }
  // lhs: duplicates allowed; a duplicated key maps to null (its items are not merged)
  const lhsPEs: PathElement[] = [];
  const lhsIdx: number[] = [];
  const observedLHS = new Map<string, unknown>();
  for (let i = 0; i < lhs.length; i++) {
    const pe = itemElement(t, lhs[i]);
    if (typeof pe === 'string') {
      errs.add(path, `element ${i}: ${pe}`);
      continue;
    }
    observedLHS.set(pe.s, observedLHS.has(pe.s) ? null : lhs[i]);
    lhsPEs.push(pe);
    lhsIdx.push(i);
  }
  if (errs.list.length !== before) return undefined;

  const sharedOrder: PathElement[] = [];
  for (const pe of rhsPEs) if (observedLHS.has(pe.s)) sharedOrder.push(pe);
  let si = 0;
  let nextShared: PathElement | undefined = sharedOrder[si++];
  const mergedRHS = new Set<string>();
  const out: unknown[] = [];
  const et = t.elem();
  const mergeItem = (pe: PathElement, l: unknown, r: unknown): void => {
    path.push(pe);
    const m = walkMerge(l, r, et, path, errs);
    path.pop();
    if (m !== undefined) out.push(m);
  };
  const lLen = lhsPEs.length;
  const rLen = rhsPEs.length;
  for (let lI = 0, rI = 0; lI < lLen || rI < rLen; ) {
    if (lI < lLen && rI < rLen) {
      const pe = lhsPEs[lI];
      if (pe.s === rhsPEs[rI].s) {
        mergedRHS.add(pe.s);
        mergeItem(pe, observedLHS.get(pe.s), observedRHS.get(pe.s));
        lI++;
        rI++;
        nextShared = sharedOrder[si++];
        continue;
      }
      if (observedRHS.has(pe.s) && nextShared !== undefined && nextShared.s !== pe.s) {
        lI++;
        continue;
      }
    }
    if (lI < lLen) {
      const pe = lhsPEs[lI];
      if (!observedRHS.has(pe.s)) {
        mergeItem(pe, lhs[lhsIdx[lI]], undefined);
        lI++;
        continue;
      } else if (mergedRHS.has(pe.s)) {
        lI++;
      }
    }
    if (rI < rLen) {
      const pe = rhsPEs[rI];
      mergedRHS.add(pe.s);
      mergeItem(pe, observedLHS.get(pe.s), observedRHS.get(pe.s));
      rI++;
      if (nextShared !== undefined && nextShared.s === pe.s) nextShared = sharedOrder[si++];
    }
  }
  return out.length > 0 ? out : undefined;
}

// ---------------------------------------------------------------------------
// Removal

/**
 * The value without the items of `toRemove`: a member path drops that map
 * key or list item (with everything below it); paths below descend. Maps and
 * lists left with nothing are dropped from their parent.
 */
export function removeItems(v: unknown, toRemove: FieldSet, t: TypeNode): unknown {
  if (toRemove.empty()) return v;
  return walkRemove(v, toRemove, t);
}

function walkRemove(v: unknown, toRemove: FieldSet, t: TypeNode): unknown {
  const r = resolve(t, v);
  if (r.k === 'leaf') return v;
  if (r.k === 'list') {
    if (!Array.isArray(v) || v.length === 0 || r.t.atomic) return undefined;
    const out: unknown[] = [];
    const et = r.t.elem();
    for (const item of v) {
      const pe = itemElement(r.t, item);
      if (typeof pe === 'string') {
        out.push(item);
        continue;
      }
      if (toRemove.members.has(pe.s)) continue;
      const sub = toRemove.withPrefix(pe);
      if (!sub.empty()) {
        const kept = walkRemove(item, sub, et);
        if (kept !== undefined) out.push(kept);
      } else {
        out.push(item);
      }
    }
    return out.length > 0 ? out : undefined;
  }
  if (!isObj(v) || isEmptyObj(v) || r.t.atomic) return undefined;
  const out: Obj = {};
  const mt = r.t;
  for (const k of Object.keys(v)) {
    let val = v[k];
    if (val === undefined) continue;
    const pe = fieldElement(k);
    if (toRemove.members.has(pe.s)) continue;
    const sub = toRemove.withPrefix(pe);
    if (!sub.empty()) {
      val = walkRemove(val, sub, fieldType(mt, k));
      if (val === undefined) continue;
    }
    out[k] = val;
  }
  return isEmptyObj(out) ? undefined : out;
}
