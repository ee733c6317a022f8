// CustomResourceDefinition schema machinery: CRD validation, custom resource
// validation, pruning, defaulting, the patch schema, published OpenAPI and
// printer columns. Pure functions over plain JSON; no storage or HTTP.
import type { FieldError } from '../../../machinery/errors.js';
import type { PatchSchemaNode } from '../../../machinery/patch/schema.js';
import { applyStructuralDefaults, pruneNonNullableNulls } from './defaulting.js';
import { validateListSetsAndMaps } from './listtype.js';
import { coerceEmbeddedMetadata, decodeObjectMeta, validateEmbeddedResources } from './objectmeta.js';
import { toPatchSchema as buildPatchSchema } from './patchSchema.js';
import { pruneUnknownFields } from './pruning.js';
import { type Structural, tryStructural } from './structural.js';
import { type JSONObject, type JSONSchemaProps, errInvalid, isInt64, isObj } from './util.js';
import { type SpecSchema, specFromJSONSchemaProps, validateSpec } from './validate.js';

export { validateCRD, validateCRDStatus, crdWarnings, MAX_SELECTABLE_FIELDS } from './crd.js';
export type { ValidateCRDOptions, CompileRule, CELRuleCheck, CELRuleRequest } from './crd.js';
export { publishOpenAPI, definitionName } from './openapi.js';
export type { PublishedDefinitions } from './openapi.js';
export { printerColumnsFor, columnsForVersion, selectableFieldValues } from './table.js';
export type { CustomResourceTable } from './table.js';
export { JSONPath, JSONPathError } from './jsonpath.js';
export type { JSONSchemaProps } from './util.js';
export type { Structural } from './structural.js';

interface Compiled {
  spec: SpecSchema;
  structural?: Structural;
  structuralError?: string;
}

const compiled = new WeakMap<object, Compiled>();

function compile(schema: JSONSchemaProps): Compiled {
  const hit = compiled.get(schema);
  if (hit) return hit;
  const { ss, err } = tryStructural(schema);
  const c: Compiled = { spec: specFromJSONSchemaProps(schema, true), structural: ss, structuralError: err };
  compiled.set(schema, c);
  return c;
}

/** the structural form of a version's openAPIV3Schema (cached per schema object) */
export function structuralOf(schema: JSONSchemaProps): Structural | undefined {
  return compile(schema).structural;
}

export interface ValidateObjectOptions {
  /** the old object of an update: unchanged invalid values are tolerated (ratcheting), list-type checks are skipped when the old object already failed them */
  old?: unknown;
  /** set false to validate an update without ratcheting */
  ratcheting?: boolean;
}

/**
 * Validate a custom resource (or a part of it) against an openAPIV3Schema:
 * the schema's value validations, embedded resources' apiVersion/kind/metadata
 * and list-type set/map uniqueness. `path` is the field path of `obj`;
 * leave it undefined for a whole object (errors at the root are then reported
 * on "<nil>", as upstream does). The root ObjectMeta is not checked here.
 */
export function validateObject(schema: JSONSchemaProps, obj: unknown, path?: string, opts: ValidateObjectOptions = {}): FieldError[] {
  const c = compile(schema);
  const errs = validateSpec(c.spec, obj, path, { old: opts.old, ratcheting: opts.ratcheting });
  if (c.structural) {
    errs.push(...validateEmbeddedResources(path, obj, c.structural, false));
    const oldListErrs = opts.old !== undefined ? validateListSetsAndMaps(path, c.structural, opts.old) : [];
    if (!oldListErrs.length) errs.push(...validateListSetsAndMaps(path, c.structural, obj));
  }
  return errs;
}

export interface PruneOptions {
  /** obj is a resource (root apiVersion/kind/metadata are kept); default true */
  isResourceRoot?: boolean;
}

/** Drop fields the schema does not know, in place; returns their paths ("spec.foo"), sorted */
export function prune(obj: unknown, schema: JSONSchemaProps | undefined, opts: PruneOptions = {}): string[] {
  return pruneUnknownFields(obj, schema ? compile(schema).structural : undefined, opts.isResourceRoot !== false);
}

/** Apply the schema's defaults in place (structural defaulting) */
export function applyDefaults(obj: unknown, schema: JSONSchemaProps | undefined): void {
  if (!schema) return;
  applyStructuralDefaults(obj, compile(schema).structural);
}

/** Drop null values whose schema is neither nullable nor defaulted, in place */
export function pruneNulls(obj: unknown, schema: JSONSchemaProps | undefined): void {
  if (!schema) return;
  pruneNonNullableNulls(obj, compile(schema).structural);
}

export interface NormalizeOptions {
  /** drop metadata fields that do not decode instead of failing (reading from storage) */
  dropInvalidMetadata?: boolean;
}

export interface NormalizeResult {
  /** unknown field paths, for strict field validation ("metadata.foo", "spec.bar", "spec.template.metadata.baz") */
  unknownFields: string[];
  /** a metadata decoding problem (when dropInvalidMetadata is false) */
  error?: FieldError;
}

/**
 * What the custom resource decoder does after decoding an object of the
 * CRD's kind: round-trip the root metadata through ObjectMeta, prune unknown
 * fields, drop non-nullable nulls and coerce embedded resources' metadata.
 * Mutates obj. (Defaulting runs before this in upstream's decoder.)
 */
export function normalizeCustomResource(obj: JSONObject, schema: JSONSchemaProps | undefined, opts: NormalizeOptions = {}): NormalizeResult {
  const unknownFields: string[] = [];
  const ss = schema ? compile(schema).structural : undefined;
  if (Object.prototype.hasOwnProperty.call(obj, 'metadata')) {
    const d = decodeObjectMeta(obj.metadata, undefined, !!opts.dropInvalidMetadata);
    if (d.error !== undefined && !opts.dropInvalidMetadata) return { unknownFields, error: errInvalid('metadata', obj.metadata, d.error) };
    unknownFields.push(...d.unknownFields);
    if (d.meta) obj.metadata = d.meta;
  }
  unknownFields.push(...pruneUnknownFields(obj, ss, true));
  pruneNonNullableNulls(obj, ss);
  const c = coerceEmbeddedMetadata(undefined, obj, ss, false, !!opts.dropInvalidMetadata);
  if (c.error) return { unknownFields, error: c.error };
  unknownFields.push(...c.unknownFields);
  return { unknownFields };
}

/** PatchSchemaNode of a custom resource for the merge/apply engines */
export function toPatchSchema(schema: JSONSchemaProps | undefined): PatchSchemaNode {
  return buildPatchSchema(schema);
}

// ---- scale subresource paths ------------------------------------------------------------------------

function nestedInt64(obj: unknown, path: string): { value: number; error?: string } {
  const fields = path.replace(/^\./, '').split('.');
  let cur: unknown = obj;
  for (let i = 0; i < fields.length; i++) {
    if (!isObj(cur)) {
      const p = `.${fields.slice(0, i).join('.')}`;
      return { value: 0, error: `${p} accessor error: ${goSprint(cur)} is of the type ${goType(cur)}, expected map[string]interface{}` };
    }
    if (!Object.prototype.hasOwnProperty.call(cur, fields[i])) return { value: 0 };
    cur = cur[fields[i]];
  }
  if (typeof cur === 'number' && isInt64(cur)) return { value: cur };
  return { value: 0, error: `.${fields.join('.')} accessor error: ${goSprint(cur)} is of the type ${goType(cur)}, expected int64` };
}

function goType(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isInt64(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (isObj(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goSprint(v[k])}`).join(' ')}]`;
  return String(v);
}

export interface ScaleSubresource {
  specReplicasPath?: string;
  statusReplicasPath?: string;
  labelSelectorPath?: string;
}

/** the checks of a custom resource's replicas and selector paths (ValidateScaleSpec + ValidateScaleStatus) */
export function validateScale(obj: unknown, scale: ScaleSubresource, which: { spec?: boolean; status?: boolean } = { spec: true, status: true }): FieldError[] {
  const errs: FieldError[] = [];
  const check = (p: string | undefined): void => {
    if (p === undefined) return;
    const r = nestedInt64(obj, p);
    if (r.error) errs.push(errInvalid(p, r.value, r.error));
    else if (r.value < 0) errs.push(errInvalid(p, r.value, 'should be a non-negative integer'));
    else if (r.value > 2147483647) errs.push(errInvalid(p, r.value, 'should be less than or equal to 2147483647'));
  };
  if (which.spec !== false) check(scale.specReplicasPath);
  if (which.status !== false) {
    check(scale.statusReplicasPath);
    if (scale.labelSelectorPath !== undefined) {
      const fields = scale.labelSelectorPath.replace(/^\./, '').split('.');
      let cur: unknown = obj;
      let err: string | undefined;
      for (let i = 0; i < fields.length && cur !== undefined; i++) {
        if (!isObj(cur)) {
          err = `.${fields.slice(0, i).join('.')} accessor error: ${goSprint(cur)} is of the type ${goType(cur)}, expected map[string]interface{}`;
          break;
        }
        cur = Object.prototype.hasOwnProperty.call(cur, fields[i]) ? cur[fields[i]] : undefined;
      }
      if (!err && cur !== undefined && typeof cur !== 'string') err = `.${fields.join('.')} accessor error: ${goSprint(cur)} is of the type ${goType(cur)}, expected string`;
      if (err) errs.push(errInvalid(scale.labelSelectorPath, '', err));
    }
  }
  return errs;
}
