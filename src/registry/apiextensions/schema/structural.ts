// Structural schemas: the typed skeleton of a CRD's openAPIV3Schema that
// pruning, defaulting, list-type and embedded-ObjectMeta handling walk, plus
// the check that a schema is structural (types everywhere, value validations
// only in allOf/anyOf/oneOf/not that do not introduce new structure).
import type { FieldError } from '../../../machinery/errors.js';
import { compileGoRegexp, GoRegexpError } from '../../../machinery/regex/goRegexp.js';
import {
  type FieldPath,
  type JSONObject,
  type JSONSchemaProps,
  errForbidden,
  errInvalid,
  errRequired,
  fieldErrorString,
  has,
  isObj,
  pchild,
  pindex,
  pkey,
  pstr,
  sortedKeys,
} from './util.js';

export interface Generic {
  description: string;
  type: string;
  title: string;
  /** undefined when the schema has no default */
  default?: unknown;
  nullable: boolean;
}

export interface Extensions {
  xPreserveUnknownFields: boolean;
  xEmbeddedResource: boolean;
  xIntOrString: boolean;
  xListMapKeys?: string[];
  xListType?: string;
  xMapType?: string;
}

/** the value keywords of a schema node, shared by the structural and the validation forms */
export interface ValueKeywords {
  format: string;
  maximum?: number;
  exclusiveMaximum: boolean;
  minimum?: number;
  exclusiveMinimum: boolean;
  maxLength?: number;
  minLength?: number;
  pattern: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems: boolean;
  multipleOf?: number;
  enum?: unknown[];
  maxProperties?: number;
  minProperties?: number;
  required?: string[];
}

export interface ValueValidation extends ValueKeywords {
  allOf?: NestedValueValidation[];
  oneOf?: NestedValueValidation[];
  anyOf?: NestedValueValidation[];
  not?: NestedValueValidation;
}

export interface NestedValueValidation {
  vv: ValueValidation;
  xValidations?: unknown[];
  items?: NestedValueValidation;
  properties?: Record<string, NestedValueValidation>;
  additionalProperties?: NestedValueValidation;
  forbiddenGenerics: Generic;
  forbiddenExtensions: Extensions;
}

export interface Structural extends Generic, Extensions {
  items?: Structural;
  properties?: Record<string, Structural>;
  additionalProperties?: { structural?: Structural; bool: boolean };
  xValidations?: unknown[];
  valueValidation?: ValueValidation;
}

export class StructuralError extends Error {}

// ---- raw JSONSchemaProps accessors --------------------------------------------------

export function rawStr(s: JSONObject, k: string): string {
  return typeof s[k] === 'string' ? (s[k] as string) : '';
}

export function rawNum(s: JSONObject, k: string): number | undefined {
  return typeof s[k] === 'number' ? (s[k] as number) : undefined;
}

export function rawBool(s: JSONObject, k: string): boolean {
  return s[k] === true;
}

/** the default value of a schema node; `default: null` decodes to no default */
export function rawDefault(s: JSONObject): unknown {
  return s.default === null ? undefined : s.default;
}

export function rawSchemaMap(s: JSONObject, k: string): Record<string, JSONSchemaProps> | undefined {
  const v = s[k];
  if (!isObj(v)) return undefined;
  const out: Record<string, JSONSchemaProps> = {};
  for (const key of Object.keys(v)) out[key] = isObj(v[key]) ? (v[key] as JSONSchemaProps) : {};
  return out;
}

export function rawSchemaList(s: JSONObject, k: string): JSONSchemaProps[] | undefined {
  const v = s[k];
  if (!Array.isArray(v)) return undefined;
  return v.map((x) => (isObj(x) ? x : {}));
}

export interface RawItems {
  schema?: JSONSchemaProps;
  jsonSchemas?: JSONSchemaProps[];
}

export function rawItems(s: JSONObject): RawItems | undefined {
  const v = s.items;
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return { jsonSchemas: v.map((x) => (isObj(x) ? x : {})) };
  if (isObj(v)) return { schema: v };
  return undefined;
}

export interface RawSchemaOrBool {
  allows: boolean;
  schema?: JSONSchemaProps;
}

export function rawSchemaOrBool(s: JSONObject, k: string): RawSchemaOrBool | undefined {
  const v = s[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return { allows: v };
  if (isObj(v)) return { allows: true, schema: v };
  return undefined;
}

export function rawStrings(s: JSONObject, k: string): string[] | undefined {
  const v = s[k];
  return Array.isArray(v) ? v.map((x) => String(x)) : undefined;
}

export function rawOptStr(s: JSONObject, k: string): string | undefined {
  return typeof s[k] === 'string' ? (s[k] as string) : undefined;
}

// ---- NewStructural ----------------------------------------------------------------

function validateUnsupportedFields(s: JSONSchemaProps): void {
  if (rawStr(s, 'id')) throw new StructuralError("OpenAPIV3Schema 'id' is not supported");
  if (rawStr(s, '$schema')) throw new StructuralError("OpenAPIV3Schema 'schema' is not supported");
  if (rawStr(s, '$ref')) throw new StructuralError("OpenAPIV3Schema '$ref' is not supported");
  if (isObj(s.patternProperties) && Object.keys(s.patternProperties).length) throw new StructuralError("OpenAPIV3Schema 'patternProperties' is not supported");
  if (isObj(s.dependencies) && Object.keys(s.dependencies).length) throw new StructuralError("OpenAPIV3Schema 'dependencies' is not supported");
  if (rawSchemaOrBool(s, 'additionalItems')) throw new StructuralError("OpenAPIV3Schema 'additionalItems' is not supported");
  if (isObj(s.definitions) && Object.keys(s.definitions).length) throw new StructuralError("OpenAPIV3Schema 'definitions' is not supported");
}

function newGeneric(s: JSONSchemaProps): Generic {
  const g: Generic = { type: rawStr(s, 'type'), description: rawStr(s, 'description'), title: rawStr(s, 'title'), nullable: rawBool(s, 'nullable') };
  const d = rawDefault(s);
  if (d !== undefined) g.default = d;
  return g;
}

function newExtensions(s: JSONSchemaProps): Extensions {
  const x: Extensions = {
    xPreserveUnknownFields: false,
    xEmbeddedResource: rawBool(s, 'x-kubernetes-embedded-resource'),
    xIntOrString: rawBool(s, 'x-kubernetes-int-or-string'),
  };
  const keys = rawStrings(s, 'x-kubernetes-list-map-keys');
  if (keys) x.xListMapKeys = keys;
  const lt = rawOptStr(s, 'x-kubernetes-list-type');
  if (lt !== undefined) x.xListType = lt;
  const mt = rawOptStr(s, 'x-kubernetes-map-type');
  if (mt !== undefined) x.xMapType = mt;
  const p = s['x-kubernetes-preserve-unknown-fields'];
  if (p === false) throw new StructuralError("internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined");
  if (p === true) x.xPreserveUnknownFields = true;
  return x;
}

function newValueValidation(s: JSONSchemaProps): ValueValidation {
  const v: ValueValidation = {
    format: rawStr(s, 'format'),
    exclusiveMaximum: rawBool(s, 'exclusiveMaximum'),
    exclusiveMinimum: rawBool(s, 'exclusiveMinimum'),
    pattern: rawStr(s, 'pattern'),
    uniqueItems: rawBool(s, 'uniqueItems'),
  };
  for (const k of ['maximum', 'minimum', 'maxLength', 'minLength', 'maxItems', 'minItems', 'multipleOf', 'maxProperties', 'minProperties'] as const) {
    const n = rawNum(s, k);
    if (n !== undefined) v[k] = n;
  }
  if (Array.isArray(s.enum)) v.enum = (s.enum as unknown[]).slice();
  const req = rawStrings(s, 'required');
  if (req) v.required = req;
  if (isObj(s.not)) v.not = newNested(s.not);
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = rawSchemaList(s, k);
    if (list && list.length) v[k] = list.map(newNested);
  }
  return v;
}

function newNested(s: JSONSchemaProps): NestedValueValidation {
  validateUnsupportedFields(s);
  const n: NestedValueValidation = {
    vv: newValueValidation(s),
    forbiddenGenerics: newGeneric(s),
    forbiddenExtensions: newExtensions(s),
  };
  if (Array.isArray(s['x-kubernetes-validations'])) n.xValidations = s['x-kubernetes-validations'] as unknown[];
  const items = rawItems(s);
  if (items) {
    if (items.jsonSchemas && items.jsonSchemas.length) throw new StructuralError("OpenAPIV3Schema 'items' must be a schema, but is an array");
    if (items.schema) n.items = newNested(items.schema);
  }
  const props = rawSchemaMap(s, 'properties');
  if (props) {
    n.properties = {};
    for (const k of Object.keys(props)) n.properties[k] = newNested(props[k]);
  }
  const ap = rawSchemaOrBool(s, 'additionalProperties');
  if (ap) {
    if (ap.schema) n.additionalProperties = newNested(ap.schema);
    else if (ap.allows) n.additionalProperties = emptyNested();
  }
  return n;
}

function emptyNested(): NestedValueValidation {
  return {
    vv: { format: '', exclusiveMaximum: false, exclusiveMinimum: false, pattern: '', uniqueItems: false },
    forbiddenGenerics: { type: '', description: '', title: '', nullable: false },
    forbiddenExtensions: { xPreserveUnknownFields: false, xEmbeddedResource: false, xIntOrString: false },
  };
}

/** NewStructural: throws StructuralError for schemas that cannot be represented */
export function newStructural(s: JSONSchemaProps): Structural {
  validateUnsupportedFields(s);
  const ss: Structural = { ...newGeneric(s), ...newExtensions(s), valueValidation: newValueValidation(s) };
  if (Array.isArray(s['x-kubernetes-validations'])) ss.xValidations = s['x-kubernetes-validations'] as unknown[];
  const items = rawItems(s);
  if (items) {
    if (items.jsonSchemas && items.jsonSchemas.length) throw new StructuralError("OpenAPIV3Schema 'items' must be a schema, but is an array");
    if (items.schema) ss.items = newStructural(items.schema);
  }
  const props = rawSchemaMap(s, 'properties');
  if (props && Object.keys(props).length) {
    ss.properties = {};
    for (const k of Object.keys(props)) ss.properties[k] = newStructural(props[k]);
  }
  const ap = rawSchemaOrBool(s, 'additionalProperties');
  if (ap) {
    if (ap.schema) ss.additionalProperties = { structural: newStructural(ap.schema), bool: true };
    else ss.additionalProperties = { bool: ap.allows };
  }
  return ss;
}

/** newStructural without throwing */
export function tryStructural(s: JSONSchemaProps | undefined): { ss?: Structural; err?: string } {
  if (!s) return {};
  try {
    return { ss: newStructural(s) };
  } catch (e) {
    if (e instanceof StructuralError) return { err: e.message };
    throw e;
  }
}

// ---- int-or-string patterns --------------------------------------------------------

function isZeroValueValidation(v: ValueValidation): boolean {
  return (
    v.format === '' &&
    v.maximum === undefined &&
    !v.exclusiveMaximum &&
    v.minimum === undefined &&
    !v.exclusiveMinimum &&
    v.maxLength === undefined &&
    v.minLength === undefined &&
    v.pattern === '' &&
    v.maxItems === undefined &&
    v.minItems === undefined &&
    !v.uniqueItems &&
    v.multipleOf === undefined &&
    v.enum === undefined &&
    v.maxProperties === undefined &&
    v.minProperties === undefined &&
    v.required === undefined &&
    v.allOf === undefined &&
    v.oneOf === undefined &&
    v.anyOf === undefined &&
    v.not === undefined
  );
}

function isZeroExtensions(x: Extensions): boolean {
  return !x.xPreserveUnknownFields && !x.xEmbeddedResource && !x.xIntOrString && x.xListMapKeys === undefined && x.xListType === undefined && x.xMapType === undefined;
}

function isOnlyType(n: NestedValueValidation, type: string): boolean {
  const g = n.forbiddenGenerics;
  return (
    g.type === type &&
    g.description === '' &&
    g.title === '' &&
    !g.nullable &&
    g.default === undefined &&
    isZeroExtensions(n.forbiddenExtensions) &&
    n.xValidations === undefined &&
    n.items === undefined &&
    n.properties === undefined &&
    n.additionalProperties === undefined &&
    isZeroValueValidation(n.vv)
  );
}

function isIntOrStringAnyOf(list: NestedValueValidation[] | undefined): boolean {
  return !!list && list.length === 2 && isOnlyType(list[0], 'integer') && isOnlyType(list[1], 'string');
}

export function isIntOrStringAnyOfPattern(s: Structural | undefined): boolean {
  return !!s?.valueValidation && isIntOrStringAnyOf(s.valueValidation.anyOf);
}

export function isIntOrStringAllOfPattern(s: Structural | undefined): boolean {
  const all = s?.valueValidation?.allOf;
  return !!all && all.length >= 1 && isIntOrStringAnyOf(all[0].vv.anyOf);
}

function typeOnly(type: string): NestedValueValidation {
  const n = emptyNested();
  n.forbiddenGenerics.type = type;
  return n;
}

/** Unfold: make the implicit anyOf of x-kubernetes-int-or-string explicit */
export function unfold(s: Structural): Structural {
  const visit = (x: Structural): void => {
    if (x.xIntOrString && !isIntOrStringAnyOfPattern(x) && !isIntOrStringAllOfPattern(x)) {
      if (!x.valueValidation) x.valueValidation = emptyNested().vv;
      if (!x.valueValidation.anyOf) x.valueValidation.anyOf = [typeOnly('integer'), typeOnly('string')];
      else {
        const wrap = emptyNested();
        wrap.vv.anyOf = [typeOnly('integer'), typeOnly('string')];
        x.valueValidation.allOf = [wrap, ...(x.valueValidation.allOf ?? [])];
      }
    }
    if (x.items) visit(x.items);
    for (const k of Object.keys(x.properties ?? {})) visit((x.properties as Record<string, Structural>)[k]);
    if (x.additionalProperties?.structural) visit(x.additionalProperties.structural);
  };
  visit(s);
  return s;
}

// ---- ValidateStructural -------------------------------------------------------------

type Level = 'root' | 'item' | 'field';

export interface StructuralValidationOptions {
  allowNestedAdditionalProperties?: boolean;
  allowNestedXValidations?: boolean;
  allowValidationPropertiesWithAdditionalProperties?: boolean;
}

/** ValidateStructural: errors sorted by their text like upstream */
export function validateStructural(fldPath: FieldPath, s: Structural, opts: StructuralValidationOptions = {}): FieldError[] {
  const errs = [...validateInvariants(s, 'root', fldPath, opts), ...validateCompleteness(s, fldPath, opts)];
  return errs
    .map((e) => ({ e, k: fieldErrorString(e) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.e);
}

function validateInvariants(s: Structural | undefined, lvl: Level, fldPath: FieldPath, opts: StructuralValidationOptions): FieldError[] {
  if (!s) return [];
  const errs: FieldError[] = [];
  if (s.type === 'array' && !s.items) errs.push(errRequired(pchild(fldPath, 'items'), 'must be specified'));
  errs.push(...validateInvariants(s.items, 'item', pchild(fldPath, 'items'), opts));
  for (const k of sortedKeys(s.properties ?? {})) {
    errs.push(...validateInvariants((s.properties as Record<string, Structural>)[k], 'field', pkey(pchild(fldPath, 'properties'), k), opts));
  }
  if (s.additionalProperties) {
    if (lvl === 'root') errs.push(errForbidden(pchild(fldPath, 'additionalProperties'), 'must not be used at the root'));
    if (s.additionalProperties.structural) errs.push(...validateInvariants(s.additionalProperties.structural, 'field', pchild(fldPath, 'additionalProperties'), opts));
  }
  // extensions
  if (s.xIntOrString && s.xPreserveUnknownFields)
    errs.push(errInvalid(pchild(fldPath, 'x-kubernetes-preserve-unknown-fields'), true, 'must be false if x-kubernetes-int-or-string is true'));
  if (s.xIntOrString && s.xEmbeddedResource) errs.push(errInvalid(pchild(fldPath, 'x-kubernetes-embedded-resource'), true, 'must be false if x-kubernetes-int-or-string is true'));

  errs.push(...validateValueValidation(s.valueValidation, isIntOrStringAnyOfPattern(s), isIntOrStringAllOfPattern(s), lvl, fldPath, opts));

  const checkMetadata = lvl === 'root' || s.xEmbeddedResource;
  if (s.xEmbeddedResource && s.type !== 'object') {
    if (!s.type) errs.push(errRequired(pchild(fldPath, 'type'), 'must be object if x-kubernetes-embedded-resource is true'));
    else errs.push(errInvalid(pchild(fldPath, 'type'), s.type, 'must be object if x-kubernetes-embedded-resource is true'));
  } else if (!s.type && !s.xIntOrString && !s.xPreserveUnknownFields) {
    const detail = { root: 'must not be empty at the root', item: 'must not be empty for specified array items', field: 'must not be empty for specified object fields' }[lvl];
    errs.push(errRequired(pchild(fldPath, 'type'), detail));
  }
  if (s.xEmbeddedResource && s.additionalProperties) errs.push(errForbidden(pchild(fldPath, 'additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'));
  if (lvl === 'root' && s.type && s.type !== 'object') errs.push(errInvalid(pchild(fldPath, 'type'), s.type, 'must be object at the root'));

  const props = s.properties ?? {};
  if (props.kind && checkMetadata && props.kind.type !== 'string') errs.push(errInvalid(pchild(pkey(pchild(fldPath, 'properties'), 'kind'), 'type'), props.kind.type, 'must be string'));
  if (props.apiVersion && checkMetadata && props.apiVersion.type !== 'string')
    errs.push(errInvalid(pchild(pkey(pchild(fldPath, 'properties'), 'apiVersion'), 'type'), props.apiVersion.type, 'must be string'));
  if (props.metadata) errs.push(...validateMetadataInvariants(props.metadata, checkMetadata, lvl, pkey(pchild(fldPath, 'properties'), 'metadata')));
  if (s.xEmbeddedResource && !s.xPreserveUnknownFields && !Object.keys(props).length)
    errs.push(errRequired(pchild(fldPath, 'properties'), 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  return errs;
}

function validateMetadataInvariants(s: Structural, checkMetadata: boolean, lvl: Level, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (checkMetadata && s.type !== 'object') errs.push(errInvalid(pchild(fldPath, 'type'), s.type, 'must be object'));
  if (lvl === 'root') {
    // only name and generateName may be restricted; everything else is implied
    const props = Object.keys(s.properties ?? {});
    const onlyNames = props.every((k) => k === 'name' || k === 'generateName') && props.length <= 2;
    const g = s;
    const clean =
      onlyNames &&
      g.description === '' &&
      g.title === '' &&
      !g.nullable &&
      isZeroExtensions(g) &&
      g.xValidations === undefined &&
      !g.items &&
      !g.additionalProperties &&
      (!g.valueValidation || isZeroValueValidation(g.valueValidation));
    if (!clean) errs.push(errForbidden(fldPath, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
  }
  return errs;
}

function validateValueValidation(
  v: ValueValidation | undefined,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  lvl: Level,
  fldPath: FieldPath,
  opts: StructuralValidationOptions,
): FieldError[] {
  if (!v) return [];
  const errs: FieldError[] = [];
  const noCEL = { ...opts, allowNestedXValidations: false };
  if (!skipAnyOf) (v.anyOf ?? []).forEach((n, i) => errs.push(...validateNested(n, false, false, lvl, pindex(pchild(fldPath, 'anyOf'), i), noCEL)));
  (v.allOf ?? []).forEach((n, i) => errs.push(...validateNested(n, skipFirstAllOfAnyOf && i === 0, false, lvl, pindex(pchild(fldPath, 'allOf'), i), opts)));
  (v.oneOf ?? []).forEach((n, i) => errs.push(...validateNested(n, false, false, lvl, pindex(pchild(fldPath, 'oneOf'), i), noCEL)));
  if (v.not) errs.push(...validateNested(v.not, false, false, lvl, pchild(fldPath, 'not'), noCEL));
  if (v.pattern) {
    const re = compileGoRegexp(v.pattern);
    if (re instanceof GoRegexpError) errs.push(errInvalid(pchild(fldPath, 'pattern'), v.pattern, `must be a valid regular expression, but isn't: ${re.message}`));
  }
  return errs;
}

function validateNested(v: NestedValueValidation | undefined, skipAnyOf: boolean, skipAllOfAnyOf: boolean, lvl: Level, fldPath: string, opts: StructuralValidationOptions): FieldError[] {
  if (!v) return [];
  const errs: FieldError[] = [];
  errs.push(...validateValueValidation(v.vv, skipAnyOf, skipAllOfAnyOf, lvl, fldPath, opts));
  errs.push(...validateNested(v.items, false, false, lvl, pchild(fldPath, 'items'), opts));
  for (const k of sortedKeys(v.properties ?? {})) {
    errs.push(...validateNested((v.properties as Record<string, NestedValueValidation>)[k], false, false, 'field', pkey(pchild(fldPath, 'properties'), k), opts));
  }
  const g = v.forbiddenGenerics;
  const x = v.forbiddenExtensions;
  if (g.type) errs.push(errForbidden(pchild(fldPath, 'type'), 'must be empty to be structural'));
  if (v.additionalProperties && !opts.allowNestedAdditionalProperties) errs.push(errForbidden(pchild(fldPath, 'additionalProperties'), 'must be undefined to be structural'));
  else errs.push(...validateNested(v.additionalProperties, false, false, lvl, pchild(fldPath, 'additionalProperties'), opts));
  if (g.default !== undefined) errs.push(errForbidden(pchild(fldPath, 'default'), 'must be undefined to be structural'));
  if (g.title) errs.push(errForbidden(pchild(fldPath, 'title'), 'must be empty to be structural'));
  if (g.description) errs.push(errForbidden(pchild(fldPath, 'description'), 'must be empty to be structural'));
  if (g.nullable) errs.push(errForbidden(pchild(fldPath, 'nullable'), 'must be false to be structural'));
  if (x.xPreserveUnknownFields) errs.push(errForbidden(pchild(fldPath, 'x-kubernetes-preserve-unknown-fields'), 'must be false to be structural'));
  if (x.xEmbeddedResource) errs.push(errForbidden(pchild(fldPath, 'x-kubernetes-embedded-resource'), 'must be false to be structural'));
  if (x.xIntOrString) errs.push(errForbidden(pchild(fldPath, 'x-kubernetes-int-or-string'), 'must be false to be structural'));
  if (x.xListMapKeys && x.xListMapKeys.length) errs.push(errForbidden(pchild(fldPath, 'x-kubernetes-list-map-keys'), 'must be empty to be structural'));
  if (x.xListType !== undefined) errs.push(errForbidden(pchild(fldPath, 'x-kubernetes-list-type'), 'must be undefined to be structural'));
  if (x.xMapType !== undefined) errs.push(errForbidden(pchild(fldPath, 'x-kubernetes-map-type'), 'must be undefined to be structural'));
  if (v.xValidations && v.xValidations.length && !opts.allowNestedXValidations) errs.push(errForbidden(pchild(fldPath, 'x-kubernetes-validations'), 'must be empty to be structural'));
  if (v.properties && has(v.properties, 'metadata')) errs.push(errForbidden(pkey(pchild(fldPath, 'properties'), 'metadata'), 'must not be specified in a nested context'));
  return errs;
}

// completeness: every property a value validation mentions must exist in the structural part
function validateCompleteness(s: Structural, fldPath: FieldPath, opts: StructuralValidationOptions): FieldError[] {
  return vvCompleteness(s.valueValidation, s, fldPath, fldPath, opts);
}

function vvCompleteness(v: ValueValidation | undefined, s: Structural | undefined, sPath: FieldPath, vPath: FieldPath, opts: StructuralValidationOptions): FieldError[] {
  if (!v) return [];
  if (!s) return [errRequired(sPath, `because it is defined in ${pstr(vPath)}`)];
  const errs: FieldError[] = [];
  if (v.not) errs.push(...nestedCompleteness(v.not, s, sPath, pchild(vPath, 'not'), opts));
  (v.allOf ?? []).forEach((n, i) => errs.push(...nestedCompleteness(n, s, sPath, pindex(pchild(vPath, 'allOf'), i), opts)));
  (v.anyOf ?? []).forEach((n, i) => errs.push(...nestedCompleteness(n, s, sPath, pindex(pchild(vPath, 'anyOf'), i), opts)));
  (v.oneOf ?? []).forEach((n, i) => errs.push(...nestedCompleteness(n, s, sPath, pindex(pchild(vPath, 'oneOf'), i), opts)));
  return errs;
}

function nestedCompleteness(v: NestedValueValidation | undefined, s: Structural | undefined, sPath: FieldPath, vPath: FieldPath, opts: StructuralValidationOptions): FieldError[] {
  if (!v) return [];
  if (!s) return [errRequired(sPath, `because it is defined in ${pstr(vPath)}`)];
  const errs: FieldError[] = [];
  errs.push(...vvCompleteness(v.vv, s, sPath, vPath, opts));
  errs.push(...nestedCompleteness(v.items, s.items, pchild(sPath, 'items'), pchild(vPath, 'items'), opts));
  const apSchema = s.additionalProperties?.structural;
  for (const k of sortedKeys(v.properties ?? {})) {
    const vf = (v.properties as Record<string, NestedValueValidation>)[k];
    const sf = s.properties?.[k];
    if (!sf) {
      if (!apSchema || !opts.allowValidationPropertiesWithAdditionalProperties)
        errs.push(errRequired(pkey(pchild(sPath, 'properties'), k), `because it is defined in ${pkey(pchild(vPath, 'properties'), k)}`));
      else errs.push(...nestedCompleteness(vf, apSchema, pchild(sPath, 'additionalProperties'), pkey(pchild(vPath, 'properties'), k), opts));
    } else errs.push(...nestedCompleteness(vf, sf, pkey(pchild(sPath, 'properties'), k), pkey(pchild(vPath, 'properties'), k), opts));
  }
  if (v.additionalProperties && opts.allowNestedAdditionalProperties)
    errs.push(...nestedCompleteness(v.additionalProperties, apSchema, pchild(sPath, 'additionalProperties'), pchild(vPath, 'additionalProperties'), opts));
  return errs;
}

/** a field path below the schema root for the selectable-field / x-kubernetes-validations fieldPath syntax (cel.ValidFieldPath) */
export function validFieldPath(jsonPath: string, schema: Structural | undefined, allowArrayNotation = true): { path: string[]; schema?: Structural; error?: string } {
  const tokens: string[] = [];
  // tokenizer: '.', '[', ']' are delimiters; single-quoted strings are kept whole
  for (let i = 0; i < jsonPath.length; ) {
    const c = jsonPath[i];
    if (c === "'") {
      let j = i + 1;
      while (j < jsonPath.length && !(jsonPath[j] === "'" && jsonPath[j - 1] !== '\\')) j++;
      tokens.push(jsonPath.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === '.' || c === '[' || c === ']') {
      tokens.push(c);
      i++;
      continue;
    }
    let j = i;
    while (j < jsonPath.length && !'.[]'.includes(jsonPath[j])) j++;
    tokens.push(jsonPath.slice(i, j));
    i = j;
  }
  const path: string[] = [];
  let cur = schema;
  const append = (name: string, named: boolean): string | undefined => {
    if (!named) {
      path.push(`[${name}]`);
      cur = cur?.additionalProperties?.structural;
      if (!cur) return 'does not refer to a valid field';
      return undefined;
    }
    path.push(name);
    const next = cur?.properties?.[name];
    if (!next) return 'does not refer to a valid field';
    cur = next;
    return undefined;
  };
  const kind = (): boolean | undefined => (cur?.properties ? true : cur?.additionalProperties ? false : undefined);
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if (tok === '[') {
      if (!allowArrayNotation) return { path, error: 'array notation is not allowed' };
      const q = tokens[++t];
      if (q === undefined) return { path, error: 'unexpected end of JSON path' };
      if (q.length < 2 || q[0] !== "'" || q[q.length - 1] !== "'") return { path, error: `expected single quoted string but got ${q}` };
      const name = q.slice(1, -1).replace(/\\(.)/g, (_m, d: string) => ({ a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' })[d] ?? d);
      const named = kind();
      if (named === undefined) return { path, error: 'does not refer to a valid field' };
      const e = append(name, named);
      if (e) return { path, error: e };
      const close = tokens[++t];
      if (close === undefined) return { path, error: 'unexpected end of JSON path' };
      if (close !== ']') return { path, error: `expected ] but got ${close}` };
    } else if (tok === '.') {
      const name = tokens[++t];
      if (name === undefined) return { path, error: 'unexpected end of JSON path' };
      const named = kind();
      if (named === undefined) return { path, error: 'does not refer to a valid field' };
      const e = append(name, named);
      if (e) return { path, error: e };
    } else return { path, error: `expected [ or . but got: ${tok}` };
  }
  return { path, schema: cur };
}

/** the printed form of a validFieldPath result (field.Path String()) */
export function fieldPathString(path: string[]): string {
  let s = '';
  for (const p of path) s = p.startsWith('[') ? s + p : s ? `${s}.${p}` : p;
  return s;
}

/** is the property name a TypeMeta/ObjectMeta field */
export const metaFields = new Set(['apiVersion', 'kind', 'metadata']);

export { pstr };
