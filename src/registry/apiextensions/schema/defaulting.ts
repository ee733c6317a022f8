// Structural defaulting of custom resources, dropping of nulls the schema
// does not allow, and the CRD-time checks that every default validates
// against its schema, results in valid metadata and has no unknown fields.
import type { FieldError } from '../../../machinery/errors.js';
import { coerceEmbeddedMetadata, emptyStructural, validateEmbeddedResources } from './objectmeta.js';
import { pruneUnknownFields } from './pruning.js';
import type { Structural } from './structural.js';
import { type FieldPath, aggregateString, deepCopy, deepEqualJSON, errInvalid, isObj, pchild, pkey, sortedKeys } from './util.js';
import { specFromStructural, validateSpec } from './validate.js';

function isNonNullableNull(x: unknown, s: Structural | undefined): boolean {
  return x === null && !!s && !s.nullable;
}

/** Apply defaults in place: absent fields (and nulls a non-nullable schema has a default for) get the default */
export function applyStructuralDefaults(x: unknown, s: Structural | undefined): void {
  if (!s) return;
  if (isObj(x)) {
    for (const k of sortedKeys(s.properties ?? {})) {
      const prop = (s.properties as Record<string, Structural>)[k];
      if (prop.default === undefined) continue;
      if (!Object.prototype.hasOwnProperty.call(x, k) || x[k] === undefined || isNonNullableNull(x[k], prop)) x[k] = deepCopy(prop.default);
    }
    for (const k of Object.keys(x)) {
      const prop = s.properties?.[k];
      if (prop) applyStructuralDefaults(x[k], prop);
      else if (s.additionalProperties) {
        const ap = s.additionalProperties.structural;
        if (isNonNullableNull(x[k], ap) && ap && ap.default !== undefined) x[k] = deepCopy(ap.default);
        applyStructuralDefaults(x[k], ap);
      }
    }
  } else if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (isNonNullableNull(x[i], s.items) && s.items && s.items.default !== undefined) x[i] = deepCopy(s.items.default);
      applyStructuralDefaults(x[i], s.items);
    }
  }
}

function schemaForField(k: string, s: Structural | undefined): Structural | undefined {
  if (!s) return undefined;
  return s.properties?.[k] ?? s.additionalProperties?.structural;
}

/** PruneNonNullableNullsWithoutDefaults: drop null fields whose schema is neither nullable nor defaulted */
export function pruneNonNullableNulls(x: unknown, s: Structural | undefined): void {
  if (isObj(x)) {
    for (const k of Object.keys(x)) {
      const schema = schemaForField(k, s);
      if (x[k] === null && schema && !schema.nullable && schema.default === undefined) delete x[k];
      else pruneNonNullableNulls(x[k], schema);
    }
  } else if (Array.isArray(x)) {
    for (const v of x) pruneNonNullableNulls(v, s?.items);
  }
}

// ---- ValidateDefaults -------------------------------------------------------------------------

type Step = { key: string } | { index: true };

/** the object surrounding a default inside (embedded) resource metadata: {apiVersion, kind, ...path: default} */
function surround(steps: Step[], value: unknown): Record<string, unknown> | string {
  let v: unknown = deepCopy(value);
  for (let i = steps.length - 1; i >= 0; i--) {
    const st = steps[i];
    if ('index' in st) v = [v];
    else v = { [st.key]: v };
  }
  if (!isObj(v)) return 'object root default value must be of object type';
  if (!Object.prototype.hasOwnProperty.call(v, 'kind')) v.kind = 'Validation';
  if (!Object.prototype.hasOwnProperty.call(v, 'apiVersion')) v.apiVersion = 'validation/v1';
  return v;
}

export interface DefaultsValidationOptions {
  requirePrunedDefaults: boolean;
  /** evaluate x-kubernetes-validations rules against a default (the CEL engine lives elsewhere) */
  celValidate?: (schema: Structural, value: unknown, path: string) => FieldError[];
}

/** ValidateDefaults: every default must validate, be pruned and result in valid metadata */
export function validateDefaults(pth: FieldPath, s: Structural, isResourceRoot: boolean, opts: DefaultsValidationOptions): FieldError[] {
  let schema = s;
  if (isResourceRoot && !schema.xEmbeddedResource) schema = { ...schema, xEmbeddedResource: true };
  return walkDefaults(pth, schema, schema, [], false, opts);
}

function walkDefaults(pth: FieldPath, s: Structural | undefined, root: Structural, steps: Step[], insideMeta: boolean, opts: DefaultsValidationOptions): FieldError[] {
  if (!s) return [];
  let rootSchema = root;
  let st = steps;
  let inMeta = insideMeta;
  if (s.xEmbeddedResource) {
    inMeta = false;
    st = [];
    rootSchema = s;
  }
  const errs: FieldError[] = [];
  const dpath = pchild(pth, 'default');
  if (s.default !== undefined) {
    const spec = specFromStructural(s);
    if (inMeta) {
      const obj = surround(st, s.default);
      if (typeof obj === 'string') throw new Error(`failed to validate default value inside metadata: ${obj}`);
      const c = coerceEmbeddedMetadata(undefined, obj, rootSchema, true, false);
      if (c.error) errs.push(errInvalid(dpath, s.default, `must result in valid metadata: ${aggregateString([c.error])}`));
      else {
        const me = validateEmbeddedResources(undefined, obj, rootSchema, true);
        if (me.length) errs.push(errInvalid(dpath, s.default, `must result in valid metadata: ${aggregateString(me)}`));
        else {
          const ve = validateSpec(spec, s.default, dpath);
          if (ve.length) errs.push(...ve);
          else if (opts.celValidate) errs.push(...opts.celValidate(s, s.default, dpath));
        }
      }
    } else {
      if (opts.requirePrunedDefaults) {
        const pruned = deepCopy(s.default);
        pruneUnknownFields(pruned, s, s.xEmbeddedResource);
        if (!deepEqualJSON(pruned, s.default)) errs.push(errInvalid(dpath, s.default, 'must not have unknown fields'));
      }
      const copy = deepCopy(s.default);
      const c = coerceEmbeddedMetadata(dpath, copy, s, s.xEmbeddedResource, false);
      if (c.error) errs.push(c.error);
      else {
        const me = validateEmbeddedResources(dpath, copy, s, s.xEmbeddedResource);
        if (me.length) errs.push(...me);
        else {
          const ve = validateSpec(spec, copy, dpath);
          if (ve.length) errs.push(...ve);
          else if (opts.celValidate) errs.push(...opts.celValidate(s, copy, dpath));
        }
      }
    }
  }
  if (s.items) errs.push(...walkDefaults(pchild(pth, 'items'), s.items, rootSchema, [...st, { index: true }], inMeta, opts));
  for (const k of sortedKeys(s.properties ?? {})) {
    const sub = (s.properties as Record<string, Structural>)[k];
    const subMeta = inMeta || (s.xEmbeddedResource && (k === 'metadata' || k === 'apiVersion' || k === 'kind'));
    errs.push(...walkDefaults(pkey(pchild(pth, 'properties'), k), sub, rootSchema, [...st, { key: k }], subMeta, opts));
  }
  return errs;
}

/** does pruning change any default (PruneDefaults reports a change)? */
export function hasUnprunedDefaults(s: Structural): boolean {
  const root = s;
  const visit = (x: Structural | undefined, steps: Step[]): boolean => {
    if (!x) return false;
    if (x.default !== undefined) {
      const obj = surround(steps, x.default);
      if (typeof obj !== 'string') {
        const before = deepCopy(obj);
        coerceEmbeddedMetadata(undefined, obj, root, true, true);
        pruneUnknownFields(obj, root, true);
        if (!deepEqualJSON(before, obj)) return true;
      }
    }
    if (x.additionalProperties?.structural && visit(x.additionalProperties.structural, [...steps, { key: '*' }])) return true;
    if (visit(x.items, [...steps, { index: true }])) return true;
    for (const k of Object.keys(x.properties ?? {})) if (visit((x.properties as Record<string, Structural>)[k], [...steps, { key: k }])) return true;
    return false;
  };
  return visit(s, []);
}

export { emptyStructural };
