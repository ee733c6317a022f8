// CustomResourceDefinition validation on create and update, after
// apiextensions-apiserver's validation package: group, names, scope,
// versions, conversion, subresources, printer columns, selectable fields,
// stored versions and the openAPIV3Schema rules (structural schemas, list and
// map types, defaults, x-kubernetes-validations). The CEL part of
// x-kubernetes-validations is delegated to an optional hook.
import type { FieldError } from '../../../machinery/errors.js';
import { validateDefaults, hasUnprunedDefaults } from './defaulting.js';
import { isSupportedFormat } from './formats.js';
import { type InternalSpec, type InternalVersion, internalItemsJSON, internalRuleJSON, internalSchemaJSON, internalVersionsJSON, semanticEqual, toInternalSpec } from './internal.js';
import {
  type Structural,
  fieldPathString,
  rawDefault,
  rawItems,
  rawSchemaList,
  rawSchemaMap,
  rawSchemaOrBool,
  rawStrings,
  tryStructural,
  validFieldPath,
  validateStructural,
} from './structural.js';
import {
  type FieldPath,
  type JSONObject,
  type JSONSchemaProps,
  errDuplicate,
  errForbidden,
  errInternal,
  errInvalid,
  errInvalidRendered,
  errNotSupported,
  errRequired,
  errTooMany,

  isObj,
  pchild,
  pindex,
  pkey,
  sortedKeys,
} from './util.js';

// ---- CEL hook ------------------------------------------------------------------------------

/** what a CEL compiler reports about one x-kubernetes-validations rule */
export interface CELRuleCheck {
  /** compile error text; reported as Invalid on the rule (or Required when errorType is 'required') */
  error?: string;
  errorType?: 'invalid' | 'required';
  /** compile error of the messageExpression */
  messageExpressionError?: string;
  /** does the rule reference oldSelf */
  usesOldSelf?: boolean;
}

export interface CELRuleRequest {
  rule: string;
  messageExpression?: string;
  /** the raw schema node the rule is attached to */
  schema: JSONSchemaProps;
  /** is the node the resource root (or an embedded resource) */
  isRoot: boolean;
  /** the rule existed in the old object (stored expressions may use a wider environment) */
  preexisting: boolean;
}

export type CompileRule = (req: CELRuleRequest) => CELRuleCheck | undefined;

export interface ValidateCRDOptions {
  /** compile x-kubernetes-validations rules (the CEL engine lives elsewhere); without it rules are only checked for shape */
  compileRule?: CompileRule;
  /** evaluate x-kubernetes-validations rules of a schema node against its default value */
  celValidateDefault?: (schema: Structural, value: unknown, path: string) => FieldError[];
  /** skip the metadata.name == <plural>.<group> check (when the caller does it) */
  skipNameCheck?: boolean;
}

// ---- options as upstream's validationOptions --------------------------------------------------

interface Opts {
  allowDefaults: boolean;
  disallowDefaultsReason: string;
  requireRecognizedConversionReviewVersion: boolean;
  requireImmutableNames: boolean;
  requireOpenAPISchema: boolean;
  requireValidPropertyType: boolean;
  requireStructuralSchema: boolean;
  requirePrunedDefaults: boolean;
  requireAtomicSetType: boolean;
  requireMapListKeysMapSetValidation: boolean;
  allowInvalidCABundle: boolean;
  allowTooManySelectableFields: Record<string, boolean>;
  preexistingRules: Set<string>;
  compileRule?: CompileRule;
  celValidateDefault?: ValidateCRDOptions['celValidateDefault'];
}

const printerColumnDatatypes = ['boolean', 'date', 'integer', 'number', 'string'];
const columnFormats = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const openapiV3Types = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const supportedValidationReasons = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const allowedFieldsAtRootSchema = [
  'Description',
  'Type',
  'Format',
  'Title',
  'Maximum',
  'ExclusiveMaximum',
  'Minimum',
  'ExclusiveMinimum',
  'MaxLength',
  'MinLength',
  'Pattern',
  'MaxItems',
  'MinItems',
  'UniqueItems',
  'MultipleOf',
  'Required',
  'Items',
  'Properties',
  'ExternalDocs',
  'Example',
  'XPreserveUnknownFields',
  'XValidations',
];
export const MAX_SELECTABLE_FIELDS = 8;

const dns1123SubdomainFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const dns1035Fmt = '[a-z]([-a-z0-9]*[a-z0-9])?';

function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push('must be no more than 253 characters');
  if (!new RegExp(`^${dns1123SubdomainFmt}$`).test(v))
    errs.push(
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${dns1123SubdomainFmt}')`,
    );
  return errs;
}

export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!new RegExp(`^${dns1035Fmt}$`).test(v))
    errs.push(
      `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${dns1035Fmt}')`,
    );
  return errs;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : String(x))) : [];
}

// ---- schema predicates ----------------------------------------------------------------------

/** SchemaHas: does any node of the schema satisfy pred */
export function schemaHas(s: JSONSchemaProps | undefined, pred: (s: JSONSchemaProps) => boolean): boolean {
  if (!s) return false;
  if (pred(s)) return true;
  const items = rawItems(s);
  if (items?.schema && schemaHas(items.schema, pred)) return true;
  for (const x of items?.jsonSchemas ?? []) if (schemaHas(x, pred)) return true;
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) for (const x of rawSchemaList(s, k) ?? []) if (schemaHas(x, pred)) return true;
  if (isObj(s.not) && schemaHas(s.not, pred)) return true;
  for (const k of ['properties', 'patternProperties', 'definitions'] as const) {
    const m = rawSchemaMap(s, k);
    for (const key of Object.keys(m ?? {})) if (schemaHas((m as Record<string, JSONSchemaProps>)[key], pred)) return true;
  }
  for (const k of ['additionalProperties', 'additionalItems'] as const) {
    const ap = rawSchemaOrBool(s, k);
    if (ap?.schema && schemaHas(ap.schema, pred)) return true;
  }
  if (isObj(s.dependencies)) for (const d of Object.values(s.dependencies)) if (isObj(d) && schemaHas(d, pred)) return true;
  return false;
}

function schemasOf(spec: InternalSpec): JSONSchemaProps[] {
  const out: JSONSchemaProps[] = [];
  if (spec.validation && isObj(spec.validation.openAPIV3Schema)) out.push(spec.validation.openAPIV3Schema);
  for (const v of spec.versions) if (v.schema && isObj(v.schema.openAPIV3Schema)) out.push(v.schema.openAPIV3Schema);
  return out;
}

function hasSchemaWith(spec: InternalSpec, pred: (s: JSONSchemaProps) => boolean): boolean {
  return schemasOf(spec).some(pred);
}

const hasDefault = (s: JSONSchemaProps): boolean => rawDefault(s) !== undefined;

function hasKubernetesExtensions(s: JSONSchemaProps): boolean {
  return (
    s['x-kubernetes-embedded-resource'] === true ||
    typeof s['x-kubernetes-preserve-unknown-fields'] === 'boolean' ||
    s['x-kubernetes-int-or-string'] === true ||
    (Array.isArray(s['x-kubernetes-list-map-keys']) && s['x-kubernetes-list-map-keys'].length > 0) ||
    typeof s['x-kubernetes-list-type'] === 'string' ||
    (Array.isArray(s['x-kubernetes-validations']) && s['x-kubernetes-validations'].length > 0)
  );
}

function schemaIsNonStructural(s: JSONSchemaProps): boolean {
  const { ss, err } = tryStructural(s);
  if (err || !ss) return true;
  return validateStructural(undefined, ss).length > 0;
}

function hasInvalidType(s: JSONSchemaProps): boolean {
  return typeof s.type === 'string' && s.type.length > 0 && !openapiV3Types.includes(s.type);
}

function hasNonAtomicSetType(s: JSONSchemaProps): boolean {
  if (s['x-kubernetes-list-type'] !== 'set') return false;
  const is = rawItems(s)?.schema;
  if (!is) return false;
  if (is.type === 'array') return typeof is['x-kubernetes-list-type'] === 'string' && is['x-kubernetes-list-type'] !== 'atomic';
  if (is.type === 'object') return is['x-kubernetes-map-type'] !== 'atomic';
  return false;
}

function isEstablished(crd: JSONObject | undefined): boolean {
  const conds = isObj(crd?.status) ? crd?.status.conditions : undefined;
  return Array.isArray(conds) && conds.some((c) => isObj(c) && c.type === 'Established' && c.status === 'True');
}

// ---- entry points ------------------------------------------------------------------------------

function createOpts(o: ValidateCRDOptions): Opts {
  return {
    allowDefaults: true,
    disallowDefaultsReason: '',
    requireRecognizedConversionReviewVersion: true,
    requireImmutableNames: false,
    requireOpenAPISchema: true,
    requireValidPropertyType: true,
    requireStructuralSchema: true,
    requirePrunedDefaults: true,
    requireAtomicSetType: true,
    requireMapListKeysMapSetValidation: true,
    allowInvalidCABundle: true,
    allowTooManySelectableFields: {},
    preexistingRules: new Set(),
    compileRule: o.compileRule,
    celValidateDefault: o.celValidateDefault,
  };
}

function updateOpts(o: ValidateCRDOptions, newSpec: InternalSpec, old: JSONObject): Opts {
  const oldSpec = toInternalSpec(isObj(old.spec) ? old.spec : {});
  const opts = createOpts(o);
  const oldCRV = oldSpec.conversion?.conversionReviewVersions;
  opts.requireRecognizedConversionReviewVersion = !oldSpec.conversion || !oldCRV || !oldCRV.length || oldCRV.some((v) => v === 'v1' || v === 'v1beta1');
  opts.requireImmutableNames = isEstablished(old);
  opts.requireOpenAPISchema = (oldSpec.validation && isObj(oldSpec.validation.openAPIV3Schema)) || oldSpec.versions.every((v) => v.schema && isObj(v.schema.openAPIV3Schema));
  opts.requireValidPropertyType = !hasSchemaWith(oldSpec, (s) => schemaHas(s, hasInvalidType));
  opts.requireStructuralSchema = !hasSchemaWith(oldSpec, schemaIsNonStructural);
  opts.requirePrunedDefaults = !hasSchemaWith(oldSpec, (s) => {
    if (!schemaHas(s, hasDefault)) return false;
    const { ss } = tryStructural(s);
    if (!ss || validateStructural(undefined, ss).length) return false;
    return hasUnprunedDefaults(ss);
  });
  opts.requireAtomicSetType = !hasSchemaWith(oldSpec, (s) => schemaHas(s, hasNonAtomicSetType));
  opts.requireMapListKeysMapSetValidation = !hasSchemaWith(oldSpec, (s) => schemaHas(s, (x) => validateMapListKeysMapSet(x, '').length > 0));
  for (const s of schemasOf(oldSpec))
    schemaHas(s, (x) => {
      for (const r of Array.isArray(x['x-kubernetes-validations']) ? x['x-kubernetes-validations'] : []) if (isObj(r) && typeof r.rule === 'string') opts.preexistingRules.add(r.rule);
      return false;
    });
  // an invalid CA bundle may stay when the CRD is not established yet or the old bundle was already invalid
  if (!isEstablished(old)) opts.allowInvalidCABundle = true;
  else {
    const bundle = oldSpec.conversion?.webhookClientConfig?.caBundle;
    opts.allowInvalidCABundle = typeof bundle === 'string' && bundle.length > 0 && caBundleError(bundle) !== undefined;
  }
  // more selectable fields than allowed may stay while they are unchanged
  if ((oldSpec.selectableFields?.length ?? 0) > MAX_SELECTABLE_FIELDS && semanticEqual(newSpec.selectableFields, oldSpec.selectableFields)) opts.allowTooManySelectableFields[''] = true;
  for (const v of newSpec.versions) {
    const ov = oldSpec.versions.find((x) => x.name === v.name);
    if (ov && (ov.selectableFields?.length ?? 0) > MAX_SELECTABLE_FIELDS && semanticEqual(v.selectableFields, ov.selectableFields)) opts.allowTooManySelectableFields[v.name] = true;
  }
  return opts;
}

/**
 * Validate a CustomResourceDefinition (apiextensions.k8s.io/v1, after
 * defaulting and the create/update preparation of status) like
 * ValidateCustomResourceDefinition / ValidateCustomResourceDefinitionUpdate.
 * Object metadata rules other than the name are left to the generic layer.
 */
export function validateCRD(crd: JSONObject, old?: JSONObject, options: ValidateCRDOptions = {}): FieldError[] {
  const spec = toInternalSpec(isObj(crd.spec) ? crd.spec : {});
  const meta = isObj(crd.metadata) ? crd.metadata : {};
  const errs: FieldError[] = [];
  if (!old) {
    if (!options.skipNameCheck) {
      const want = `${str(spec.names.plural)}.${spec.group}`;
      if (str(meta.generateName) && str(meta.generateName) !== want) errs.push(errInvalid('metadata.generateName', str(meta.generateName), 'must be spec.names.plural+"."+spec.group'));
      if (str(meta.name) && str(meta.name) !== want) errs.push(errInvalid('metadata.name', str(meta.name), 'must be spec.names.plural+"."+spec.group'));
    }
    const opts = createOpts(options);
    errs.push(...validateSpec(spec, opts, 'spec'));
  } else {
    const opts = updateOpts(options, spec, old);
    const oldSpec = toInternalSpec(isObj(old.spec) ? old.spec : {});
    errs.push(...validateSpec(spec, opts, 'spec'));
    if (opts.requireImmutableNames) {
      if (spec.scope !== oldSpec.scope) errs.push(errInvalid('spec.scope', spec.scope, 'field is immutable'));
      if (str(spec.names.kind) !== str(oldSpec.names.kind)) errs.push(errInvalid('spec.names.kind', str(spec.names.kind), 'field is immutable'));
    }
    if (spec.group !== oldSpec.group) errs.push(errInvalid('spec.group', spec.group, 'field is immutable'));
    if (str(spec.names.plural) !== str(oldSpec.names.plural)) errs.push(errInvalid('spec.names.plural', str(spec.names.plural), 'field is immutable'));
  }
  errs.push(...validateCRDStatus(crd));
  const status = isObj(crd.status) ? crd.status : {};
  errs.push(...validateStoredVersions(status.storedVersions, spec.versions, 'status.storedVersions'));
  errs.push(...validateAPIApproval(crd, old));
  errs.push(...validatePreserveUnknownFields(spec, old ? toInternalSpec(isObj(old.spec) ? old.spec : {}) : undefined));
  return errs;
}

/** ValidateCustomResourceDefinitionStatus (also what a status update checks besides metadata) */
export function validateCRDStatus(crd: JSONObject): FieldError[] {
  const status = isObj(crd.status) ? crd.status : {};
  return validateNames(isObj(status.acceptedNames) ? status.acceptedNames : {}, 'status.acceptedNames');
}

function validateStoredVersions(stored: unknown, versions: InternalVersion[], path: string): FieldError[] {
  const list = Array.isArray(stored) ? stored.map(String) : [];
  if (!list.length) return [errInvalid(path, Array.isArray(stored) ? stored : null, 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const remaining = new Map<string, number>();
  list.forEach((v, i) => remaining.set(v, i));
  for (const v of versions) {
    const found = remaining.has(v.name);
    if (v.storage && !found) errs.push(errInvalid(path, list, `must have the storage version ${v.name}`));
    if (found) remaining.delete(v.name);
  }
  for (const [v, i] of remaining)
    errs.push(
      errInvalid(
        pindex(path, i),
        v,
        `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`,
      ),
    );
  return errs;
}

function validateAPIApproval(crd: JSONObject, old: JSONObject | undefined): FieldError[] {
  const group = str(isObj(crd.spec) ? crd.spec.group : '');
  const protectedGroup = group === 'k8s.io' || group.endsWith('.k8s.io') || group === 'kubernetes.io' || group.endsWith('.kubernetes.io');
  if (!protectedGroup) return [];
  const key = 'api-approved.kubernetes.io';
  const annotation = (m: JSONObject | undefined): string => {
    const a = isObj(m?.metadata) && isObj((m?.metadata as JSONObject).annotations) ? ((m?.metadata as JSONObject).annotations as JSONObject) : {};
    return str(a[key]);
  };
  const state = (a: string): [string, string] => {
    if (!a) return ['missing', `protected groups must have approval annotation "${key}", see https://github.com/kubernetes/enhancements/pull/1111`];
    if (a.startsWith('unapproved')) return ['bypassed', `not approved: "${a}"`];
    try {
      const u = new URL(a);
      if (u.host && u.protocol) return ['approved', `approved in ${a}`];
    } catch {
      // not a URL
    }
    return ['invalid', `protected groups must have approval annotation "${key}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`];
  };
  const [newState, reason] = state(annotation(crd));
  if (old && state(annotation(old))[0] === newState) return [];
  const path = `metadata.annotations[${key}]`;
  if (newState === 'missing') return [errRequired(path, reason)];
  if (newState === 'invalid') return [errInvalid(path, annotation(crd), reason)];
  return [];
}

function validatePreserveUnknownFields(spec: InternalSpec, old: InternalSpec | undefined): FieldError[] {
  if (old?.preserveUnknownFields) return [];
  if (spec.preserveUnknownFields) return [errInvalid('spec.preserveUnknownFields', true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead')];
  return [];
}

// ---- spec ----------------------------------------------------------------------------------------

function statusEnabled(sub: JSONObject | undefined): boolean {
  return !!sub && isObj(sub.status);
}

function validateSpec(spec: InternalSpec, baseOpts: Opts, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const opts: Opts = { ...baseOpts };
  if (!spec.group) errs.push(errRequired(pchild(p, 'group')));
  else {
    const e = isDNS1123Subdomain(spec.group);
    if (e.length) errs.push(errInvalid(pchild(p, 'group'), spec.group, e.join(',')));
    else if (spec.group.split('.').length < 2) errs.push(errInvalid(pchild(p, 'group'), spec.group, 'should be a domain with at least one dot'));
  }
  if (!spec.scope) errs.push(errRequired(pchild(p, 'scope')));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') errs.push(errNotSupported(pchild(p, 'scope'), spec.scope, ['Cluster', 'Namespaced']));

  if (!spec.preserveUnknownFields) opts.requireStructuralSchema = true;
  const topSchema = spec.validation && isObj(spec.validation.openAPIV3Schema);
  if (opts.requireOpenAPISchema) {
    if (!topSchema)
      spec.versions.forEach((v, i) => {
        if (!v.schema || !isObj(v.schema.openAPIV3Schema)) errs.push(errRequired(pchild(pindex(pchild(p, 'versions'), i), 'schema', 'openAPIV3Schema')));
      });
  } else if (!spec.preserveUnknownFields && !topSchema) {
    spec.versions.forEach((v, i) => {
      if (v.served && (!v.schema || !isObj(v.schema.openAPIV3Schema)))
        errs.push(errRequired(pchild(pindex(pchild(p, 'versions'), i), 'schema', 'openAPIV3Schema'), 'because otherwise all fields are pruned'));
    });
  }
  if (opts.allowDefaults && hasSchemaWith(spec, (s) => schemaHas(s, hasDefault))) {
    opts.requireStructuralSchema = true;
    if (spec.preserveUnknownFields) errs.push(errInvalid(pchild(p, 'preserveUnknownFields'), true, 'must be false in order to use defaults in the schema'));
  }
  if (hasSchemaWith(spec, (s) => schemaHas(s, hasKubernetesExtensions))) opts.requireStructuralSchema = true;

  let storage = 0;
  const names = new Set<string>();
  let unique = true;
  spec.versions.forEach((v, i) => {
    const vp = pindex(pchild(p, 'versions'), i);
    if (v.storage) storage++;
    if (names.has(v.name)) unique = false;
    else names.add(v.name);
    const e = isDNS1035Label(v.name);
    if (e.length) errs.push(errInvalid(pchild(vp, 'name'), v.name, e.join(',')));
    const sub = spec.versions.some((x) => x.subresources) ? v.subresources : spec.subresources;
    errs.push(...validateVersion(v, vp, statusEnabled(sub), opts));
  });
  // (top-level and per-version fields cannot both be set, nor all per-version fields be identical, after v1 conversion)
  const versionsJSON = (): string => JSON.stringify(internalVersionsJSON(spec.versions));
  if (!unique) errs.push(errInvalidRendered(pchild(p, 'versions'), versionsJSON(), 'must contain unique version names'));
  if (storage !== 1) errs.push(errInvalidRendered(pchild(p, 'versions'), versionsJSON(), 'must have exactly one version marked as storage version'));
  if (spec.version) {
    const e = isDNS1035Label(spec.version);
    if (e.length) errs.push(errInvalid(pchild(p, 'version'), spec.version, e.join(',')));
  }
  const n = spec.names;
  if (!str(n.plural)) errs.push(errRequired(pchild(p, 'names', 'plural')));
  if (!str(n.singular)) errs.push(errRequired(pchild(p, 'names', 'singular')));
  if (!str(n.kind)) errs.push(errRequired(pchild(p, 'names', 'kind')));
  if (!str(n.listKind)) errs.push(errRequired(pchild(p, 'names', 'listKind')));
  errs.push(...validateNames(n, pchild(p, 'names')));
  const anyStatus = statusEnabled(spec.subresources) || spec.versions.some((v) => statusEnabled(v.subresources));
  errs.push(...validateValidation(spec.validation, anyStatus, opts, pchild(p, 'validation')));
  errs.push(...validateSubresources(spec.subresources, pchild(p, 'subresources')));
  (spec.additionalPrinterColumns ?? []).forEach((c, i) => errs.push(...validateColumn(c, pindex(pchild(p, 'additionalPrinterColumns'), i))));
  if (spec.selectableFields && spec.selectableFields.length) {
    if (!spec.validation) errs.push(errInvalid(pchild(p, 'selectableFields'), '', 'may only be set when validations.schema is included'));
    else {
      const raw = isObj(spec.validation.openAPIV3Schema) ? spec.validation.openAPIV3Schema : undefined;
      const { ss, err } = tryStructural(raw);
      if (err) errs.push(errInvalid(pchild(p, 'schema.openAPIV3Schema'), '', err));
      errs.push(...validateSelectableFields(spec.selectableFields, ss, pchild(p, 'selectableFields'), opts, ''));
    }
  }
  errs.push(...validateConversion(spec.conversion, opts.requireRecognizedConversionReviewVersion, pchild(p, 'conversion'), opts));
  return errs;
}

function validateNames(n: JSONObject, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const plural = str(n.plural);
  const singular = str(n.singular);
  const kind = str(n.kind);
  const listKind = str(n.listKind);
  let e = isDNS1035Label(plural);
  if (plural && e.length) errs.push(errInvalid(pchild(p, 'plural'), plural, e.join(',')));
  e = isDNS1035Label(singular);
  if (singular && e.length) errs.push(errInvalid(pchild(p, 'singular'), singular, e.join(',')));
  e = isDNS1035Label(kind.toLowerCase());
  if (kind && e.length) errs.push(errInvalid(pchild(p, 'kind'), kind, `may have mixed case, but should otherwise match: ${e.join(',')}`));
  e = isDNS1035Label(listKind.toLowerCase());
  if (listKind && e.length) errs.push(errInvalid(pchild(p, 'listKind'), listKind, `may have mixed case, but should otherwise match: ${e.join(',')}`));
  strList(n.shortNames).forEach((s, i) => {
    const x = isDNS1035Label(s);
    if (x.length) errs.push(errInvalid(pindex(pchild(p, 'shortNames'), i), s, x.join(',')));
  });
  if (kind && kind === listKind) errs.push(errInvalid(pchild(p, 'listKind'), listKind, 'kind and listKind may not be the same'));
  strList(n.categories).forEach((c, i) => {
    const x = isDNS1035Label(c);
    if (x.length) errs.push(errInvalid(pindex(pchild(p, 'categories'), i), c, x.join(',')));
  });
  return errs;
}

function deprecationWarningErrors(deprecated: boolean, w: string | undefined): string[] {
  if (!deprecated && w !== undefined) return ['can only be set for deprecated versions'];
  if (w === undefined) return [];
  const errs: string[] = [];
  if (Buffer.byteLength(w) > 256) errs.push('must be <= 256 characters long');
  if (w.length === 0) errs.push('must not be an empty string');
  let offset = 0;
  for (const ch of w) {
    const printable = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch) || ch === ' ';
    if (!printable) {
      errs.push(`must only contain printable UTF-8 characters; non-printable character found at index ${offset}`);
      break;
    }
    offset += Buffer.byteLength(ch);
  }
  if (/[\ud800-\udfff]/.test(w.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) errs.push('must only contain printable UTF-8 characters');
  return errs;
}

function validateVersion(v: InternalVersion, p: string, status: boolean, opts: Opts): FieldError[] {
  const errs: FieldError[] = [];
  for (const e of deprecationWarningErrors(v.deprecated, v.deprecationWarning)) errs.push(errInvalid(pchild(p, 'deprecationWarning'), v.deprecationWarning ?? null, e));
  errs.push(...validateValidation(v.schema, status, opts, pchild(p, 'schema')));
  errs.push(...validateSubresources(v.subresources, pchild(p, 'subresources')));
  (v.additionalPrinterColumns ?? []).forEach((c, i) => errs.push(...validateColumn(c, pindex(pchild(p, 'additionalPrinterColumns'), i))));
  if (v.selectableFields && v.selectableFields.length) {
    if (!v.schema || !isObj(v.schema.openAPIV3Schema)) errs.push(errInvalid(pchild(p, 'selectableFields'), '', 'may only be set when `version.schema.openAPIV3Schema` is not included'));
    else {
      const { ss, err } = tryStructural(v.schema.openAPIV3Schema);
      if (err) errs.push(errInvalid(pchild(p, 'schema.openAPIV3Schema'), '', err));
      errs.push(...validateSelectableFields(v.selectableFields, ss, pchild(p, 'selectableFields'), opts, v.name));
    }
  }
  return errs;
}

function validateSelectableFields(fields: JSONObject[], schema: Structural | undefined, p: string, opts: Opts, version: string): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Set<string>();
  fields.forEach((f, i) => {
    const ip = pindex(p, i);
    const jp = str(f.jsonPath);
    if (!jp) {
      errs.push(errRequired(pchild(ip, 'jsonPath')));
      return;
    }
    const r = validFieldPath(jp, schema, false);
    if (r.error !== undefined) {
      errs.push(errInvalid(pchild(ip, 'jsonPath'), jp, `is an invalid path: ${r.error}`));
      return;
    }
    if (r.path[0] === 'metadata') errs.push(errInvalid(pchild(ip, 'jsonPath'), jp, 'must not point to fields in metadata'));
    if (!r.schema || !['string', 'boolean', 'integer'].includes(r.schema.type))
      errs.push(errInvalid(pchild(ip, 'jsonPath'), jp, 'must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.'));
    const key = fieldPathString(r.path);
    if (unique.has(key)) errs.push(errDuplicate(pchild(ip, 'jsonPath'), jp));
    else unique.add(key);
  });
  if (unique.size > MAX_SELECTABLE_FIELDS && !opts.allowTooManySelectableFields[version]) errs.push(errTooMany(p, unique.size, MAX_SELECTABLE_FIELDS));
  return errs;
}

function validateSimpleJSONPath(s: string, p: string): FieldError[] {
  if (s.length === 0) return [errInvalid(p, s, 'must not be empty')];
  if (s[0] !== '.') return [errInvalid(p, s, 'must be a simple json path starting with .')];
  return [];
}

function validateColumn(c: JSONObject, p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(c.name)) errs.push(errRequired(pchild(p, 'name')));
  const type = str(c.type);
  if (!type) errs.push(errRequired(pchild(p, 'type'), `must be one of ${printerColumnDatatypes.join(',')}`));
  else if (!printerColumnDatatypes.includes(type)) errs.push(errInvalid(pchild(p, 'type'), type, `must be one of ${printerColumnDatatypes.join(',')}`));
  const format = str(c.format);
  if (format && !columnFormats.includes(format)) errs.push(errInvalid(pchild(p, 'format'), format, `must be one of ${columnFormats.join(',')}`));
  const jp = str(c.jsonPath);
  if (!jp) errs.push(errRequired(pchild(p, 'JSONPath')));
  else errs.push(...validateSimpleJSONPath(jp, pchild(p, 'JSONPath')));
  return errs;
}

function validateSubresources(sub: JSONObject | undefined, p: string): FieldError[] {
  if (!sub || !isObj(sub.scale)) return [];
  const scale = sub.scale;
  const errs: FieldError[] = [];
  const spec = str(scale.specReplicasPath);
  if (!spec) errs.push(errRequired(pchild(p, 'scale.specReplicasPath')));
  else {
    const e = validateSimpleJSONPath(spec, pchild(p, 'scale.specReplicasPath'));
    if (e.length) errs.push(...e);
    else if (!spec.startsWith('.spec.')) errs.push(errInvalid(pchild(p, 'scale.specReplicasPath'), spec, 'should be a json path under .spec'));
  }
  const status = str(scale.statusReplicasPath);
  if (!status) errs.push(errRequired(pchild(p, 'scale.statusReplicasPath')));
  else {
    const e = validateSimpleJSONPath(status, pchild(p, 'scale.statusReplicasPath'));
    if (e.length) errs.push(...e);
    else if (!status.startsWith('.status.')) errs.push(errInvalid(pchild(p, 'scale.statusReplicasPath'), status, 'should be a json path under .status'));
  }
  const sel = str(scale.labelSelectorPath);
  if (sel) {
    const e = validateSimpleJSONPath(sel, pchild(p, 'scale.labelSelectorPath'));
    if (e.length) errs.push(...e);
    else if (!sel.startsWith('.spec.') && !sel.startsWith('.status.')) errs.push(errInvalid(pchild(p, 'scale.labelSelectorPath'), sel, 'should be a json path under either .spec or .status'));
  }
  return errs;
}

// ---- conversion --------------------------------------------------------------------------------------

function caBundleError(b64: string): string | undefined {
  let text: string;
  try {
    text = Buffer.from(b64, 'base64').toString('latin1');
  } catch {
    return 'unable to load root certificates: unable to parse bytes as PEM block';
  }
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(text)) return 'unable to load root certificates: unable to parse bytes as PEM block';
  return undefined;
}

function validateWebhookURL(p: string, u: string): FieldError[] {
  const form = '; desired format: https://host[/path]';
  const errs: FieldError[] = [];
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(u);
  const scheme = m ? m[1].toLowerCase() : '';
  let rest = m ? m[2] : u;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let host = '';
  let user: string | undefined;
  if (rest.startsWith('//')) {
    const auth = rest.slice(2).split('/', 1)[0];
    const at = auth.lastIndexOf('@');
    if (at >= 0) user = auth.slice(0, at);
    host = at >= 0 ? auth.slice(at + 1) : auth;
  }
  if (scheme !== 'https') errs.push(errInvalid(p, scheme, `'https' is the only allowed URL scheme${form}`));
  if (!host) errs.push(errInvalid(p, host, `host must be specified${form}`));
  if (user !== undefined) errs.push(errInvalid(p, user, 'user information is not permitted in the URL'));
  if (fragment) errs.push(errInvalid(p, fragment, 'fragments are not permitted in the URL'));
  if (query) errs.push(errInvalid(p, query, 'query parameters are not permitted in the URL'));
  return errs;
}

function validateWebhookService(p: string, svc: JSONObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(svc.name)) errs.push(errRequired(pchild(p, 'name')));
  if (!str(svc.namespace)) errs.push(errRequired(pchild(p, 'namespace')));
  const port = typeof svc.port === 'number' ? svc.port : 443;
  if (!(port >= 1 && port <= 65535)) errs.push(errInvalid(pchild(p, 'port'), port, 'port is not valid: must be between 1 and 65535, inclusive'));
  if (typeof svc.path !== 'string') return errs;
  const path = svc.path;
  if (path === '/' || path.length === 0) return errs;
  if (path === '//') return [...errs, errInvalid(pchild(p, 'path'), path, 'segment[0] may not be empty')];
  if (!path.startsWith('/')) errs.push(errInvalid(pchild(p, 'path'), path, "must start with a '/'"));
  let check = path.slice(1);
  if (check.endsWith('/')) check = check.slice(0, -1);
  check.split('/').forEach((step, i) => {
    if (!step) {
      errs.push(errInvalid(pchild(p, 'path'), path, `segment[${i}] may not be empty`));
      return;
    }
    for (const m of isDNS1123Subdomain(step)) errs.push(errInvalid(pchild(p, 'path'), path, `segment[${i}]: ${m}`));
  });
  return errs;
}

function validateConversion(c: InternalSpec['conversion'], requireRecognized: boolean, p: string, opts: Opts): FieldError[] {
  if (!c) return [];
  const errs: FieldError[] = [];
  if (!c.strategy) errs.push(errRequired(pchild(p, 'strategy')));
  else if (c.strategy !== 'None' && c.strategy !== 'Webhook') errs.push(errNotSupported(pchild(p, 'strategy'), c.strategy, ['None', 'Webhook']));
  if (c.strategy === 'Webhook') {
    const cc = c.webhookClientConfig;
    if (!cc) errs.push(errRequired(pchild(p, 'webhookClientConfig'), 'required when strategy is set to Webhook'));
    else {
      const hasURL = typeof cc.url === 'string';
      const hasSvc = isObj(cc.service);
      if (hasURL === hasSvc) errs.push(errRequired(pchild(p, 'webhookClientConfig'), 'exactly one of url or service is required'));
      else if (hasURL) errs.push(...validateWebhookURL(pchild(p, 'webhookClientConfig', 'url'), cc.url as string));
      else errs.push(...validateWebhookService(pchild(p, 'webhookClientConfig', 'service'), cc.service as JSONObject));
      const bundle = str(cc.caBundle);
      if (bundle && !opts.allowInvalidCABundle) {
        const e = caBundleError(bundle);
        if (e) errs.push(errInvalid(pchild(p, 'webhookClientConfig', 'caBundle'), bundle, e));
      }
    }
    errs.push(...validateConversionReviewVersions(c.conversionReviewVersions ?? [], requireRecognized, pchild(p, 'conversionReviewVersions')));
  } else {
    if (c.webhookClientConfig) errs.push(errForbidden(pchild(p, 'webhookClientConfig'), 'should not be set when strategy is not set to Webhook'));
    if (c.conversionReviewVersions && c.conversionReviewVersions.length) errs.push(errForbidden(pchild(p, 'conversionReviewVersions'), 'should not be set when strategy is not set to Webhook'));
  }
  return errs;
}

function validateConversionReviewVersions(versions: string[], requireRecognized: boolean, p: string): FieldError[] {
  if (!versions.length) return [errRequired(p)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let accepted = false;
  versions.forEach((v, i) => {
    if (seen.has(v)) {
      errs.push(errInvalid(pindex(p, i), v, 'duplicate version'));
      return;
    }
    seen.add(v);
    for (const m of isDNS1035Label(v)) errs.push(errInvalid(pindex(p, i), v, m));
    if (v === 'v1' || v === 'v1beta1') accepted = true;
  });
  if (requireRecognized && !accepted) errs.push(errInvalid(p, versions, 'must include at least one of v1, v1beta1'));
  return errs;
}

// ---- the schema ----------------------------------------------------------------------------------------

interface SSV {
  allowDefaults: boolean;
  disallowDefaultsReason: string;
  insideResourceMeta: boolean;
  requireValidPropertyType: boolean;
  uncorrelatablePath?: string;
}

interface SchemaErrs {
  schema: FieldError[];
  cel: FieldError[];
}

function typeValue(s: JSONSchemaProps): string {
  return typeof s.type === 'string' ? s.type : '';
}

/** go reflect zero-value check of an internal JSONSchemaProps field, from the raw v1 key */
const ROOT_FIELD_ORDER: [string, string][] = [
  ['ID', 'id'],
  ['Schema', '$schema'],
  ['Ref', '$ref'],
  ['Description', 'description'],
  ['Type', 'type'],
  ['Nullable', 'nullable'],
  ['Format', 'format'],
  ['Title', 'title'],
  ['Default', 'default'],
  ['Maximum', 'maximum'],
  ['ExclusiveMaximum', 'exclusiveMaximum'],
  ['Minimum', 'minimum'],
  ['ExclusiveMinimum', 'exclusiveMinimum'],
  ['MaxLength', 'maxLength'],
  ['MinLength', 'minLength'],
  ['Pattern', 'pattern'],
  ['MaxItems', 'maxItems'],
  ['MinItems', 'minItems'],
  ['UniqueItems', 'uniqueItems'],
  ['MultipleOf', 'multipleOf'],
  ['Enum', 'enum'],
  ['MaxProperties', 'maxProperties'],
  ['MinProperties', 'minProperties'],
  ['Required', 'required'],
  ['Items', 'items'],
  ['AllOf', 'allOf'],
  ['OneOf', 'oneOf'],
  ['AnyOf', 'anyOf'],
  ['Not', 'not'],
  ['Properties', 'properties'],
  ['AdditionalProperties', 'additionalProperties'],
  ['PatternProperties', 'patternProperties'],
  ['Dependencies', 'dependencies'],
  ['AdditionalItems', 'additionalItems'],
  ['Definitions', 'definitions'],
  ['ExternalDocs', 'externalDocs'],
  ['Example', 'example'],
  ['XPreserveUnknownFields', 'x-kubernetes-preserve-unknown-fields'],
  ['XEmbeddedResource', 'x-kubernetes-embedded-resource'],
  ['XIntOrString', 'x-kubernetes-int-or-string'],
  ['XListMapKeys', 'x-kubernetes-list-map-keys'],
  ['XListType', 'x-kubernetes-list-type'],
  ['XMapType', 'x-kubernetes-map-type'],
  ['XValidations', 'x-kubernetes-validations'],
];

function isZeroField(v: unknown): boolean {
  return v === undefined || v === null || v === false || v === '';
}

function validateValidation(crv: JSONObject | undefined, statusSubresource: boolean, opts: Opts, p: string): FieldError[] {
  if (!crv) return [];
  let errs: FieldError[] = [];
  const schema = isObj(crv.openAPIV3Schema) ? crv.openAPIV3Schema : undefined;
  if (schema) {
    const sp = pchild(p, 'openAPIV3Schema');
    if (statusSubresource) {
      for (const [goName, key] of ROOT_FIELD_ORDER) {
        if (isZeroField(schema[key])) continue;
        if (goName === 'Type') {
          if (schema.type !== 'object') {
            errs.push(errInvalid(pchild(p, 'openAPIV3Schema.type'), typeValue(schema), 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled'));
            break;
          }
          continue;
        }
        if (!allowedFieldsAtRootSchema.includes(goName)) {
          errs.push(errInvalid(sp, internalSchemaJSON(schema), `only [${allowedFieldsAtRootSchema.join(' ')}] fields are allowed at the root of the schema if the status subresource is enabled`));
          break;
        }
      }
    }
    if (schema.nullable === true) errs.push(errForbidden(pchild(p, 'openAPIV3Schema.nullable'), 'nullable cannot be true at the root'));
    const ssv: SSV = { allowDefaults: opts.allowDefaults, disallowDefaultsReason: opts.disallowDefaultsReason, insideResourceMeta: false, requireValidPropertyType: opts.requireValidPropertyType };
    let celAllowed = false;
    const initErrs: FieldError[] = [];
    if (opts.requireStructuralSchema) {
      const { ss, err } = tryStructural(schema);
      if (err || !ss) initErrs.push(errInvalid(sp, '', err ?? ''));
      else {
        const se = validateStructural(sp, ss);
        if (se.length) errs.push(...se);
        else {
          const de = validateDefaults(sp, ss, true, { requirePrunedDefaults: opts.requirePrunedDefaults, celValidate: opts.celValidateDefault });
          if (de.length) errs.push(...de);
          else celAllowed = true;
        }
      }
    }
    const oe = validateOpenAPISchema(schema, sp, ssv, true, opts, celAllowed);
    errs = [...errs, ...oe.schema, ...oe.cel];
    if (!errs.length && initErrs.length) errs.push(...initErrs);
  }
  return errs;
}

function withForbiddenDefaults(ssv: SSV, reason: string): SSV {
  return { ...ssv, allowDefaults: false, disallowDefaultsReason: reason };
}

function withForbidOldSelf(ssv: SSV, path: string): SSV {
  return ssv.uncorrelatablePath !== undefined ? ssv : { ...ssv, uncorrelatablePath: path };
}

function ssvValidate(ssv: SSV, s: JSONSchemaProps, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = typeValue(s);
  if (ssv.requireValidPropertyType && type && !openapiV3Types.includes(type)) errs.push(errNotSupported(pchild(p, 'type'), type, openapiV3Types));
  if (rawDefault(s) !== undefined && !ssv.allowDefaults) {
    let detail = 'must not be set';
    if (ssv.disallowDefaultsReason) detail += ` ${ssv.disallowDefaultsReason}`;
    errs.push(errForbidden(pchild(p, 'default'), detail));
  }
  if (typeof s.id === 'string' && s.id) errs.push(errForbidden(pchild(p, 'id'), 'id is not supported'));
  if (rawSchemaOrBool(s, 'additionalItems')) errs.push(errForbidden(pchild(p, 'additionalItems'), 'additionalItems is not supported'));
  if (isObj(s.patternProperties) && Object.keys(s.patternProperties).length) errs.push(errForbidden(pchild(p, 'patternProperties'), 'patternProperties is not supported'));
  if (isObj(s.definitions) && Object.keys(s.definitions).length) errs.push(errForbidden(pchild(p, 'definitions'), 'definitions is not supported'));
  if (isObj(s.dependencies)) errs.push(errForbidden(pchild(p, 'dependencies'), 'dependencies is not supported'));
  if (typeof s.$ref === 'string') errs.push(errForbidden(pchild(p, '$ref'), '$ref is not supported'));
  if (type === 'null') errs.push(errForbidden(pchild(p, 'type'), 'type cannot be set to null, use nullable as an alternative'));
  const items = rawItems(s);
  if (items?.jsonSchemas && items.jsonSchemas.length) errs.push(errForbidden(pchild(p, 'items'), 'items must be a schema object and not an array'));
  if (ssv.insideResourceMeta && s['x-kubernetes-embedded-resource'] === true) errs.push(errForbidden(pchild(p, 'x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'));
  return errs;
}

const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);

function validateOpenAPISchema(s: JSONSchemaProps | undefined, p: string, ssv: SSV, isRoot: boolean, opts: Opts, cel: boolean): SchemaErrs {
  const out: SchemaErrs = { schema: [], cel: [] };
  if (!s) return out;
  const add = (r: SchemaErrs): void => {
    out.schema.push(...r.schema);
    out.cel.push(...r.cel);
  };
  out.schema.push(...ssvValidate(ssv, s, p));
  if (s.uniqueItems === true) out.schema.push(errForbidden(pchild(p, 'uniqueItems'), 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  const props = rawSchemaMap(s, 'properties') ?? {};
  const propKeys = sortedKeys(props);
  const ap = rawSchemaOrBool(s, 'additionalProperties');
  if (ap) {
    if (propKeys.length && (!ap.allows || ap.schema)) out.schema.push(errForbidden(pchild(p, 'additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
    const sub = ssv.insideResourceMeta ? withForbiddenDefaults(ssv, 'inside additionalProperties applying to object metadata') : ssv;
    add(validateOpenAPISchema(ap.schema, pchild(p, 'additionalProperties'), sub, false, opts, cel));
  }
  const mapType = typeof s['x-kubernetes-map-type'] === 'string' ? (s['x-kubernetes-map-type'] as string) : undefined;
  const listType = typeof s['x-kubernetes-list-type'] === 'string' ? (s['x-kubernetes-list-type'] as string) : undefined;
  for (const k of propKeys) {
    let sub = ssv;
    if (mapType === 'atomic') sub = withForbidOldSelf(sub, p);
    if ((isRoot || s['x-kubernetes-embedded-resource'] === true) && META_FIELDS.has(k)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot) sub = withForbiddenDefaults(sub, `in top-level ${k}`);
    }
    add(validateOpenAPISchema(props[k], pkey(pchild(p, 'properties'), k), sub, false, opts, cel));
  }
  if (isObj(s.not)) add(validateOpenAPISchema(s.not, pchild(p, 'not'), ssv, false, opts, false));
  for (const k of ['allOf', 'oneOf', 'anyOf'] as const) (rawSchemaList(s, k) ?? []).forEach((x, i) => add(validateOpenAPISchema(x, pindex(pchild(p, k), i), ssv, false, opts, false)));
  const defs = rawSchemaMap(s, 'definitions') ?? {};
  for (const k of sortedKeys(defs)) add(validateOpenAPISchema(defs[k], pkey(pchild(p, 'definitions'), k), ssv, false, opts, false));
  const items = rawItems(s);
  if (items) {
    const sub = listType !== 'map' ? withForbidOldSelf(ssv, p) : ssv;
    add(validateOpenAPISchema(items.schema, pchild(p, 'items'), sub, false, opts, cel));
    (items.jsonSchemas ?? []).forEach((x, i) => add(validateOpenAPISchema(x, pindex(pchild(p, 'items'), i), sub, false, opts, cel)));
  }
  if (isObj(s.dependencies)) {
    for (const k of sortedKeys(s.dependencies)) {
      const d = s.dependencies[k];
      if (isObj(d)) add(validateOpenAPISchema(d, pkey(pchild(p, 'dependencies'), k), ssv, false, opts, false));
    }
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === false) out.schema.push(errInvalid(pchild(p, 'x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  const type = typeValue(s);
  if (mapType !== undefined && type !== 'object') {
    if (!type) out.schema.push(errRequired(pchild(p, 'type'), 'must be object if x-kubernetes-map-type is specified'));
    else out.schema.push(errInvalid(pchild(p, 'type'), type, 'must be object if x-kubernetes-map-type is specified'));
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') out.schema.push(errNotSupported(pchild(p, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  if (listType !== undefined && type !== 'array') {
    if (!type) out.schema.push(errRequired(pchild(p, 'type'), 'must be array if x-kubernetes-list-type is specified'));
    else out.schema.push(errInvalid(pchild(p, 'type'), type, 'must be array if x-kubernetes-list-type is specified'));
  } else if (opts.requireAtomicSetType && listType === 'set' && items?.schema) {
    const is = items.schema;
    const isListType = typeof is['x-kubernetes-list-type'] === 'string' ? (is['x-kubernetes-list-type'] as string) : undefined;
    if (is.type === 'array') {
      if (isListType !== undefined && isListType !== 'atomic')
        out.schema.push(errInvalid(pchild(p, 'items', 'x-kubernetes-list-type'), isListType, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    } else if (is.type === 'object') {
      if (is['x-kubernetes-map-type'] !== 'atomic')
        out.schema.push(errInvalid(pchild(p, 'items', 'x-kubernetes-map-type'), isListType ?? null, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
  }
  if (listType !== undefined && listType !== 'atomic' && listType !== 'set' && listType !== 'map') out.schema.push(errNotSupported(pchild(p, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
  const mapKeys = rawStrings(s, 'x-kubernetes-list-map-keys') ?? [];
  if (mapKeys.length) {
    if (listType === undefined) out.schema.push(errRequired(pchild(p, 'x-kubernetes-list-type'), 'must be map if x-kubernetes-list-map-keys is non-empty'));
    else if (listType !== 'map') out.schema.push(errInvalid(pchild(p, 'x-kubernetes-list-type'), listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  }
  if (listType === 'map') {
    if (!mapKeys.length) out.schema.push(errRequired(pchild(p, 'x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'));
    if (!items) out.schema.push(errRequired(pchild(p, 'items'), 'must have a schema if x-kubernetes-list-type is map'));
    if (items && !items.schema) out.schema.push(errInvalid(pchild(p, 'items'), internalItemsJSON(s), 'must only have a single schema if x-kubernetes-list-type is map'));
    if (items?.schema && items.schema.type !== 'object')
      out.schema.push(errInvalid(pchild(p, 'items', 'type'), typeValue(items.schema), "must be object if parent array's x-kubernetes-list-type is map"));
    if (items?.schema && items.schema.type === 'object') {
      const itemProps = rawSchemaMap(items.schema, 'properties') ?? {};
      const seen = new Set<string>();
      for (const k of mapKeys) {
        const ps = itemProps[k];
        if (ps) {
          if (ps.type === 'array' || ps.type === 'object')
            out.schema.push(errInvalid(pchild(pkey(pchild(p, 'items', 'properties'), k), 'type'), 'object', "must be a scalar type if parent array's x-kubernetes-list-type is map"));
        } else out.schema.push(errInvalid(pchild(p, 'x-kubernetes-list-map-keys'), mapKeys, 'entries must all be names of item properties'));
        if (seen.has(k)) out.schema.push(errInvalid(pchild(p, 'x-kubernetes-list-map-keys'), mapKeys, 'must not contain duplicate entries'));
        seen.add(k);
      }
    }
  }
  if (opts.requireMapListKeysMapSetValidation) out.schema.push(...validateMapListKeysMapSet(s, p));
  const rules = Array.isArray(s['x-kubernetes-validations']) ? (s['x-kubernetes-validations'] as unknown[]) : [];
  if (rules.length) {
    rules.forEach((r0, i) => {
      const r = isObj(r0) ? r0 : {};
      const rp = pindex(pchild(p, 'x-kubernetes-validations'), i);
      const rule = str(r.rule);
      const msg = str(r.message);
      const msgExpr = str(r.messageExpression);
      const trimmedRule = rule.trim();
      const trimmedMsg = msg.trim();
      if (!trimmedRule) out.schema.push(errRequired(pchild(rp, 'rule'), 'rule is not specified'));
      else if (msg.length > 0 && !trimmedMsg) out.schema.push(errInvalid(pchild(rp, 'message'), msg, 'must be non-empty if specified'));
      else if (/[\n\r]+/.test(trimmedMsg)) out.schema.push(errInvalid(pchild(rp, 'message'), msg, 'must not contain line breaks'));
      else if (/[\n\r]+/.test(trimmedRule) && !trimmedMsg) out.schema.push(errRequired(pchild(rp, 'message'), 'message must be specified if rule contains line breaks'));
      if (msgExpr.length > 0 && !msgExpr.trim()) out.schema.push(errRequired(pchild(rp, 'messageExpression'), 'messageExpression must be non-empty if specified'));
      if (typeof r.reason === 'string' && !supportedValidationReasons.includes(r.reason)) out.schema.push(errNotSupported(pchild(rp, 'reason'), r.reason, supportedValidationReasons));
      const fp = str(r.fieldPath);
      if (fp.length > 0 && !fp.trim()) out.schema.push(errInvalid(pchild(rp, 'fieldPath'), fp, 'must be non-empty if specified'));
      if (/[\n\r]+/.test(fp)) out.schema.push(errInvalid(pchild(rp, 'fieldPath'), fp, 'must not contain line breaks'));
      if (fp.length > 0) {
        const { ss } = tryStructural(s);
        if (ss && validFieldPath(fp, ss).error !== undefined) out.schema.push(errInvalid(pchild(rp, 'fieldPath'), fp, 'must be a valid path'));
      }
    });
    if (!out.schema.length && cel && opts.compileRule) {
      rules.forEach((r0, i) => {
        const r = isObj(r0) ? r0 : {};
        const rp = pindex(pchild(p, 'x-kubernetes-validations'), i);
        const rule = str(r.rule);
        let res: CELRuleCheck | undefined;
        try {
          res = opts.compileRule?.({
            rule,
            messageExpression: str(r.messageExpression) || undefined,
            schema: s,
            isRoot: isRoot || s['x-kubernetes-embedded-resource'] === true,
            preexisting: opts.preexistingRules.has(rule),
          });
        } catch (e) {
          out.cel.push(errInternal(pchild(p, 'x-kubernetes-validations'), (e as Error).message));
          return;
        }
        if (!res) return;
        if (res.error !== undefined) {
          if (res.errorType === 'required') out.cel.push(errRequired(pchild(rp, 'rule'), res.error));
          else out.cel.push(errInvalid(pchild(rp, 'rule'), internalRuleJSON(r), res.error));
        }
        if (res.messageExpressionError !== undefined) out.cel.push(errInvalid(pchild(rp, 'messageExpression'), internalRuleJSON(r), res.messageExpressionError));
        if (res.usesOldSelf) {
          if (ssv.uncorrelatablePath !== undefined)
            out.cel.push(errInvalid(pchild(rp, 'rule'), rule, `oldSelf cannot be used on the uncorrelatable portion of the schema within ${ssv.uncorrelatablePath}`));
        } else if (typeof r.optionalOldSelf === 'boolean' && res.error === undefined) {
          out.cel.push(errInvalid(pchild(rp, 'optionalOldSelf'), r.optionalOldSelf, 'may not be set if oldSelf is not used in rule'));
        }
      });
    }
  }
  return out;
}

function validateMapListKeysMapSet(s: JSONSchemaProps, p: string): FieldError[] {
  const items = rawItems(s);
  const is = items?.schema;
  const listType = typeof s['x-kubernetes-list-type'] === 'string' ? (s['x-kubernetes-list-type'] as string) : undefined;
  if (!is || (listType !== 'set' && listType !== 'map')) return [];
  const errs: FieldError[] = [];
  if (is.nullable === true) errs.push(errForbidden(pchild(p, 'items', 'nullable'), `cannot be nullable when x-kubernetes-list-type is ${listType}`));
  if (listType === 'map') {
    const required = new Set(rawStrings(is, 'required') ?? []);
    const props = rawSchemaMap(is, 'properties') ?? {};
    for (const k of rawStrings(s, 'x-kubernetes-list-map-keys') ?? []) {
      const ps = props[k];
      if (!ps) continue;
      const kp = pkey(pchild(p, 'items', 'properties'), k);
      if (!required.has(k) && rawDefault(ps) === undefined)
        errs.push(errRequired(pchild(kp, 'default'), 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
      if (ps.nullable === true) errs.push(errForbidden(pchild(kp, 'nullable'), 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
    }
  }
  return errs;
}

// ---- warnings -------------------------------------------------------------------------------------

function unrecognizedFormats(spec: InternalSpec): string[] {
  const out: string[] = [];
  for (const s of schemasOf(spec))
    schemaHas(s, (x) => {
      const f = typeof x.format === 'string' ? x.format : '';
      if (f && x.type === 'string' && !isSupportedFormat(f)) out.push(f);
      return false;
    });
  return out;
}

/** WarningsOnCreate / WarningsOnUpdate of the CRD strategy: newly introduced unrecognized string formats */
export function crdWarnings(crd: JSONObject, old?: JSONObject): string[] {
  const now = unrecognizedFormats(toInternalSpec(isObj(crd.spec) ? crd.spec : {}));
  const before = new Set(old ? unrecognizedFormats(toInternalSpec(isObj(old.spec) ? old.spec : {})) : []);
  return now.filter((f) => !before.has(f)).map((f) => `unrecognized format ${JSON.stringify(f)}`);
}

export type { FieldPath };
