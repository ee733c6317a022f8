// JSON patch (RFC 6902) as the Kubernetes API server applies
// application/json-patch+json (k8s.io/apiserver pkg/endpoints/handlers/patch.go,
// which uses gopkg.in/evanphx/json-patch.v4).
//
// Own implementation rather than fast-json-patch, because the server's library
// deviates from the RFC in ways clients can observe and fast-json-patch follows
// the RFC:
//  - "replace" of a missing object member adds it instead of failing;
//  - "add"/"remove"/"move"/"copy" on the whole document (path "") fail;
//    "replace" with path "" swaps the whole document (object/array values only);
//  - negative array indices count from the end (add at -1 appends);
//  - "copy" from a missing object member inserts null;
//  - "test" treats a missing member, a null member and an omitted/null value
//    as equal;
//  - the first path segment is never looked up (a path without a leading "/"
//    addresses the document root's member named by its last segment);
//  - a patch that is JSON null is an empty patch.
//
// Server error mapping (patch.go applyJSPatch):
//  - body that does not decode as a list of operations: 400 BadRequest
//    "error decoding patch: <decoder message>";
//  - more than 10000 operations: 413;
//  - any failure while applying (including a failed "test"): 422 built with
//    NewGenericServerResponse, whose message is the fixed text "the server
//    rejected our request due to an error in our request" (the library's own
//    message is dropped; we keep it as the error's `cause`);
//  - inputs on which the library dereferences nil (replace of "" without a
//    value, "test" of "" without a value, comparing arrays holding null): the
//    panic-recovery 500.
import { ApiError, badRequest, tooLarge } from '../errors.js';
import { cloneJson, hasOwn, isJsonObject, setOwn } from './mergePatch.js';

type JsonObject = Record<string, unknown>;
type Container = JsonObject | unknown[];

export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** The 422 the server returns for patch application failures (NewGenericServerResponse(422, ...)). */
export function patchUnprocessable(detail: string): ApiError {
  const err = new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
  err.cause = new Error(detail);
  return err;
}

/** Name of a JSON value's kind as Go's decoder reports it in type errors. */
export function goJsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

/**
 * What the client sees when the Go code panics: the panic-recovery filter
 * (k8s.io/apiserver/pkg/server/filters/wrap.go) answers a plain 500. The
 * runtime's message is kept as the cause.
 */
export function serverPanic(detail: string): ApiError {
  const err = new ApiError(500, 'InternalError', 'This request caused apiserver to panic. Look in the logs for details.');
  err.cause = new Error(detail);
  return err;
}

class PatchFailure extends Error {}
class PatchPanic extends Error {}

const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

const fail = (msg: string): never => {
  throw new PatchFailure(msg);
};

const MISSING = 'missing value';
const BAD_INDEX = 'invalid index referenced';

function decodeToken(t: string): string {
  return t.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** strconv.Atoi semantics: optional sign and decimal digits, 64-bit range. */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) fail(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const big = BigInt(s);
  if (big > 9223372036854775807n || big < -9223372036854775808n) fail(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return Number(big);
}

// --- container primitives (mirroring partialDoc / partialArray) -------------

function cGet(c: Container, key: string): unknown {
  if (!Array.isArray(c)) return hasOwn(c, key) ? c[key] : undefined;
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -c.length) fail(`Unable to access invalid index: ${idx}: ${BAD_INDEX}`);
    idx += c.length;
  }
  if (idx >= c.length) fail(`Unable to access invalid index: ${idx}: ${BAD_INDEX}`);
  return c[idx];
}

function cSet(c: Container, key: string, val: unknown): void {
  if (!Array.isArray(c)) {
    setOwn(c, key, val);
    return;
  }
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -c.length) fail(`Unable to access invalid index: ${idx}: ${BAD_INDEX}`);
    idx += c.length;
  }
  c[idx] = val;
}

function cAdd(c: Container, key: string, val: unknown): void {
  if (!Array.isArray(c)) {
    setOwn(c, key, val);
    return;
  }
  if (key === '-') {
    c.push(val);
    return;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (e) {
    return fail(`value was not a proper array index: '${key}': ${(e as Error).message}`);
  }
  const size = c.length + 1;
  if (idx >= size) fail(`Unable to access invalid index: ${idx}: ${BAD_INDEX}`);
  if (idx < 0) {
    if (idx < -size) fail(`Unable to access invalid index: ${idx}: ${BAD_INDEX}`);
    idx += size;
  }
  c.splice(idx, 0, val);
}

function cRemove(c: Container, key: string): void {
  if (!Array.isArray(c)) {
    if (!hasOwn(c, key)) fail(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
    delete c[key];
    return;
  }
  let idx = atoi(key);
  if (idx >= c.length) fail(`Unable to access invalid index: ${idx}: ${BAD_INDEX}`);
  if (idx < 0) {
    if (idx < -c.length) fail(`Unable to access invalid index: ${idx}: ${BAD_INDEX}`);
    idx += c.length;
  }
  c.splice(idx, 1);
}

/** Parent container and final (decoded) token of a path, or undefined when the parent cannot be reached. */
function findParent(root: Container, path: string): { con: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let doc: Container = root;
  for (const part of split.slice(1, -1)) {
    let next: unknown;
    try {
      next = cGet(doc, decodeToken(part));
    } catch (e) {
      if (e instanceof PatchFailure) return undefined;
      throw e;
    }
    if (Array.isArray(next) || isJsonObject(next)) doc = next;
    else return undefined;
  }
  return { con: doc, key: decodeToken(split[split.length - 1]) };
}

function wrap(prefix: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof PatchFailure) fail(`${prefix}: ${e.message}`);
    throw e;
  }
}

// --- equality used by "test" -------------------------------------------------

function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      // the library dereferences null array elements while comparing
      if (a[i] === null || b[i] === null) throw new PatchPanic(NIL_DEREF);
      if (!jsonEqual(a[i], b[i])) return false;
    }
    return true;
  }
  if (a === b) return true;
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

// --- operations -------------------------------------------------------------

interface Op {
  raw: JsonObject | null;
}

function field(op: Op, name: string): unknown {
  return op.raw && hasOwn(op.raw, name) ? op.raw[name] : undefined;
}

function opKind(op: Op): string {
  const k = field(op, 'op');
  return typeof k === 'string' ? k : 'unknown';
}

/** Operation.Path()/From(): a missing or null member is an error, as is a non-string. */
function opString(op: Op, name: 'path' | 'from'): string {
  const v = field(op, name);
  if (v === undefined || v === null) {
    return fail(name === 'path' ? `operation missing path field: ${MISSING}` : `operation, missing from field: ${MISSING}`);
  }
  if (typeof v !== 'string') return fail(`json: cannot unmarshal ${goJsonKind(v)} into Go value of type string`);
  return v;
}

/** Value member: undefined when omitted, null when explicitly null. */
function opValue(op: Op): unknown {
  return field(op, 'value');
}

interface DocState {
  root: Container;
}

function doAdd(st: DocState, op: Op): void {
  let path: string;
  try {
    path = opString(op, 'path');
  } catch {
    return fail(`add operation failed to decode path: ${MISSING}`);
  }
  const p = findParent(st.root, path);
  if (!p) fail(`add operation does not apply: doc is missing path: "${path}": ${MISSING}`);
  const v = opValue(op);
  wrap(`error in add for path: '${path}'`, () => cAdd(p!.con, p!.key, v === undefined ? null : cloneJson(v)));
}

function doRemove(st: DocState, op: Op): void {
  let path: string;
  try {
    path = opString(op, 'path');
  } catch {
    return fail(`remove operation failed to decode path: ${MISSING}`);
  }
  const p = findParent(st.root, path);
  if (!p) fail(`remove operation does not apply: doc is missing path: "${path}": ${MISSING}`);
  wrap(`error in remove for path: '${path}'`, () => cRemove(p!.con, p!.key));
}

function doReplace(st: DocState, op: Op): void {
  let path: string;
  try {
    path = opString(op, 'path');
  } catch (e) {
    return fail(`replace operation failed to decode path: ${(e as Error).message}`);
  }
  if (path === '') {
    const v = opValue(op);
    if (v === undefined) throw new PatchPanic(NIL_DEREF);
    if (!Array.isArray(v) && !isJsonObject(v)) fail('replace operation value must be object or array: %!w(<nil>)');
    st.root = cloneJson(v as Container);
    return;
  }
  const p = findParent(st.root, path);
  if (!p) fail(`replace operation does not apply: doc is missing path: ${path}: ${MISSING}`);
  try {
    cGet(p!.con, p!.key);
  } catch (e) {
    if (e instanceof PatchFailure) fail(`replace operation does not apply: doc is missing key: ${path}: ${MISSING}`);
    throw e;
  }
  const v = opValue(op);
  wrap(`error in remove for path: '${path}'`, () => cSet(p!.con, p!.key, v === undefined ? null : cloneJson(v)));
}

function doMove(st: DocState, op: Op): void {
  let from: string;
  try {
    from = opString(op, 'from');
  } catch (e) {
    return fail(`move operation failed to decode from: ${(e as Error).message}`);
  }
  const src = findParent(st.root, from);
  if (!src) fail(`move operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
  let val: unknown;
  wrap(`error in move for path: '${src!.key}'`, () => {
    val = cGet(src!.con, src!.key);
  });
  wrap(`error in move for path: '${src!.key}'`, () => cRemove(src!.con, src!.key));
  let path: string;
  try {
    path = opString(op, 'path');
  } catch (e) {
    return fail(`move operation failed to decode path: ${(e as Error).message}`);
  }
  const dst = findParent(st.root, path);
  if (!dst) fail(`move operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
  wrap(`error in move for path: '${path}'`, () => cAdd(dst!.con, dst!.key, val === undefined ? null : val));
}

function doCopy(st: DocState, op: Op): void {
  let from: string;
  try {
    from = opString(op, 'from');
  } catch (e) {
    return fail(`copy operation failed to decode from: ${(e as Error).message}`);
  }
  const src = findParent(st.root, from);
  if (!src) fail(`copy operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
  let val: unknown;
  wrap(`error in copy for from: '${from}'`, () => {
    val = cGet(src!.con, src!.key);
  });
  let path: string;
  try {
    path = opString(op, 'path');
  } catch {
    return fail(`copy operation failed to decode path: ${MISSING}`);
  }
  const dst = findParent(st.root, path);
  if (!dst) fail(`copy operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
  wrap('error while adding value during copy', () => cAdd(dst!.con, dst!.key, val === undefined ? null : cloneJson(val)));
}

function doTest(st: DocState, op: Op): void {
  let path: string;
  try {
    path = opString(op, 'path');
  } catch (e) {
    return fail(`test operation failed to decode path: ${(e as Error).message}`);
  }
  const want = opValue(op);
  if (path === '') {
    if (want === undefined) throw new PatchPanic(NIL_DEREF);
    if (jsonEqual(st.root, want)) return;
    fail(`testing value ${path} failed: test failed`);
  }
  const p = findParent(st.root, path);
  if (!p) fail(`test operation does not apply: is missing path: ${path}: ${MISSING}`);
  let got: unknown;
  wrap(`error in test for path: '${path}'`, () => {
    got = cGet(p!.con, p!.key);
  });
  const gotNil = got === undefined || got === null;
  const wantNil = want === undefined || want === null;
  if (gotNil ? wantNil : !wantNil && jsonEqual(got, want)) return;
  fail(`testing value ${path} failed: test failed`);
}

/**
 * Decode a JSON patch body the way the server does before applying it
 * (strict decode into a list of {op, path, from, value}, then the library's
 * own decode). Returns the operations; throws 400/413 ApiErrors.
 */
function decodeOps(ops: unknown): Op[] {
  if (ops === undefined) throw badRequest('error decoding patch: unexpected end of JSON input');
  if (ops === null) return [];
  if (!Array.isArray(ops)) {
    throw badRequest(`error decoding patch: json: cannot unmarshal ${goJsonKind(ops)} into Go value of type []handlers.jsonPatchOp`);
  }
  for (const el of ops) {
    if (el === null) continue;
    if (!isJsonObject(el)) {
      throw badRequest(`error decoding patch: json: cannot unmarshal ${goJsonKind(el)} into Go value of type handlers.jsonPatchOp`);
    }
    for (const k of Object.keys(el)) {
      if (k !== 'op' && k !== 'path' && k !== 'from') continue;
      const v = el[k];
      if (v !== null && typeof v !== 'string') {
        throw badRequest(`error decoding patch: json: cannot unmarshal ${goJsonKind(v)} into Go struct field jsonPatchOp.${k} of type string`);
      }
    }
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw tooLarge(`Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`);
  }
  return ops.map((el) => ({ raw: el === null ? null : (el as JsonObject) }));
}

/**
 * Apply an RFC 6902 JSON patch (a parsed JSON value: normally an array of
 * operation objects) to target. Pure: target and ops are not modified.
 */
export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  const list = decodeOps(ops);
  if (!Array.isArray(target) && !isJsonObject(target)) {
    // The server always patches an encoded object; anything else cannot be walked.
    if (list.length === 0) return cloneJson(target);
    throw patchUnprocessable('document is not an object or array');
  }
  const st: DocState = { root: cloneJson(target as Container) };
  try {
    for (const op of list) {
      const kind = opKind(op);
      switch (kind) {
        case 'add':
          doAdd(st, op);
          break;
        case 'remove':
          doRemove(st, op);
          break;
        case 'replace':
          doReplace(st, op);
          break;
        case 'move':
          doMove(st, op);
          break;
        case 'copy':
          doCopy(st, op);
          break;
        case 'test':
          doTest(st, op);
          break;
        default:
          fail(`Unexpected kind: ${kind}`);
      }
    }
  } catch (e) {
    if (e instanceof PatchFailure) throw patchUnprocessable(e.message);
    if (e instanceof PatchPanic) throw serverPanic(e.message);
    throw e;
  }
  return st.root;
}
