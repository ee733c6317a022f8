// Strategic merge patch (application/strategic-merge-patch+json), following
// the server-side semantics of k8s.io/apimachinery/pkg/util/strategicpatch
// (StrategicMergeMapPatch with MergeParallelList and IgnoreUnmatchedNulls
// set) and the status codes chosen by the API server's patch handler
// (interpretStrategicMergePatchError in k8s.io/apiserver
// pkg/endpoints/handlers/patch.go):
//   400 BadRequest  - malformed $deleteFromPrimitiveList/$setElementOrder keys,
//                     malformed $retainKeys or patch keys missing from it;
//   422 Invalid     - lists of lists (generic message, like JSON patch);
//   500 (no reason) - every other failure, with the library's message
//                     (unknown $patch values, missing merge keys, ...).
//
// Directives understood:
//   null value                         delete the key
//   {"$patch": "replace"} in a map     the map replaces the live one
//   {"$patch": "delete"} as a map      the map becomes {}
//   {"$patch": "delete", key: v}       in a merge list: remove entries with key v
//   {"$patch": "replace"} list item    the rest of the patch list replaces the list
//   "$retainKeys": [...]               drop live keys not listed
//   "$setElementOrder/<list>": [...]   order of the merged list
//   "$deleteFromPrimitiveList/<list>"  values removed from a primitive merge list
// ("$patch": "merge" is refused upstream, on maps and in lists alike.)
//
// Where the schema does not describe a field (no schema at all, or a field
// unknown to it), the field has no strategy: maps merge recursively and lists
// are replaced, i.e. JSON merge patch behaviour plus the directives above.
//
// Deliberate differences from the library:
//   - maps of structs (additionalProperties with a schema) are merged with the
//     value schema, and live fields unknown to the schema are merged without
//     metadata; the library's struct lookup fails (500) on both (neither can
//     occur upstream for a decoded typed object, except maps of structs);
//   - directive keys that the library leaves inside values copied verbatim
//     from the patch ($retainKeys, $setElementOrder/..., $deleteFromPrimitiveList/...,
//     $patch in replaced values) are removed from the result; upstream they
//     are dropped when the result is decoded into the typed object.
import { ApiError, badRequest } from '../errors.js';
import { goJsonKind, patchUnprocessable, serverPanic } from './jsonPatch.js';
import { cloneJson, hasOwn, isJsonObject, setOwn } from './mergePatch.js';
import type { PatchSchemaNode } from './schema.js';

type Obj = Record<string, unknown>;

const DIRECTIVE = '$patch';
const DELETE = 'delete';
const REPLACE = 'replace';
const MERGE = 'merge';
const RETAIN_KEYS_STRATEGY = 'retainKeys';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

// Error texts of k8s.io/apimachinery/pkg/util/mergepatch/errors.go
export const SMP_ERRORS = {
  badJSONDoc: 'invalid JSON document',
  noListOfLists: 'lists of lists are not supported',
  badPatchFormatForPrimitiveList: 'invalid patch format of primitive list',
  badPatchFormatForRetainKeys: 'invalid patch format of retainKeys',
  badPatchFormatForSetElementOrderList: 'invalid patch format of setElementOrder list',
  patchContentNotMatchRetainKeys: "patch content doesn't match retainKeys list",
  unsupportedStrategicMergePatchFormat: 'strategic merge patch format is not supported',
} as const;

type Failure = 'bad' | 'unprocessable' | 'internal' | 'panic';

class SmpFailure extends Error {
  constructor(
    message: string,
    readonly failure: Failure,
  ) {
    super(message);
  }
}

const bad = (m: string): SmpFailure => new SmpFailure(m, 'bad');
const internal = (m: string): SmpFailure => new SmpFailure(m, 'internal');
/** Conditions under which the Go code panics (nil dereference, unhashable map key, ...). */
const panicked = (m: string): SmpFailure => new SmpFailure(m, 'panic');

function toApiError(f: SmpFailure): ApiError {
  switch (f.failure) {
    case 'bad':
      return badRequest(f.message);
    case 'unprocessable':
      return patchUnprocessable(f.message);
    case 'panic':
      return serverPanic(f.message);
    default:
      // Not a StatusError upstream: ErrorToAPIStatus answers 500 with an empty reason.
      return new ApiError(500, '', f.message);
  }
}

// --- Go-flavoured value descriptions used in error messages -------------------

type GoKind = 'map' | 'slice' | 'string' | 'number' | 'bool' | 'nil';

function kindOf(v: unknown): GoKind {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'map';
  }
}

/** reflect.TypeOf(v).String() for a decoded JSON value. */
function goTypeOf(v: unknown): string {
  switch (kindOf(v)) {
    case 'nil':
      return '%!s(<nil>)';
    case 'slice':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    default:
      return Number.isInteger(v) ? 'int64' : 'float64';
  }
}

function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}

/** fmt's %v (verb 'v') or %s (verb 's') rendering of a decoded JSON value. */
function goFmt(v: unknown, verb: 'v' | 's' = 'v'): string {
  switch (kindOf(v)) {
    case 'nil':
      return verb === 'v' ? '<nil>' : '%!s(<nil>)';
    case 'string':
      return v as string;
    case 'bool':
      return verb === 'v' ? String(v) : `%!s(bool=${String(v)})`;
    case 'number':
      return verb === 'v' ? goNumber(v as number) : `%!s(${goTypeOf(v)}=${goNumber(v as number)})`;
    case 'slice':
      return `[${(v as unknown[]).map((e) => goFmt(e, verb)).join(' ')}]`;
    default: {
      const o = v as Obj;
      const keys = Object.keys(o).sort();
      return `map[${keys.map((k) => `${k}:${goFmt(o[k], verb)}`).join(' ')}]`;
    }
  }
}

function errNoMergeKey(m: Obj, key: string): SmpFailure {
  return internal(`map: ${goFmt(m)} does not contain declared merge key: ${key}`);
}

function errBadArgType(expected: 'map' | 'slice', actual: unknown): SmpFailure {
  const e = expected === 'map' ? 'map[string]interface {}' : '[]interface {}';
  return internal(`expected a ${e}, but received a ${goTypeOf(actual)}`);
}

function errBadPatchType(t: unknown, m: Obj): SmpFailure {
  return internal(`unknown patch type: ${goFmt(t, 's')} in map: ${goFmt(m)}`);
}

/** Go's == on two interface{} values holding decoded JSON. */
function goEq(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'nil' || kb === 'nil') return ka === kb;
  if (ka !== kb) return false;
  if (ka === 'map' || ka === 'slice') {
    throw panicked(`runtime error: comparing uncomparable type ${goTypeOf(a)}`);
  }
  return a === b;
}

/** A value usable as a Go map key (hashable); maps and slices make Go panic. */
function hashable(v: unknown): unknown {
  const k = kindOf(v);
  if (k === 'map' || k === 'slice') throw panicked(`runtime error: hash of unhashable type ${goTypeOf(v)}`);
  return v === undefined ? null : v;
}

// --- schema lookups (LookupPatchMeta) -----------------------------------------

interface FieldMeta {
  sub?: PatchSchemaNode;
  strategies: string[];
  mergeKey: string;
}

const NO_META: FieldMeta = { strategies: [], mergeKey: '' };

function findField(schema: PatchSchemaNode, key: string): PatchSchemaNode | undefined {
  const props = schema.properties;
  if (props) {
    if (hasOwn(props as Obj, key)) return props[key];
    // encoding/json field matching falls back to a case-insensitive match
    const lower = key.toLowerCase();
    for (const name of Object.keys(props)) if (name.toLowerCase() === lower) return props[name];
    return undefined;
  }
  return schema.additionalProperties;
}

function metaOf(node: PatchSchemaNode | undefined): FieldMeta {
  if (!node) return NO_META;
  return {
    sub: node,
    strategies: node.patchStrategy ? node.patchStrategy.split(',') : [],
    mergeKey: node.patchMergeKey ?? '',
  };
}

function lookupForStruct(schema: PatchSchemaNode | undefined, key: string): FieldMeta {
  return schema ? metaOf(findField(schema, key)) : NO_META;
}

function lookupForSlice(schema: PatchSchemaNode | undefined, key: string): FieldMeta {
  const m = lookupForStruct(schema, key);
  return { ...m, sub: m.sub?.items };
}

/** Slice lookup that reports unknown or non-list fields of a struct the way the library does. */
function lookupForSliceStrict(schema: PatchSchemaNode | undefined, key: string): FieldMeta {
  if (schema?.properties) {
    const f = findField(schema, key);
    if (!f) throw internal(`unable to find api field in struct ${schema.name ?? ''} for the json field "${key}"`);
    if (f.type !== 'array') throw internal('expected slice or array type, but got: struct');
  }
  return lookupForSlice(schema, key);
}

/** reflect Kind name of the list element type, as PatchMetaFromStruct.Name() reports it. */
function elementTypeName(schema: PatchSchemaNode | undefined): string {
  if (!schema) return 'interface';
  if (schema.properties) return 'struct';
  if (schema.additionalProperties) return 'map';
  switch (schema.type) {
    case 'array':
      return 'slice';
    case 'string':
      return schema.name ? 'struct' : 'string';
    case 'integer':
      return schema.format === 'int64' ? 'int64' : 'int32';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    default:
      return schema.name ? 'struct' : 'interface';
  }
}

/** The non-retainKeys strategy of a field ("merge", "replace" or ""). */
function otherStrategy(strategies: string[]): string {
  switch (strategies.length) {
    case 0:
      return '';
    case 1:
      return strategies[0] === RETAIN_KEYS_STRATEGY ? '' : strategies[0];
    case 2:
      if (strategies[0] === RETAIN_KEYS_STRATEGY) return strategies[1];
      if (strategies[1] === RETAIN_KEYS_STRATEGY) return strategies[0];
      throw internal(`unexpected patch strategy: [${strategies.join(' ')}]`);
    default:
      throw internal(`unexpected patch strategy: [${strategies.join(' ')}]`);
  }
}

// --- helpers -------------------------------------------------------------------

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST) throw bad(SMP_ERRORS.badPatchFormatForPrimitiveList);
    if (prefix === SET_ELEMENT_ORDER) throw bad(SMP_ERRORS.badPatchFormatForSetElementOrderList);
    throw internal(`fail to find unknown prefix "${prefix}" in ${s}\n`);
  }
  return s.slice(slash + 1);
}

function asMap(v: unknown): Obj {
  if (!isJsonObject(v)) throw errBadArgType('map', v);
  return v;
}

/** Drop maps carrying "$patch" (and list items that are such maps), recursively. */
function removeDirectives(v: unknown): { value: unknown; keep: boolean } {
  if (isJsonObject(v)) {
    if (hasOwn(v, DIRECTIVE)) return { value: undefined, keep: false };
    for (const k of Object.keys(v)) {
      const r = removeDirectives(v[k]);
      if (r.keep) setOwn(v, k, r.value);
      else delete v[k];
    }
    return { value: v, keep: true };
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const e of v) {
      const r = removeDirectives(e);
      if (r.keep) out.push(r.value);
    }
    return { value: out, keep: true };
  }
  return { value: v, keep: true };
}

function discardNulls(v: unknown): void {
  if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNulls(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const e of v) discardNulls(e);
  }
}

function containsDirectiveMarker(v: unknown): boolean {
  return isJsonObject(v) && hasOwn(v, DIRECTIVE);
}

type ElemKind = Exclude<GoKind, 'nil'>;

/** The common element kind of the lists; errors like sliceElementType. */
function sliceElementKind(...lists: unknown[][]): ElemKind {
  let prev: GoKind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = kindOf(v);
      if (prev === undefined) {
        if (k === 'nil') throw panicked('runtime error: invalid memory address or nil pointer dereference');
        prev = k;
        if (k === 'slice') throw new SmpFailure(SMP_ERRORS.noListOfLists, 'unprocessable');
      } else if (prev !== k) {
        throw internal(`list element types are not identical: ${goFmt(lists)}`);
      }
    }
  }
  if (prev === undefined) throw internal('no elements in any of the given slices');
  return prev as ElemKind;
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return goEq(left, right);
  const l = asMap(left);
  const r = asMap(right);
  if (!hasOwn(l, mergeKey)) throw errNoMergeKey(l, mergeKey);
  if (!hasOwn(r, mergeKey)) throw errNoMergeKey(r, mergeKey);
  return goEq(l[mergeKey], r[mergeKey]);
}

function findMapByKeyValue(list: unknown[], key: string, value: unknown): { map: Obj; index: number } | undefined {
  for (let i = 0; i < list.length; i++) {
    const m = list[i];
    if (!isJsonObject(m)) throw internal(`value for key ${i} is not a map`);
    if (hasOwn(m, key) && goEq(m[key], value)) return { map: m, index: i };
  }
  return undefined;
}

/** Split items marked {"$patch": "delete"} from the others (items must be maps). */
function splitDeleteItems(list: unknown[]): { keep: unknown[]; del: unknown[] } {
  const keep: unknown[] = [];
  const del: unknown[] = [];
  for (const v of list) {
    const m = asMap(v);
    if (hasOwn(m, DIRECTIVE) && m[DIRECTIVE] === DELETE) del.push(v);
    else keep.push(v);
  }
  return { keep, del };
}

/** Position of an item in a list: by merge key value for maps, by value otherwise. */
function indexIn(list: unknown[], item: unknown, mergeKey: string, kind: ElemKind): number {
  const val = (x: unknown): unknown => {
    if (kind !== 'map') return x;
    return isJsonObject(x) && hasOwn(x, mergeKey) ? x[mergeKey] : null;
  };
  const want = val(item);
  for (let i = 0; i < list.length; i++) if (goEq(want, val(list[i]))) return i;
  return -1;
}

/** sort.SliceStable: insertion sort for short inputs (exactly what Go runs), stable merge sort otherwise. */
function stableSort<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  const a = items.slice();
  if (a.length <= 20) {
    for (let i = 1; i < a.length; i++) {
      for (let j = i; j > 0 && less(a[j], a[j - 1]); j--) {
        const t = a[j];
        a[j] = a[j - 1];
        a[j - 1] = t;
      }
    }
    return a;
  }
  return a
    .map((v, i) => ({ v, i }))
    .sort((x, y) => (less(x.v, y.v) ? -1 : less(y.v, x.v) ? 1 : x.i - y.i))
    .map((e) => e.v);
}

function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: ElemKind): unknown[] {
  let del: unknown[] = [];
  if (kind === 'map') {
    for (const list of [toSort, order]) {
      for (const item of list) {
        const m = asMap(item);
        if (!hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
      }
    }
    const split = splitDeleteItems(toSort);
    toSort = split.keep;
    del = split.del;
  }
  const sorted = stableSort(toSort, (x, y) => {
    const ix = indexIn(order, x, mergeKey, kind);
    if (ix >= 0) {
      const iy = indexIn(order, y, mergeKey, kind);
      if (iy >= 0) return ix < iy;
    }
    return true;
  });
  return sorted.concat(del);
}

/** Interleave the server-only items into the patch items, keeping each side's order. */
function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: ElemKind): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElemKind,
): unknown[] {
  const p = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

function partitionPrimitives(list: unknown[], by: unknown[]): { inBy: unknown[]; rest: unknown[] } {
  const set = new Set<unknown>(by.map(hashable));
  const inBy: unknown[] = [];
  const rest: unknown[] = [];
  for (const v of list) (set.has(hashable(v)) ? inBy : rest).push(v);
  return { inBy, rest };
}

function partitionMaps(list: unknown[], by: unknown[], mergeKey: string): { inBy: unknown[]; rest: unknown[] } {
  const inBy: unknown[] = [];
  const rest: unknown[] = [];
  for (const v of list) {
    const m = asMap(v);
    if (!hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
    (findMapByKeyValue(by, mergeKey, m[mergeKey]) ? inBy : rest).push(v);
  }
  return { inBy, rest };
}

function partition(list: unknown[], by: unknown[], mergeKey: string): { inBy: unknown[]; rest: unknown[] } {
  return mergeKey ? partitionMaps(list, by, mergeKey) : partitionPrimitives(list, by);
}

// --- merging -------------------------------------------------------------------

function handleMapDirective(directive: unknown, patch: Obj): Obj {
  if (directive === REPLACE) {
    delete patch[DIRECTIVE];
    return patch;
  }
  if (directive === DELETE) return {};
  throw errBadPatchType(directive, patch);
}

function applyRetainKeys(original: Obj, patch: Obj): void {
  if (!hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw bad(SMP_ERRORS.badPatchFormatForRetainKeys);
  const keep = new Set<unknown>(list.map(hashable));
  for (const k of Object.keys(patch)) {
    if (patch[k] === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw bad(SMP_ERRORS.badPatchFormatForRetainKeys);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** Handle every "$setElementOrder/<list>" key (and its list) of the patch. */
function applySetElementOrder(original: Obj, patch: Obj, schema: PatchSchemaNode | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER) || !hasOwn(patch, key)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw errBadArgType('slice', order);
    const listKey = extractKey(key, SET_ELEMENT_ORDER);
    const foundOriginal = hasOwn(original, listKey);
    const foundPatch = hasOwn(patch, listKey);
    let originalList: unknown[] = [];
    let patchList: unknown[] = [];
    if (foundOriginal) {
      const v = original[listKey];
      if (!Array.isArray(v)) throw errBadArgType('slice', v);
      originalList = v;
    }
    if (foundPatch) {
      const v = patch[listKey];
      if (!Array.isArray(v)) throw errBadArgType('slice', v);
      patchList = v;
    }
    const meta = lookupForSliceStrict(schema, listKey);
    const strategy = otherStrategy(meta.strategies);
    validatePatchWithSetOrderList(patchList, order, meta.mergeKey);

    // The library merges into the live list in place, and its later ordering
    // step looks at the live list through the old slice header: entries
    // removed by {"$patch": "delete"} are shifted out and the freed tail slots
    // are overwritten by the first appended patch items. `view` replays that
    // so the resulting order is the server's.
    const view: ListView = { arr: originalList.slice(), len: originalList.length, live: true };
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchList).value as unknown[];
    else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(originalList, patchList, meta.sub, strategy, meta.mergeKey, false, view);
    } else continue;

    const { inBy, rest } = partition(merged, order, meta.mergeKey);
    const kind = sliceElementKind(view.arr, patchList);
    setOwn(original, listKey, normalizeElementOrder(inBy, rest, order, view.arr, meta.mergeKey, kind));
    delete patch[listKey];
  }
}

function validatePatchWithSetOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? splitDeleteItems(patchList).keep : patchList;
  let pi = 0;
  let si = 0;
  while (pi < items.length && si < order.length) {
    if (containsDirectiveMarker(items[pi])) {
      pi++;
      continue;
    }
    if (mergeKeyValueEqual(items[pi], order[si], mergeKey)) pi++;
    si++;
  }
  if (pi < items.length && si >= order.length) {
    throw internal(`The order in patch list:\n${goFmt(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goFmt(order)}\n`);
  }
}

function mergeMap(original: Obj | null, patch: Obj, schema: PatchSchemaNode | undefined): Obj {
  if (hasOwn(patch, DIRECTIVE)) return handleMapDirective(patch[DIRECTIVE], patch);
  const out: Obj = original ?? {};
  applyRetainKeys(out, patch);
  applySetElementOrder(out, patch, schema);

  for (const patchKey of Object.keys(patch)) {
    let key = patchKey;
    const patchV = patch[patchKey];
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const listKey = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
      if (listKey.length > 0) key = listKey;
    }

    if (patchV === null) {
      delete out[key];
      continue;
    }

    if (!hasOwn(out, key) || kindOf(out[key]) !== kindOf(patchV)) {
      if (!isDeleteList) {
        discardNulls(patchV);
        const r = removeDirectives(patchV);
        if (r.keep) setOwn(out, key, r.value);
        else delete out[key];
      }
      continue;
    }

    const cur = out[key];
    if (isJsonObject(cur)) {
      const meta = lookupForStruct(schema, key);
      const strategy = otherStrategy(meta.strategies);
      setOwn(out, key, strategy !== REPLACE ? mergeMap(cur, patchV as Obj, meta.sub) : patchV);
    } else if (Array.isArray(cur)) {
      const meta = lookupForSlice(schema, key);
      const strategy = otherStrategy(meta.strategies);
      setOwn(out, key, mergeSliceHandler(cur, patchV as unknown[], meta.sub, strategy, meta.mergeKey, isDeleteList));
    } else {
      const r = removeDirectives(patchV);
      if (r.keep) setOwn(out, key, r.value);
      else delete out[key];
    }
  }
  return out;
}

/** The live list as seen through its original slice header (see applySetElementOrder). */
interface ListView {
  arr: unknown[];
  /** length of the list being merged, which shares arr's storage while live */
  len: number;
  /** false once the merge works on a different list ({"$patch": "replace"}) */
  live: boolean;
}

function mergeSliceHandler(
  original: unknown[],
  patch: unknown[],
  itemSchema: PatchSchemaNode | undefined,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  view?: ListView,
): unknown[] {
  if (strategy === MERGE || isDeleteList) return mergeSlice(original, patch, itemSchema, mergeKey, isDeleteList, view);
  return patch;
}

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  itemSchema: PatchSchemaNode | undefined,
  mergeKey: string,
  isDeleteList: boolean,
  view?: ListView,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);

  let merged: unknown[];
  if (kind !== 'map') {
    if (isDeleteList) {
      const del = new Set<unknown>(patch.map(hashable));
      return original.filter((v) => !del.has(hashable(v)));
    }
    merged = [];
    for (const v of original.concat(patch)) if (!merged.some((m) => goEq(m, v))) merged.push(v);
  } else {
    if (!mergeKey) throw internal(`cannot merge lists without merge key for ${elementTypeName(itemSchema)}`);
    ({ original, patch } = applyListItemDirectives(original, patch, mergeKey, view));
    merged = mergeListItems(original, patch, mergeKey, itemSchema, view);
  }

  const { inBy, rest } = partition(merged, patch, mergeKey);
  return normalizeElementOrder(inBy, rest, patch, original, mergeKey, kind);
}

/** Process {"$patch": ...} items of a merge list; returns the list to merge into and the remaining patch items. */
function applyListItemDirectives(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  view: ListView | undefined,
): { original: unknown[]; patch: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  for (const v of patch) {
    const item = v as Obj;
    if (!hasOwn(item, DIRECTIVE)) {
      plain.push(v);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === DELETE) {
      if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      const value = item[mergeKey];
      // remove every match, one at a time, shifting the rest down
      for (;;) {
        const hit = findMapByKeyValue(original, mergeKey, value);
        if (!hit) break;
        original = original.slice(0, hit.index).concat(original.slice(hit.index + 1));
        if (view?.live) {
          view.arr.copyWithin(hit.index, hit.index + 1, view.len);
          view.len--;
        }
      }
    } else if (directive === REPLACE) {
      replace = true;
    } else if (directive === MERGE) {
      throw internal('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, item);
    }
  }
  if (replace) {
    if (view) view.live = false;
    return { original: plain, patch: [] };
  }
  return { original, patch: plain };
}

function mergeListItems(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  itemSchema: PatchSchemaNode | undefined,
  view: ListView | undefined,
): unknown[] {
  const out = original.slice();
  for (const v of patch) {
    const item = v as Obj;
    if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    const hit = findMapByKeyValue(out, mergeKey, item[mergeKey]);
    if (hit) {
      const m = mergeMap(hit.map, item, itemSchema);
      out[hit.index] = m;
      if (view?.live && hit.index < view.arr.length) view.arr[hit.index] = m;
    } else {
      out.push(v);
      if (view?.live) {
        if (view.len < view.arr.length) view.arr[view.len] = v;
        view.len++;
      }
    }
  }
  return out;
}

// --- result clean-up -------------------------------------------------------------

function isDirectiveKey(k: string): boolean {
  return (
    k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(SET_ELEMENT_ORDER + '/') || k.startsWith(DELETE_FROM_PRIMITIVE_LIST + '/')
  );
}

function stripDirectiveKeys(v: unknown): void {
  if (Array.isArray(v)) {
    for (const e of v) stripDirectiveKeys(e);
  } else if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (isDirectiveKey(k)) delete v[k];
      else stripDirectiveKeys(v[k]);
    }
  }
}

/**
 * Apply a strategic merge patch to original using the patch metadata of schema
 * (undefined: no metadata, every list is replaced). Pure: inputs are not
 * modified. Throws ApiError with the status the API server would return.
 */
export function applyStrategicMergePatch(original: object, patch: object, schema: PatchSchemaNode | undefined): object {
  if (patch === null || patch === undefined) return cloneJson(original);
  if (!isJsonObject(patch)) throw badRequest(`json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`);
  try {
    const base = isJsonObject(original) ? cloneJson(original) : {};
    const result = mergeMap(base, cloneJson(patch), schema);
    stripDirectiveKeys(result);
    return result;
  } catch (e) {
    if (e instanceof SmpFailure) throw toApiError(e);
    throw e;
  }
}
