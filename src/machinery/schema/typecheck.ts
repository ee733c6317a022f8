// Decoding a JSON object of a built-in kind the way kube-apiserver's typed
// decoder does: values must have the schema's types (a string where an
// integer belongs is a 400), unknown fields are dropped (and reported, for
// fieldValidation Warn/Strict), JSON nulls read as "unset". The schema is
// the generated OpenAPI v2 document of the served group versions.
import { openapiV2, type SchemaNode } from '../../api/schemaDocs.js';
import { badRequest } from '../errors.js';
import type { KObject } from '../objects.js';

const defPrefix = '#/definitions/';

let byGvk: Map<string, string> | undefined;

function gvkIndex(): Map<string, string> {
  if (byGvk) return byGvk;
  byGvk = new Map();
  for (const [name, def] of Object.entries(openapiV2().definitions)) {
    const gvks = def['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined;
    if (!gvks) continue;
    for (const g of gvks) {
      const key = `${g.group}/${g.version}/${g.kind}`;
      // prefer the definition of the group's own package (DeleteOptions etc. are listed under many)
      if (!byGvk.has(key) || gvks.length === 1) byGvk.set(key, name);
    }
  }
  return byGvk;
}

export function definitionForKind(group: string, version: string, kind: string): string | undefined {
  return gvkIndex().get(`${group}/${version}/${kind}`);
}

function shortName(def: string): string {
  return def.split('.').pop() ?? def;
}

function resolve(node: SchemaNode): { node: SchemaNode; def?: string } {
  let def: string | undefined;
  let n = node;
  for (let i = 0; i < 8 && n.$ref; i++) {
    def = n.$ref.startsWith(defPrefix) ? n.$ref.slice(defPrefix.length) : n.$ref;
    n = openapiV2().definitions[def] ?? {};
  }
  if (!n.$ref && !def && node.allOf) {
    const first = (node.allOf as SchemaNode[])[0];
    if (first) return resolve(first);
  }
  return { node: n, def };
}

export interface DecodeResult {
  /** dotted paths of fields the schema does not declare */
  unknown: string[];
}

interface Ctx {
  kind: string;
  version: string;
  unknown: string[];
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

function goType(node: SchemaNode, def?: string): string {
  if (def) {
    if (def.endsWith('.Time') || def.endsWith('.MicroTime')) return 'v1.Time';
    if (def.endsWith('.Quantity')) return 'resource.Quantity';
    if (def.endsWith('.IntOrString')) return 'intstr.IntOrString';
    return `${def.split('.').slice(-2, -1)[0] ?? ''}.${shortName(def)}`;
  }
  switch (node.type) {
    case 'integer':
      return node.format === 'int64' ? 'int64' : 'int32';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'string':
      return node.format === 'byte' ? '[]uint8' : 'string';
    case 'array':
      return '[]' + (node.items ? goType(resolve(node.items).node, resolve(node.items).def) : 'interface {}');
    case 'object':
      return 'map[string]string';
    default:
      return 'interface {}';
  }
}

function fail(c: Ctx, value: unknown, struct: string, path: string, type: string): never {
  const jt = jsonType(value);
  const what = jt === 'object' ? 'object' : jt === 'array' ? 'array' : jt === 'boolean' ? 'bool' : jt;
  throw badRequest(`${c.kind} in version "${c.version}" cannot be handled as a ${c.kind}: json: cannot unmarshal ${what} into Go struct field ${struct}.${path} of type ${type}`);
}

const quantityRe = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const rfc3339Re = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const base64Re = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Check `value` against `schema` in place: drops nulls and unknown fields,
 * throws a 400 on a type mismatch.
 */
function check(c: Ctx, value: unknown, schema: SchemaNode, struct: string, path: string): unknown {
  const { node, def } = resolve(schema);
  if (value === null) return undefined;
  if (def) {
    if (def.endsWith('.IntOrString')) {
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string') return value;
      return fail(c, value, struct, path, 'intstr.IntOrString');
    }
    if (def.endsWith('.Quantity')) {
      if (typeof value === 'number') return value;
      if (typeof value !== 'string') return fail(c, value, struct, path, 'resource.Quantity');
      if (!quantityRe.test(value.trim()))
        throw badRequest(`${c.kind} in version "${c.version}" cannot be handled as a ${c.kind}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
      return value;
    }
    if (def.endsWith('.Time') || def.endsWith('.MicroTime')) {
      if (typeof value !== 'string') return fail(c, value, struct, path, 'v1.Time');
      if (value !== '' && !rfc3339Re.test(value))
        throw badRequest(`${c.kind} in version "${c.version}" cannot be handled as a ${c.kind}: parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as "2006"`);
      return value;
    }
    if (def.endsWith('.RawExtension') || def.endsWith('.FieldsV1') || def.endsWith('apiextensions.v1.JSON')) return value;
    if (def.includes('JSONSchemaPropsOr') || def.endsWith('.JSONSchemaProps')) return value;
  }
  const type = node.type;
  if (!type && !node.properties) return value; // free-form
  if (type === 'object' || (!type && node.properties)) {
    if (jsonType(value) !== 'object') return fail(c, value, struct, path, goType(node, def));
    const obj = value as Record<string, unknown>;
    if (node.properties) {
      const structName = def ? shortName(def) : struct;
      for (const key of Object.keys(obj)) {
        const p = path ? `${path}.${key}` : key;
        const sub = node.properties[key];
        if (!sub) {
          if (key === 'apiVersion' || key === 'kind') continue;
          c.unknown.push(p);
          delete obj[key];
          continue;
        }
        const v = check(c, obj[key], sub, structName, p);
        if (v === undefined) delete obj[key];
        else obj[key] = v;
      }
      return obj;
    }
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      for (const key of Object.keys(obj)) {
        const v = check(c, obj[key], node.additionalProperties, struct, path ? `${path}.${key}` : key);
        if (v === undefined) delete obj[key];
        else obj[key] = v;
      }
    }
    return obj;
  }
  if (type === 'array') {
    if (!Array.isArray(value)) return fail(c, value, struct, path, goType(node, def));
    if (node.items) {
      for (let i = 0; i < value.length; i++) {
        const v = check(c, value[i], node.items, struct, `${path}[${i}]`);
        // a null element decodes to the zero value of the element type
        value[i] = v === undefined ? zeroOf(node.items) : v;
      }
    }
    return value;
  }
  if (type === 'string') {
    if (typeof value !== 'string') return fail(c, value, struct, path, goType(node, def));
    if (node.format === 'byte' && !base64Re.test(value.replace(/\s/g, '')))
      throw badRequest(`${c.kind} in version "${c.version}" cannot be handled as a ${c.kind}: illegal base64 data at input byte ${Math.max(0, value.search(/[^A-Za-z0-9+/=\s]/))}`);
    return value;
  }
  if (type === 'integer') {
    if (typeof value !== 'number') return fail(c, value, struct, path, goType(node, def));
    const i32 = node.format !== 'int64';
    if (!Number.isInteger(value) || (i32 && (value > 2147483647 || value < -2147483648)))
      throw badRequest(`${c.kind} in version "${c.version}" cannot be handled as a ${c.kind}: json: cannot unmarshal number ${value} into Go struct field ${struct}.${path} of type ${i32 ? 'int32' : 'int64'}`);
    return value;
  }
  if (type === 'number') {
    if (typeof value !== 'number') return fail(c, value, struct, path, 'float64');
    return value;
  }
  if (type === 'boolean') {
    if (typeof value !== 'boolean') return fail(c, value, struct, path, 'bool');
    return value;
  }
  return value;
}

function zeroOf(schema: SchemaNode): unknown {
  const { node } = resolve(schema);
  switch (node.type) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return {};
  }
}

/**
 * Decode `obj` (a built-in kind) in place. Returns the unknown fields it dropped;
 * kinds the OpenAPI document does not describe are left untouched.
 */
export function decodeTyped(obj: KObject, group: string, version: string, kind: string): DecodeResult {
  const def = definitionForKind(group, version, kind);
  if (!def) return { unknown: [] };
  const c: Ctx = { kind, version, unknown: [] };
  check(c, obj, { $ref: `${defPrefix}${def}` }, shortName(def), '');
  return { unknown: c.unknown };
}

export function hasSchema(group: string, version: string, kind: string): boolean {
  return definitionForKind(group, version, kind) !== undefined;
}
