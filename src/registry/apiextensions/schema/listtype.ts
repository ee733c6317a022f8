// Uniqueness of x-kubernetes-list-type=set items and map keys of
// x-kubernetes-list-type=map lists in custom resources.
import type { FieldError } from '../../../machinery/errors.js';
import type { Structural } from './structural.js';
import { type FieldPath, errDuplicate, errInvalid, goJSON, isObj, pchild, pindex, pkey, sortDeep, sortedKeys } from './util.js';

/** ValidateListSetsAndMaps over an object (fldPath undefined = the resource root) */
export function validateListSetsAndMaps(fldPath: FieldPath, s: Structural | undefined, obj: unknown): FieldError[] {
  if (!s || !isObj(obj)) return [];
  const errs: FieldError[] = [];
  if (s.additionalProperties?.structural) {
    for (const k of sortedKeys(obj)) errs.push(...validateValue(pkey(fldPath, k), s.additionalProperties.structural, obj[k]));
  }
  if (s.properties) {
    for (const k of sortedKeys(obj)) {
      const sub = s.properties[k];
      if (sub) errs.push(...validateValue(pchild(fldPath, k), sub, obj[k]));
    }
  }
  return errs;
}

function validateValue(fldPath: string, s: Structural, v: unknown): FieldError[] {
  if (Array.isArray(v)) return validateArray(fldPath, s, v);
  if (isObj(v)) return validateListSetsAndMaps(fldPath, s, v);
  return [];
}

function validateArray(fldPath: string, s: Structural, list: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  if (s.xListType === 'set') {
    for (const i of nonUnique(list)) errs.push(errDuplicate(pindex(fldPath, i), sortDeep(list[i])));
  } else if (s.xListType === 'map') {
    errs.push(...validateListMap(fldPath, s, list));
  }
  if (s.items) list.forEach((x, i) => errs.push(...validateValue(pindex(fldPath, i), s.items as Structural, x)));
  return errs;
}

const UNSPECIFIED = Symbol('unspecified');

function scalarKey(x: unknown): string {
  if (x === UNSPECIFIED) return 'u:';
  if (x === null || x === undefined) return 'n:';
  return `${typeof x}:${String(x)}`;
}

/** indices of the second occurrence of every repeated value */
function nonUnique(list: unknown[]): number[] {
  if (list.length <= 1) return [];
  const seen = new Map<string, number>();
  const out: number[] = [];
  list.forEach((x, i) => {
    const k = isObj(x) || Array.isArray(x) ? `c:${goJSON(x)}` : scalarKey(x);
    const times = seen.get(k);
    if (times === undefined) seen.set(k, 1);
    else {
      seen.set(k, times + 1);
      if (times === 1) out.push(i);
    }
  });
  return out;
}

function validateListMap(fldPath: string, s: Structural, list: unknown[]): FieldError[] {
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x !== null && x !== undefined && !isObj(x)) return [errInvalid(pindex(fldPath, i), x, 'must be an object for an array of list-type map')];
  }
  if (list.length <= 1) return [];
  const keyFields = s.xListMapKeys ?? [];
  if (keyFields.length === 1) {
    const kf = keyFields[0];
    const keys = list.map((x) => (isObj(x) && Object.prototype.hasOwnProperty.call(x, kf) ? x[kf] : UNSPECIFIED));
    return nonUnique(keys).map((i) => errDuplicate(pindex(fldPath, i), keys[i] === UNSPECIFIED ? {} : sortDeep({ [kf]: keys[i] })));
  }
  const keys = list.map((x) => {
    const key: Record<string, unknown> = {};
    if (isObj(x)) for (const kf of keyFields) if (Object.prototype.hasOwnProperty.call(x, kf)) key[kf] = x[kf];
    return key;
  });
  return nonUnique(keys).map((i) => errDuplicate(pindex(fldPath, i), sortDeep(keys[i])));
}
