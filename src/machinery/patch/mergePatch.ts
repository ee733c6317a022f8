// JSON merge patch (RFC 7386) with the exact behaviour of the library the
// Kubernetes API server uses for application/merge-patch+json
// (gopkg.in/evanphx/json-patch.v4, MergePatch), including its quirks:
//  - null patch values delete keys; nulls inside values that are added or
//    that replace a non-object are pruned (recursively through objects and
//    arrays, but array elements that are themselves null are kept);
//  - when the current value is an object and the patch value is not, the
//    patch value is taken verbatim (nulls inside it are NOT pruned);
//  - a top-level array patch yields that array (nulls pruned), and a
//    top-level null or scalar patch is rejected with 400 "Invalid JSON Patch".
import { ApiError, badRequest } from '../errors.js';

type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Set an own, enumerable member (safe for a key named "__proto__"). */
export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

export function hasOwn(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Deep copy of a JSON value (undefined stays undefined). */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map((e) => cloneJson(e)) as T;
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) setOwn(out, k, cloneJson(v[k]));
    return out as T;
  }
  return v;
}

/** Copy of v without null-valued object members (recursing through objects and arrays). */
function pruned(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((e) => (e === null ? null : pruned(e)));
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) {
      if (v[k] === null) continue;
      setOwn(out, k, pruned(v[k]));
    }
    return out;
  }
  return v;
}

function mergeValue(cur: unknown, patch: unknown): unknown {
  if (!isJsonObject(cur)) return pruned(patch);
  if (!isJsonObject(patch)) return cloneJson(patch);
  return mergeObjects(cur, patch);
}

function mergeObjects(doc: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(doc)) setOwn(out, k, cloneJson(doc[k]));
  for (const k of Object.keys(patch)) {
    const pv = patch[k];
    if (pv === null) {
      delete out[k];
      continue;
    }
    const cv = hasOwn(doc, k) ? doc[k] : undefined;
    setOwn(out, k, cv === undefined || cv === null ? pruned(pv) : mergeValue(cv, pv));
  }
  return out;
}

/**
 * Apply an RFC 7386 merge patch. Pure: neither argument is modified.
 * Throws 400 "Invalid JSON Patch" when the patch is null or a scalar.
 * A non-object target is treated as absent (the patch, nulls pruned, is the result).
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  // The library refuses a null document outright; the server passes that
  // error through unconverted, so it surfaces as a 500 with no reason.
  if (target === null) throw new ApiError(500, '', 'Invalid JSON Document');
  if (Array.isArray(patch)) return pruned(patch);
  if (!isJsonObject(patch)) throw badRequest('Invalid JSON Patch');
  if (!isJsonObject(target)) return pruned(patch);
  return mergeObjects(target, patch);
}
