// ObjectMeta inside custom resources: decoding metadata the way the typed
// metav1.ObjectMeta round trip does (unknown fields dropped, wrong types
// reported with encoding/json's messages), and the validation of embedded
// resources (x-kubernetes-embedded-resource) with their apiVersion, kind and
// metadata.
import type { FieldError } from '../../../machinery/errors.js';
import type { KObject } from '../../../machinery/objects.js';
import { validateObjectMeta } from '../../../machinery/validation.js';
import type { Structural } from './structural.js';
import { type FieldPath, errInvalid, errRequired, isObj, isInt64, pchild, pindex, pkey, pstr, sortedKeys } from './util.js';

type Kind = 'string' | 'int64' | 'time' | 'stringMap' | 'stringList' | 'bool' | 'ownerRefs' | 'managedFields' | 'raw';

const OBJECT_META: Record<string, Kind> = {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  selfLink: 'string',
  uid: 'string',
  resourceVersion: 'string',
  generation: 'int64',
  creationTimestamp: 'time',
  deletionTimestamp: 'time',
  deletionGracePeriodSeconds: 'int64',
  labels: 'stringMap',
  annotations: 'stringMap',
  ownerReferences: 'ownerRefs',
  finalizers: 'stringList',
  managedFields: 'managedFields',
};

const OWNER_REF: Record<string, Kind> = { apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'bool', blockOwnerDeletion: 'bool' };
const OWNER_REF_ALWAYS = new Set(['apiVersion', 'kind', 'name', 'uid']);
const MANAGED_FIELDS: Record<string, Kind> = {
  manager: 'string',
  operation: 'string',
  apiVersion: 'string',
  time: 'time',
  fieldsType: 'string',
  fieldsV1: 'raw',
  subresource: 'string',
};

const GO_TYPES: Record<Kind, string> = {
  string: 'string',
  int64: 'int64',
  time: 'string',
  stringMap: 'map[string]string',
  stringList: '[]string',
  bool: 'bool',
  ownerRefs: '[]v1.OwnerReference',
  managedFields: '[]v1.ManagedFieldsEntry',
  raw: 'v1.FieldsV1',
};

class DecodeError extends Error {}

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return `number ${v}`;
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function fail(v: unknown, field: string, kind: Kind): never {
  const jk = typeof v === 'number' ? (kind === 'int64' ? `number ${v}` : 'number') : jsonKind(v);
  throw new DecodeError(`json: cannot unmarshal ${jk} into Go struct field ObjectMeta.${field} of type ${GO_TYPES[kind]}`);
}

/** metav1.Time decoding and re-encoding (RFC3339, second precision, UTC) */
function decodeTime(v: unknown, field: string): string | undefined {
  if (v === null) return undefined;
  if (typeof v !== 'string') throw new DecodeError(`json: cannot unmarshal ${jsonKind(v).split(' ')[0]} into Go struct field ObjectMeta.${field} of type string`);
  if (v === '') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(v);
  const t = m ? Date.parse(v) : NaN;
  if (!m || Number.isNaN(t)) throw new DecodeError(`parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(v)} as "2006"`);
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function decodeValue(v: unknown, kind: Kind, field: string, unknown: string[], prefix: string): unknown {
  if (v === null || v === undefined) return undefined;
  switch (kind) {
    case 'string':
      if (typeof v !== 'string') fail(v, field, kind);
      return v === '' ? undefined : v;
    case 'bool':
      if (typeof v !== 'boolean') fail(v, field, kind);
      return v;
    case 'int64':
      if (typeof v !== 'number' || !isInt64(v)) fail(v, field, kind);
      return v;
    case 'time':
      return decodeTime(v, field);
    case 'raw':
      return v;
    case 'stringMap': {
      if (!isObj(v)) fail(v, field, kind);
      const out: Record<string, string> = {};
      for (const k of Object.keys(v)) {
        const x = v[k];
        if (x === null) {
          out[k] = '';
          continue;
        }
        if (typeof x !== 'string') fail(x, field, 'string');
        out[k] = x;
      }
      return Object.keys(out).length ? out : undefined;
    }
    case 'stringList': {
      if (!Array.isArray(v)) fail(v, field, kind);
      const out = v.map((x) => {
        if (x === null) return '';
        if (typeof x !== 'string') fail(x, field, 'string');
        return x;
      });
      return out.length ? out : undefined;
    }
    case 'ownerRefs':
    case 'managedFields': {
      if (!Array.isArray(v)) fail(v, field, kind);
      const spec = kind === 'ownerRefs' ? OWNER_REF : MANAGED_FIELDS;
      const out = v.map((item, i) => {
        if (item === null) return kind === 'ownerRefs' ? { apiVersion: '', kind: '', name: '', uid: '' } : {};
        if (!isObj(item)) fail(item, field, kind);
        const o: Record<string, unknown> = {};
        for (const k of Object.keys(item)) {
          const sub = spec[k];
          if (!sub) {
            unknown.push(`${prefix}.${field}[${i}].${k}`);
            continue;
          }
          const d = decodeValue(item[k], sub, `${field}.${k}`, unknown, prefix);
          if (d !== undefined) o[k] = d;
        }
        if (kind === 'ownerRefs') {
          const ordered: Record<string, unknown> = {};
          for (const k of Object.keys(OWNER_REF)) {
            if (o[k] !== undefined) ordered[k] = o[k];
            else if (OWNER_REF_ALWAYS.has(k)) ordered[k] = '';
          }
          return ordered;
        }
        return o;
      });
      return out.length ? out : undefined;
    }
  }
}

export interface ObjectMetaDecode {
  /** the metadata after the ObjectMeta round trip (undefined if it did not decode) */
  meta?: Record<string, unknown>;
  /** unknown field paths, prefixed with the metadata path */
  unknownFields: string[];
  /** the decode error (encoding/json's text) */
  error?: string;
}

/**
 * GetObjectMetaWithOptions + SetObjectMeta: decode obj.metadata as a typed
 * ObjectMeta and encode it back. With dropMalformed, fields that do not
 * decode are dropped one by one instead of failing.
 */
export function decodeObjectMeta(metadata: unknown, parentPath: FieldPath, dropMalformed = false): ObjectMetaDecode {
  const prefix = pchild(parentPath, 'metadata');
  const unknownFields: string[] = [];
  if (metadata === null) return { meta: {}, unknownFields };
  if (!isObj(metadata)) {
    const err = `json: cannot unmarshal ${jsonKind(metadata).split(' ')[0]} into Go value of type v1.ObjectMeta`;
    if (!dropMalformed) return { unknownFields, error: err };
    return { unknownFields, error: `invalid metadata: expected object, got ${typeof metadata === 'string' ? 'string' : typeof metadata === 'number' ? 'float64' : typeof metadata === 'boolean' ? 'bool' : '[]interface {}'}` };
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(metadata)) {
    const kind = OBJECT_META[k];
    if (!kind) {
      unknownFields.push(`${prefix}.${k}`);
      continue;
    }
    try {
      const sub: string[] = [];
      const d = decodeValue(metadata[k], kind, k, sub, prefix);
      unknownFields.push(...sub);
      if (d !== undefined) out[k] = d;
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      if (!dropMalformed) return { unknownFields, error: e.message };
    }
  }
  // encode in ObjectMeta's field order
  const ordered: Record<string, unknown> = {};
  for (const k of Object.keys(OBJECT_META)) if (out[k] !== undefined) ordered[k] = out[k];
  return { meta: ordered, unknownFields };
}

// ---- coercion of embedded resources --------------------------------------------------------

export interface CoerceResult {
  error?: FieldError;
  unknownFields: string[];
}

/**
 * objectmeta.Coerce: walk the object along the schema; in every embedded
 * resource (and the root when isResourceRoot) check apiVersion/kind are
 * strings and round-trip metadata through ObjectMeta.
 */
export function coerceEmbeddedMetadata(pth: FieldPath, obj: unknown, s: Structural | undefined, isResourceRoot: boolean, dropInvalidFields = false): CoerceResult {
  let schema = s;
  if (isResourceRoot) schema = { ...(schema ?? emptyStructural()), xEmbeddedResource: true };
  const unknownFields: string[] = [];
  const error = coerce(pth, obj, schema, dropInvalidFields, unknownFields);
  unknownFields.sort();
  return { error, unknownFields };
}

export function emptyStructural(): Structural {
  return { type: '', description: '', title: '', nullable: false, xPreserveUnknownFields: false, xEmbeddedResource: false, xIntOrString: false };
}

function coerce(pth: FieldPath, x: unknown, s: Structural | undefined, drop: boolean, unknown: string[]): FieldError | undefined {
  if (!s) return undefined;
  if (isObj(x)) {
    for (const k of Object.keys(x)) {
      const v = x[k];
      if (s.xEmbeddedResource) {
        if (k === 'apiVersion' || k === 'kind') {
          if (typeof v !== 'string') {
            if (drop) delete x[k];
            else return errInvalid(pchild(pth, k), v, 'must be a string');
          }
        } else if (k === 'metadata') {
          const d = decodeObjectMeta(v, pth, drop);
          unknown.push(...d.unknownFields);
          if (d.error !== undefined) {
            if (!drop) return errInvalid(pchild(pth, 'metadata'), v, d.error);
          } else if (d.meta) x.metadata = d.meta;
        }
      }
      const prop = s.properties?.[k];
      if (prop) {
        const e = coerce(pchild(pth, k), x[k], prop, drop, unknown);
        if (e) return e;
      } else if (s.additionalProperties) {
        const e = coerce(pkey(pth, k), x[k], s.additionalProperties.structural, drop, unknown);
        if (e) return e;
      }
    }
  } else if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const e = coerce(pindex(pth, i), x[i], s.items, drop, unknown);
      if (e) return e;
    }
  }
  return undefined;
}

// ---- validation of embedded resources -------------------------------------------------------

/** schema.ParseGroupVersion */
export function parseGroupVersionError(gv: string): string | undefined {
  if (gv === '' || gv === '/') return undefined;
  const n = gv.split('/').length - 1;
  if (n === 0 || n === 1) return undefined;
  return `unexpected GroupVersion string: ${gv}`;
}

const dns1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function dns1035Errors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!dns1035.test(v))
    errs.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  return errs;
}

/** objectmeta.Validate: apiVersion, kind and metadata of embedded resources */
export function validateEmbeddedResources(pth: FieldPath, obj: unknown, s: Structural | undefined, isResourceRoot: boolean): FieldError[] {
  let schema = s;
  if (isResourceRoot) schema = { ...(schema ?? emptyStructural()), xEmbeddedResource: true };
  return validateMeta(pth, obj, schema);
}

function validateMeta(pth: FieldPath, x: unknown, s: Structural | undefined): FieldError[] {
  if (!s) return [];
  const errs: FieldError[] = [];
  if (isObj(x)) {
    if (s.xEmbeddedResource) errs.push(...validateEmbeddedResource(pth, x));
    for (const k of sortedKeys(x)) {
      const prop = s.properties?.[k];
      if (prop) errs.push(...validateMeta(pchild(pth, k), x[k], prop));
      else if (s.additionalProperties) errs.push(...validateMeta(pkey(pth, k), x[k], s.additionalProperties.structural));
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => errs.push(...validateMeta(pindex(pth, i), v, s.items)));
  }
  return errs;
}

function validateEmbeddedResource(pth: FieldPath, x: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  if (!Object.prototype.hasOwnProperty.call(x, 'apiVersion')) errs.push(errRequired(pchild(pth, 'apiVersion')));
  if (!Object.prototype.hasOwnProperty.call(x, 'kind')) errs.push(errRequired(pchild(pth, 'kind')));
  for (const k of sortedKeys(x)) {
    const v = x[k];
    if (k === 'apiVersion') {
      if (typeof v !== 'string') errs.push(errInvalid(pchild(pth, 'apiVersion'), v ?? null, 'must be a string'));
      else if (!v) errs.push(errInvalid(pchild(pth, 'apiVersion'), v, 'must not be empty'));
      else {
        const e = parseGroupVersionError(v);
        if (e) errs.push(errInvalid(pchild(pth, 'apiVersion'), v, e));
      }
    } else if (k === 'kind') {
      if (typeof v !== 'string') errs.push(errInvalid(pchild(pth, 'kind'), v ?? null, 'must be a string'));
      else if (!v) errs.push(errInvalid(pchild(pth, 'kind'), v, 'must not be empty'));
      else {
        const e = dns1035Errors(v.toLowerCase());
        if (e.length) errs.push(errInvalid(pchild(pth, 'kind'), v, `may have mixed case, but should otherwise match: ${e.join(',')}`));
      }
    } else if (k === 'metadata') {
      const d = decodeObjectMeta(v, pth, false);
      if (d.error !== undefined || !d.meta) errs.push(errInvalid(pchild(pth, 'metadata'), v, d.error ?? ''));
      else {
        const meta = { ...d.meta };
        if (!meta.name) meta.name = 'fakename';
        const namespaced = typeof meta.namespace === 'string' && meta.namespace.length > 0;
        const prefix = pchild(pth, 'metadata');
        for (const e of validateObjectMeta({ metadata: meta } as unknown as KObject, { namespaced, nameRule: 'path' })) {
          errs.push({ ...e, field: prefix + e.field.slice('metadata'.length) });
        }
      }
    }
  }
  return errs;
}

export { pstr };
