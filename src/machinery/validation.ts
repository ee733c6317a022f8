// Common validation: names, labels, annotations, object metadata. Field paths
// and message texts follow k8s.io/apimachinery/pkg/api/validation and
// pkg/util/validation so clients see the same errors as from upstream.
import type { FieldError } from './errors.js';
import type { KObject, ObjectMeta } from './objects.js';
import { labelKeyErrors, labelValueErrors } from './selectors.js';

export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path' | 'none';

const dns1123LabelRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035LabelRe = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const dns1123SubdomainRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function dns1123SubdomainErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push('must be no more than 253 characters');
  if (!dns1123SubdomainRe.test(v))
    errs.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  return errs;
}

export function dns1123LabelErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!dns1123LabelRe.test(v))
    errs.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  return errs;
}

export function dns1035LabelErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!dns1035LabelRe.test(v))
    errs.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  return errs;
}

export function pathSegmentNameErrors(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (v.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

export function nameErrors(rule: NameRule, name: string, prefix = false): string[] {
  // For generateName, a trailing '-' is allowed (the random suffix follows).
  const v = prefix && name.endsWith('-') ? name.slice(0, -1) : name;
  switch (rule) {
    case 'subdomain':
      return dns1123SubdomainErrors(v);
    case 'label':
      return dns1123LabelErrors(v);
    case 'dns1035':
      return dns1035LabelErrors(v);
    case 'path':
      return pathSegmentNameErrors(v);
    case 'none':
      return [];
  }
}

export function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (labels === undefined || labels === null) return errs;
  if (typeof labels !== 'object' || Array.isArray(labels)) {
    return [{ type: 'FieldValueInvalid', field: path, value: labels, detail: 'must be a map of strings' }];
  }
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const msg of labelKeyErrors(k)) errs.push({ type: 'FieldValueInvalid', field: path, value: k, detail: msg });
    if (typeof v !== 'string') {
      errs.push({ type: 'FieldValueInvalid', field: path, value: v, detail: 'must be a string' });
      continue;
    }
    for (const msg of labelValueErrors(v)) errs.push({ type: 'FieldValueInvalid', field: path, value: v, detail: msg });
  }
  return errs;
}

const totalAnnotationSizeLimit = 256 * 1024;

export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (annotations === undefined || annotations === null) return errs;
  if (typeof annotations !== 'object' || Array.isArray(annotations)) {
    return [{ type: 'FieldValueInvalid', field: path, value: annotations, detail: 'must be a map of strings' }];
  }
  let size = 0;
  for (const [k, v] of Object.entries(annotations as Record<string, unknown>)) {
    for (const msg of labelKeyErrors(k.toLowerCase())) errs.push({ type: 'FieldValueInvalid', field: path, value: k, detail: msg });
    if (typeof v !== 'string') {
      errs.push({ type: 'FieldValueInvalid', field: path, value: v, detail: 'must be a string' });
      continue;
    }
    size += k.length + v.length;
  }
  if (size > totalAnnotationSizeLimit)
    errs.push({ type: 'FieldValueTooLong', field: path, detail: `may not be more than ${totalAnnotationSizeLimit} bytes` });
  return errs;
}

function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (refs === undefined || refs === null) return errs;
  if (!Array.isArray(refs)) return [{ type: 'FieldValueInvalid', field: path, value: refs, detail: 'must be a list' }];
  let controllers = 0;
  refs.forEach((r: Record<string, unknown>, i) => {
    const p = `${path}[${i}]`;
    if (!r || typeof r !== 'object') {
      errs.push({ type: 'FieldValueInvalid', field: p, value: r, detail: 'must be an object' });
      return;
    }
    if (!r.apiVersion) errs.push({ type: 'FieldValueInvalid', field: `${p}.apiVersion`, value: r.apiVersion ?? '', detail: 'version must not be empty' });
    if (!r.kind) errs.push({ type: 'FieldValueInvalid', field: `${p}.kind`, value: r.kind ?? '', detail: 'kind must not be empty' });
    if (!r.name) errs.push({ type: 'FieldValueInvalid', field: `${p}.name`, value: r.name ?? '', detail: 'name must not be empty' });
    if (!r.uid) errs.push({ type: 'FieldValueInvalid', field: `${p}.uid`, value: r.uid ?? '', detail: 'uid must not be empty' });
    if (r.controller === true) controllers++;
  });
  if (controllers > 1)
    errs.push({ type: 'FieldValueInvalid', field: path, value: refs, detail: 'Only one reference can have Controller set to true' });
  return errs;
}

function validateFinalizers(finalizers: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (finalizers === undefined || finalizers === null) return errs;
  if (!Array.isArray(finalizers)) return [{ type: 'FieldValueInvalid', field: path, value: finalizers, detail: 'must be a list' }];
  const seen = new Set<string>();
  finalizers.forEach((f, i) => {
    if (typeof f !== 'string') {
      errs.push({ type: 'FieldValueInvalid', field: `${path}[${i}]`, value: f, detail: 'must be a string' });
      return;
    }
    for (const msg of labelKeyErrors(f)) errs.push({ type: 'FieldValueInvalid', field: path, value: f, detail: msg });
    if (!f.includes('/') && !['kubernetes', 'orphan', 'foregroundDeletion'].includes(f))
      errs.push({
        type: 'FieldValueInvalid',
        field: path,
        value: f,
        detail: 'name is neither a standard finalizer name nor is it fully qualified',
      });
    if (seen.has(f)) errs.push({ type: 'FieldValueDuplicate', field: `${path}[${i}]`, value: f });
    seen.add(f);
  });
  return errs;
}

export interface MetaRules {
  namespaced: boolean;
  nameRule: NameRule;
}

/** ObjectMeta checks shared by every resource on create (and on update, together with validateObjectMetaUpdate). */
export function validateObjectMeta(obj: KObject, rules: MetaRules): FieldError[] {
  const errs: FieldError[] = [];
  const m = (obj.metadata ?? {}) as ObjectMeta;
  if (m.generateName !== undefined && m.generateName !== '' && typeof m.generateName === 'string') {
    for (const msg of nameErrors(rules.nameRule, m.generateName, true))
      errs.push({ type: 'FieldValueInvalid', field: 'metadata.generateName', value: m.generateName, detail: msg });
  }
  if (!m.name) {
    errs.push({ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' });
  } else if (typeof m.name !== 'string') {
    errs.push({ type: 'FieldValueInvalid', field: 'metadata.name', value: m.name, detail: 'must be a string' });
  } else {
    for (const msg of nameErrors(rules.nameRule, m.name)) errs.push({ type: 'FieldValueInvalid', field: 'metadata.name', value: m.name, detail: msg });
  }
  if (rules.namespaced) {
    if (!m.namespace) errs.push({ type: 'FieldValueRequired', field: 'metadata.namespace' });
    else for (const msg of dns1123LabelErrors(m.namespace)) errs.push({ type: 'FieldValueInvalid', field: 'metadata.namespace', value: m.namespace, detail: msg });
  } else if (m.namespace) {
    errs.push({ type: 'FieldValueForbidden', field: 'metadata.namespace', detail: 'not allowed on this type' });
  }
  if (m.generation !== undefined && m.generation !== null && (typeof m.generation !== 'number' || m.generation < 0))
    errs.push({ type: 'FieldValueInvalid', field: 'metadata.generation', value: m.generation, detail: 'must be greater than or equal to 0' });
  errs.push(...validateLabels(m.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(m.annotations, 'metadata.annotations'));
  errs.push(...validateOwnerReferences(m.ownerReferences, 'metadata.ownerReferences'));
  errs.push(...validateFinalizers(m.finalizers, 'metadata.finalizers'));
  return errs;
}

export function validateObjectMetaUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const m = (obj.metadata ?? {}) as ObjectMeta;
  const o = (old.metadata ?? {}) as ObjectMeta;
  const immutable = (field: keyof ObjectMeta, path: string) => {
    if ((m[field] ?? '') !== (o[field] ?? '')) errs.push({ type: 'FieldValueInvalid', field: path, value: m[field] ?? '', detail: 'field is immutable' });
  };
  immutable('name', 'metadata.name');
  immutable('namespace', 'metadata.namespace');
  immutable('uid', 'metadata.uid');
  immutable('creationTimestamp', 'metadata.creationTimestamp');
  // Finalizers may not be added once deletion has started.
  if (o.deletionTimestamp) {
    const before = new Set(o.finalizers ?? []);
    for (const f of m.finalizers ?? []) {
      if (!before.has(f))
        errs.push({
          type: 'FieldValueForbidden',
          field: 'metadata.finalizers',
          detail: `no new finalizers can be added if the object is being deleted, found new finalizers []string{${JSON.stringify(f)}}`,
        });
    }
  }
  return errs;
}
