// The OpenAPI definitions published for a custom resource version: the kind
// (its structural schema plus apiVersion, kind and an ObjectMeta reference,
// with x-kubernetes-group-version-kind) and the list kind, for OpenAPI v3
// (components/schemas) and v2 (definitions, with v2's lossy conversion and
// without defaults).
import type { Generic, NestedValueValidation, Structural, ValueValidation } from './structural.js';
import { tryStructural, unfold, validateStructural } from './structural.js';
import { type JSONObject, byteSort, isObj } from './util.js';
import { schemaHas } from './crd.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';
const OBJECT_META_DESC = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const LIST_META_DESC = 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const TYPE_META_API_VERSION =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const TYPE_META_KIND =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const EMBEDDED_API_VERSION =
  'apiVersion defines the versioned schema of this representation of an object. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const EMBEDDED_KIND = 'kind is a string value representing the type of this object. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

/** reversed group + version + kind, e.g. com.example.stable.v1.CronTab */
export function definitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

// ---- Structural.ToKubeOpenAPI as JSON --------------------------------------------------------------

const SCHEMA_KEY_ORDER = [
  'id',
  'description',
  'type',
  'nullable',
  'format',
  'title',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'enum',
  'maxProperties',
  'minProperties',
  'required',
  'items',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'properties',
  'additionalProperties',
  'patternProperties',
  'dependencies',
  'additionalItems',
  'definitions',
  'discriminator',
  'readOnly',
  'externalDocs',
  'example',
  '$schema',
  '$ref',
];

/** order a schema object's keys like kube-openapi's marshaling (properties sorted, extensions last) */
function ordered(s: JSONObject): JSONObject {
  const out: JSONObject = {};
  for (const k of SCHEMA_KEY_ORDER) if (s[k] !== undefined) out[k] = s[k];
  for (const k of byteSort(Object.keys(s).filter((k) => !SCHEMA_KEY_ORDER.includes(k)))) if (s[k] !== undefined) out[k] = s[k];
  return out;
}

function genericJSON(g: Generic, out: JSONObject): void {
  if (g.type) out.type = g.type;
  if (g.nullable) out.nullable = true;
  if (g.description) out.description = g.description;
  if (g.title) out.title = g.title;
  if (g.default !== undefined && g.default !== null) out.default = g.default;
}

function vvJSON(v: ValueValidation | undefined, out: JSONObject): void {
  if (!v) return;
  if (v.format) out.format = v.format;
  if (v.maximum !== undefined) out.maximum = v.maximum;
  if (v.exclusiveMaximum) out.exclusiveMaximum = true;
  if (v.minimum !== undefined) out.minimum = v.minimum;
  if (v.exclusiveMinimum) out.exclusiveMinimum = true;
  if (v.maxLength !== undefined) out.maxLength = v.maxLength;
  if (v.minLength !== undefined) out.minLength = v.minLength;
  if (v.pattern) out.pattern = v.pattern;
  if (v.maxItems !== undefined) out.maxItems = v.maxItems;
  if (v.minItems !== undefined) out.minItems = v.minItems;
  if (v.uniqueItems) out.uniqueItems = true;
  if (v.multipleOf !== undefined) out.multipleOf = v.multipleOf;
  if (v.enum && v.enum.length) out.enum = v.enum;
  if (v.maxProperties !== undefined) out.maxProperties = v.maxProperties;
  if (v.minProperties !== undefined) out.minProperties = v.minProperties;
  if (v.required && v.required.length) out.required = v.required;
  for (const k of ['allOf', 'oneOf', 'anyOf'] as const) if (v[k] && (v[k] as NestedValueValidation[]).length) out[k] = (v[k] as NestedValueValidation[]).map(nestedJSON);
  if (v.not) out.not = nestedJSON(v.not);
}

function extJSON(x: Structural | NestedValueValidation['forbiddenExtensions'], out: JSONObject): void {
  if (x.xPreserveUnknownFields) out['x-kubernetes-preserve-unknown-fields'] = true;
  if (x.xEmbeddedResource) out['x-kubernetes-embedded-resource'] = true;
  if (x.xIntOrString) out['x-kubernetes-int-or-string'] = true;
  if (x.xListMapKeys && x.xListMapKeys.length) out['x-kubernetes-list-map-keys'] = x.xListMapKeys;
  if (x.xListType !== undefined) out['x-kubernetes-list-type'] = x.xListType;
  if (x.xMapType !== undefined) out['x-kubernetes-map-type'] = x.xMapType;
}

function rulesJSON(rules: unknown[] | undefined, out: JSONObject): void {
  if (!rules || !rules.length) return;
  out['x-kubernetes-validations'] = rules.map((r) => {
    const o = isObj(r) ? r : {};
    const v: JSONObject = { rule: typeof o.rule === 'string' ? o.rule : '' };
    for (const k of ['message', 'messageExpression', 'reason', 'fieldPath']) if (typeof o[k] === 'string' && o[k]) v[k] = o[k];
    if (typeof o.optionalOldSelf === 'boolean') v.optionalOldSelf = o.optionalOldSelf;
    return v;
  });
}

function nestedJSON(n: NestedValueValidation): JSONObject {
  const out: JSONObject = {};
  vvJSON(n.vv, out);
  rulesJSON(n.xValidations, out);
  if (n.items) out.items = nestedJSON(n.items);
  if (n.properties) {
    const p: JSONObject = {};
    for (const k of byteSort(Object.keys(n.properties))) p[k] = nestedJSON(n.properties[k]);
    out.properties = p;
  }
  genericJSON(n.forbiddenGenerics, out);
  extJSON(n.forbiddenExtensions, out);
  return ordered(out);
}

/** Structural.ToKubeOpenAPI serialized */
export function structuralToJSON(s: Structural): JSONObject {
  const out: JSONObject = {};
  if (s.items) out.items = structuralToJSON(s.items);
  if (s.properties) {
    const p: JSONObject = {};
    for (const k of byteSort(Object.keys(s.properties))) p[k] = structuralToJSON(s.properties[k]);
    out.properties = p;
  }
  if (s.additionalProperties) out.additionalProperties = s.additionalProperties.structural ? structuralToJSON(s.additionalProperties.structural) : s.additionalProperties.bool;
  genericJSON(s, out);
  extJSON(s, out);
  vvJSON(s.valueValidation, out);
  rulesJSON(s.xValidations, out);
  return ordered(out);
}

// ---- v2 conversion -----------------------------------------------------------------------------------

function deepCopyStructural(s: Structural): Structural {
  return structuredClone(s);
}

/** ToStructuralOpenAPIV2: drop what OpenAPI v2 cannot express */
export function toStructuralOpenAPIV2(in0: Structural): Structural {
  const out = deepCopyStructural(in0);
  const visit = (s: Structural): void => {
    if (s.valueValidation) {
      delete s.valueValidation.allOf;
      delete s.valueValidation.oneOf;
      delete s.valueValidation.anyOf;
      delete s.valueValidation.not;
    }
    if (s.nullable) {
      s.type = '';
      s.nullable = false;
      delete s.items;
      delete s.properties;
    }
    if (s.xPreserveUnknownFields) {
      delete s.items;
      delete s.properties;
    }
    if (!s.items && s.type === 'array') s.type = '';
    if (s.xPreserveUnknownFields && s.type === 'object') s.type = '';
    for (const [f, fs] of Object.entries(s.properties ?? {})) {
      if (fs.nullable && s.valueValidation?.required) {
        const r = s.valueValidation.required.filter((x) => x !== f);
        if (r.length) s.valueValidation.required = r;
        else delete s.valueValidation.required;
      }
    }
    if (s.additionalProperties?.structural?.nullable && s.valueValidation) delete s.valueValidation.required;
    if (s.items) visit(s.items);
    for (const k of Object.keys(s.properties ?? {})) visit((s.properties as Record<string, Structural>)[k]);
    if (s.additionalProperties?.structural) visit(s.additionalProperties.structural);
  };
  visit(out);
  return out;
}

// ---- the builder -----------------------------------------------------------------------------------

export interface PublishedDefinitions {
  /** definition name of the kind, e.g. com.example.stable.v1.CronTab */
  kindName: string;
  listName: string;
  /** OpenAPI v3: components.schemas entries */
  v3: Record<string, JSONObject>;
  /** OpenAPI v2: definitions entries */
  v2: Record<string, JSONObject>;
}

function ref(name: string, v2: boolean): string {
  return v2 ? `#/definitions/${name}` : `#/components/schemas/${name}`;
}

/** a $ref with a description: v3 wraps the reference in allOf */
function refWithDescription(name: string, description: string, v2: boolean): JSONObject {
  return v2 ? { description, $ref: ref(name, true) } : { description, allOf: [{ $ref: ref(name, false) }] };
}

function addEmbeddedProperties(s: JSONObject, v2: boolean): void {
  if (isObj(s.properties)) for (const k of Object.keys(s.properties)) if (isObj(s.properties[k])) addEmbeddedProperties(s.properties[k] as JSONObject, v2);
  if (isObj(s.items)) addEmbeddedProperties(s.items, v2);
  if (isObj(s.additionalProperties)) addEmbeddedProperties(s.additionalProperties, v2);
  if (s['x-kubernetes-preserve-unknown-fields'] === true && v2) return;
  if (s['x-kubernetes-embedded-resource'] === true) {
    const props: JSONObject = isObj(s.properties) ? { ...s.properties } : {};
    props.apiVersion = { description: EMBEDDED_API_VERSION, type: 'string' };
    props.kind = { description: EMBEDDED_KIND, type: 'string' };
    props.metadata = refWithDescription(OBJECT_META, OBJECT_META_DESC, v2);
    const sorted: JSONObject = {};
    for (const k of byteSort(Object.keys(props))) sorted[k] = props[k];
    s.properties = sorted;
    const req = Array.isArray(s.required) ? [...(s.required as string[])] : [];
    if (!req.includes('kind')) req.push('kind');
    if (!req.includes('apiVersion')) req.push('apiVersion');
    s.required = req;
    const o = ordered(s);
    for (const k of Object.keys(s)) delete s[k];
    Object.assign(s, o);
  }
}

function pruneDefaults(s: unknown): void {
  if (Array.isArray(s)) s.forEach(pruneDefaults);
  else if (isObj(s)) {
    delete s.default;
    for (const k of ['properties', 'patternProperties', 'definitions', 'dependencies']) {
      const m = s[k];
      if (isObj(m)) for (const v of Object.values(m)) pruneDefaults(v);
    }
    for (const k of ['items', 'additionalProperties', 'additionalItems', 'not', 'allOf', 'oneOf', 'anyOf']) pruneDefaults(s[k]);
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** the structural schema the builder publishes for a version, or undefined when it publishes none */
export function publishedStructural(crd: JSONObject, version: string): Structural | undefined {
  const spec = isObj(crd.spec) ? crd.spec : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObj) : [];
  const v = versions.find((x) => x.name === version);
  const raw = v && isObj(v.schema) && isObj(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : undefined;
  if (!raw) return undefined;
  const invalidType = (s: JSONObject): boolean => typeof s.type === 'string' && s.type.length > 0 && !['array', 'boolean', 'integer', 'number', 'object', 'string'].includes(s.type);
  if (schemaHas(raw, invalidType)) return undefined;
  const { ss } = tryStructural(raw);
  if (!ss || validateStructural(undefined, ss).length) return undefined;
  return unfold(ss);
}

function buildKind(crd: JSONObject, version: string, schema: Structural | undefined, v2: boolean): JSONObject {
  const spec = isObj(crd.spec) ? crd.spec : {};
  const names = isObj(spec.names) ? spec.names : {};
  let ret: JSONObject;
  if (!schema || (v2 && (schema.xPreserveUnknownFields || spec.preserveUnknownFields === true))) ret = { type: 'object' };
  else {
    const s = v2 ? toStructuralOpenAPIV2(schema) : schema;
    ret = structuralToJSON(s);
    const props: JSONObject = isObj(ret.properties) ? { ...ret.properties } : {};
    props.metadata = refWithDescription(OBJECT_META, OBJECT_META_DESC, v2);
    props.apiVersion = { description: TYPE_META_API_VERSION, type: 'string' };
    props.kind = { description: TYPE_META_KIND, type: 'string' };
    const sorted: JSONObject = {};
    for (const k of byteSort(Object.keys(props))) sorted[k] = props[k];
    ret.properties = sorted;
    ret = ordered(ret);
    addEmbeddedProperties(ret, v2);
  }
  ret['x-kubernetes-group-version-kind'] = [{ group: str(spec.group), kind: str(names.kind), version }];
  const sf = selectableFields(crd, version);
  if (sf) ret['x-kubernetes-selectable-fields'] = sf;
  return ordered(ret);
}

function selectableFields(crd: JSONObject, version: string): JSONObject[] | undefined {
  const spec = isObj(crd.spec) ? crd.spec : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObj) : [];
  const v = versions.find((x) => x.name === version);
  const list = v && Array.isArray(v.selectableFields) ? v.selectableFields.filter(isObj) : [];
  if (!list.length) return undefined;
  return list.map((f) => ({ fieldPath: str(f.jsonPath).replace(/^\./, '') }));
}

function buildList(crd: JSONObject, version: string, v2: boolean): JSONObject {
  const spec = isObj(crd.spec) ? crd.spec : {};
  const names = isObj(spec.names) ? spec.names : {};
  const group = str(spec.group);
  const kind = str(names.kind);
  const listKind = str(names.listKind);
  const plural = str(names.plural);
  const s: JSONObject = {
    description: `${listKind} is a list of ${kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { description: TYPE_META_API_VERSION, type: 'string' },
      items: {
        description: `List of ${plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        type: 'array',
        items: { $ref: ref(definitionName(group, version, kind), v2) },
      },
      kind: { description: TYPE_META_KIND, type: 'string' },
      metadata: refWithDescription(LIST_META, LIST_META_DESC, v2),
    },
    'x-kubernetes-group-version-kind': [{ group, kind: listKind, version }],
  };
  const sf = selectableFields(crd, version);
  if (sf) s['x-kubernetes-selectable-fields'] = sf;
  return s;
}

/** the OpenAPI definitions upstream publishes for one version of a CRD */
export function publishOpenAPI(crd: JSONObject, version: string): PublishedDefinitions {
  const spec = isObj(crd.spec) ? crd.spec : {};
  const names = isObj(spec.names) ? spec.names : {};
  const group = str(spec.group);
  const kindName = definitionName(group, version, str(names.kind));
  const listName = definitionName(group, version, str(names.listKind));
  const schema = publishedStructural(crd, version);
  const v2Kind = buildKind(crd, version, schema, true);
  pruneDefaults(v2Kind);
  return {
    kindName,
    listName,
    v3: { [kindName]: buildKind(crd, version, schema, false), [listName]: buildList(crd, version, false) },
    v2: { [kindName]: v2Kind, [listName]: buildList(crd, version, true) },
  };
}
