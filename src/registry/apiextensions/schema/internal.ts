// The internal (hub) form of a CustomResourceDefinition that upstream
// validates: apiextensions.k8s.io/v1 is converted first, which hoists
// per-version schemas, subresources, printer columns and selectable fields
// to spec level when they are identical across versions (and so error paths
// say spec.validation.openAPIV3Schema, spec.subresources, ...). Also Go
// struct renderings of internal values for error messages.
import { type JSONObject, type JSONSchemaProps, isObj, sortedKeys } from './util.js';
import { rawDefault, rawItems, rawSchemaOrBool } from './structural.js';

export interface InternalVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated: boolean;
  deprecationWarning?: string;
  /** CustomResourceValidation ({openAPIV3Schema}) */
  schema?: JSONObject;
  subresources?: JSONObject;
  additionalPrinterColumns?: JSONObject[];
  selectableFields?: JSONObject[];
}

export interface InternalConversion {
  strategy: string;
  webhookClientConfig?: JSONObject;
  conversionReviewVersions?: string[];
}

export interface InternalSpec {
  group: string;
  version: string;
  names: JSONObject;
  scope: string;
  validation?: JSONObject;
  subresources?: JSONObject;
  versions: InternalVersion[];
  additionalPrinterColumns?: JSONObject[];
  selectableFields?: JSONObject[];
  conversion?: InternalConversion;
  preserveUnknownFields: boolean;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function objs(v: unknown): JSONObject[] | undefined {
  return Array.isArray(v) ? v.map((x) => (isObj(x) ? x : {})) : undefined;
}

/** apiequality.Semantic.DeepEqual on JSON: nil and empty slices are alike */
export function semanticEqual(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.length ? v.map(norm) : undefined;
    if (isObj(v)) {
      const o: JSONObject = {};
      for (const k of Object.keys(v)) {
        const n = norm(v[k]);
        if (n !== undefined && n !== null) o[k] = n;
      }
      return o;
    }
    return v === null ? undefined : v;
  };
  return JSON.stringify(sortDeepLocal(norm(a))) === JSON.stringify(sortDeepLocal(norm(b)));
}

function sortDeepLocal(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeepLocal);
  if (isObj(v)) {
    const o: JSONObject = {};
    for (const k of Object.keys(v).sort()) o[k] = sortDeepLocal(v[k]);
    return o;
  }
  return v;
}

function toInternalVersion(v: JSONObject): InternalVersion {
  const out: InternalVersion = { name: str(v.name), served: v.served === true, storage: v.storage === true, deprecated: v.deprecated === true };
  if (typeof v.deprecationWarning === 'string') out.deprecationWarning = v.deprecationWarning;
  if (isObj(v.schema)) out.schema = v.schema;
  if (isObj(v.subresources)) out.subresources = v.subresources;
  const cols = objs(v.additionalPrinterColumns);
  if (cols) out.additionalPrinterColumns = cols;
  const sf = objs(v.selectableFields);
  if (sf) out.selectableFields = sf;
  return out;
}

/** Convert_v1_CustomResourceDefinitionSpec_To_apiextensions_CustomResourceDefinitionSpec */
export function toInternalSpec(spec: JSONObject): InternalSpec {
  const versions = (objs(spec.versions) ?? []).map(toInternalVersion);
  const out: InternalSpec = {
    group: str(spec.group),
    version: '',
    names: isObj(spec.names) ? spec.names : {},
    scope: str(spec.scope),
    versions,
    preserveUnknownFields: spec.preserveUnknownFields === true,
  };
  if (isObj(spec.conversion)) {
    const c = spec.conversion;
    const conv: InternalConversion = { strategy: str(c.strategy) };
    if (isObj(c.webhook)) {
      if (isObj(c.webhook.clientConfig)) conv.webhookClientConfig = c.webhook.clientConfig;
      if (Array.isArray(c.webhook.conversionReviewVersions)) conv.conversionReviewVersions = c.webhook.conversionReviewVersions.map(String);
    }
    out.conversion = conv;
  }
  if (!versions.length) return out;
  out.version = versions[0].name;
  const same = (get: (v: InternalVersion) => unknown): boolean => versions.every((v) => semanticEqual(get(v), get(versions[0])));
  const subIdentical = same((v) => v.subresources ?? null);
  const schemaIdentical = same((v) => v.schema ?? null);
  const colsIdentical = same((v) => v.additionalPrinterColumns);
  const sfIdentical = same((v) => v.selectableFields);
  if (subIdentical) out.subresources = versions[0].subresources;
  if (schemaIdentical) out.validation = versions[0].schema;
  if (colsIdentical) out.additionalPrinterColumns = versions[0].additionalPrinterColumns;
  if (sfIdentical) out.selectableFields = versions[0].selectableFields;
  for (const v of versions) {
    if (subIdentical) delete v.subresources;
    if (schemaIdentical) delete v.schema;
    if (colsIdentical) delete v.additionalPrinterColumns;
    if (sfIdentical) delete v.selectableFields;
  }
  return out;
}

// ---- Go renderings of internal values (json.Marshal of structs without json tags) ------------------

function schemaOrBoolJSON(v: { allows: boolean; schema?: JSONSchemaProps } | undefined): unknown {
  if (!v) return null;
  return { Allows: v.allows, Schema: v.schema ? internalSchemaJSON(v.schema) : null };
}

function schemaMapJSON(v: unknown): unknown {
  if (!isObj(v)) return null;
  const o: JSONObject = {};
  for (const k of sortedKeys(v)) o[k] = internalSchemaJSON(isObj(v[k]) ? v[k] : {});
  return o;
}

function schemaListJSON(v: unknown): unknown {
  return Array.isArray(v) ? v.map((x) => internalSchemaJSON(isObj(x) ? x : {})) : null;
}

function numOrNull(v: unknown): unknown {
  return typeof v === 'number' ? v : null;
}

/** json.Marshal of an internal apiextensions.JSONSchemaProps */
export function internalSchemaJSON(s: JSONSchemaProps): JSONObject {
  const items = rawItems(s);
  let deps: unknown = null;
  if (isObj(s.dependencies)) {
    const o: JSONObject = {};
    for (const k of sortedKeys(s.dependencies)) {
      const d = s.dependencies[k];
      o[k] = { Schema: isObj(d) ? internalSchemaJSON(d) : null, Property: Array.isArray(d) ? d : null };
    }
    deps = o;
  }
  const d = rawDefault(s);
  return {
    ID: str(s.id),
    Schema: str(s.$schema),
    Ref: typeof s.$ref === 'string' ? s.$ref : null,
    Description: str(s.description),
    Type: str(s.type),
    Nullable: s.nullable === true,
    Format: str(s.format),
    Title: str(s.title),
    Default: d === undefined ? null : d,
    Maximum: numOrNull(s.maximum),
    ExclusiveMaximum: s.exclusiveMaximum === true,
    Minimum: numOrNull(s.minimum),
    ExclusiveMinimum: s.exclusiveMinimum === true,
    MaxLength: numOrNull(s.maxLength),
    MinLength: numOrNull(s.minLength),
    Pattern: str(s.pattern),
    MaxItems: numOrNull(s.maxItems),
    MinItems: numOrNull(s.minItems),
    UniqueItems: s.uniqueItems === true,
    MultipleOf: numOrNull(s.multipleOf),
    Enum: Array.isArray(s.enum) ? s.enum : null,
    MaxProperties: numOrNull(s.maxProperties),
    MinProperties: numOrNull(s.minProperties),
    Required: Array.isArray(s.required) ? s.required : null,
    Items: items ? { Schema: items.schema ? internalSchemaJSON(items.schema) : null, JSONSchemas: items.jsonSchemas ? items.jsonSchemas.map(internalSchemaJSON) : null } : null,
    AllOf: schemaListJSON(s.allOf),
    OneOf: schemaListJSON(s.oneOf),
    AnyOf: schemaListJSON(s.anyOf),
    Not: isObj(s.not) ? internalSchemaJSON(s.not) : null,
    Properties: schemaMapJSON(s.properties),
    AdditionalProperties: schemaOrBoolJSON(rawSchemaOrBool(s, 'additionalProperties')),
    PatternProperties: schemaMapJSON(s.patternProperties),
    Dependencies: deps,
    AdditionalItems: schemaOrBoolJSON(rawSchemaOrBool(s, 'additionalItems')),
    Definitions: schemaMapJSON(s.definitions),
    ExternalDocs: isObj(s.externalDocs) ? { Description: str(s.externalDocs.description), URL: str(s.externalDocs.url) } : null,
    Example: s.example === undefined || s.example === null ? null : s.example,
    XPreserveUnknownFields: typeof s['x-kubernetes-preserve-unknown-fields'] === 'boolean' ? s['x-kubernetes-preserve-unknown-fields'] : null,
    XEmbeddedResource: s['x-kubernetes-embedded-resource'] === true,
    XIntOrString: s['x-kubernetes-int-or-string'] === true,
    XListMapKeys: Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : null,
    XListType: typeof s['x-kubernetes-list-type'] === 'string' ? s['x-kubernetes-list-type'] : null,
    XMapType: typeof s['x-kubernetes-map-type'] === 'string' ? s['x-kubernetes-map-type'] : null,
    XValidations: Array.isArray(s['x-kubernetes-validations']) ? s['x-kubernetes-validations'].map((r) => internalRuleJSON(isObj(r) ? r : {})) : null,
  };
}

export function internalRuleJSON(r: JSONObject): JSONObject {
  return {
    Rule: str(r.rule),
    Message: str(r.message),
    MessageExpression: str(r.messageExpression),
    Reason: typeof r.reason === 'string' ? r.reason : null,
    FieldPath: str(r.fieldPath),
    OptionalOldSelf: typeof r.optionalOldSelf === 'boolean' ? r.optionalOldSelf : null,
  };
}

function subresourcesJSON(s: JSONObject | undefined): unknown {
  if (!s) return null;
  const scale = isObj(s.scale) ? s.scale : undefined;
  return {
    Status: isObj(s.status) ? {} : null,
    Scale: scale
      ? { SpecReplicasPath: str(scale.specReplicasPath), StatusReplicasPath: str(scale.statusReplicasPath), LabelSelectorPath: typeof scale.labelSelectorPath === 'string' ? scale.labelSelectorPath : null }
      : null,
  };
}

/** json.Marshal of []apiextensions.CustomResourceDefinitionVersion */
export function internalVersionsJSON(versions: InternalVersion[]): unknown[] {
  return versions.map((v) => ({
    Name: v.name,
    Served: v.served,
    Storage: v.storage,
    Deprecated: v.deprecated,
    DeprecationWarning: v.deprecationWarning ?? null,
    Schema: v.schema ? { OpenAPIV3Schema: isObj(v.schema.openAPIV3Schema) ? internalSchemaJSON(v.schema.openAPIV3Schema) : null } : null,
    Subresources: subresourcesJSON(v.subresources),
    AdditionalPrinterColumns: v.additionalPrinterColumns
      ? v.additionalPrinterColumns.map((c) => ({
          Name: str(c.name),
          Type: str(c.type),
          Format: str(c.format),
          Description: str(c.description),
          Priority: typeof c.priority === 'number' ? c.priority : 0,
          JSONPath: str(c.jsonPath),
        }))
      : null,
    SelectableFields: v.selectableFields ? v.selectableFields.map((f) => ({ JSONPath: str(f.jsonPath) })) : null,
  }));
}

/** the items value of a schema as internal JSONSchemaPropsOrArray JSON */
export function internalItemsJSON(s: JSONSchemaProps): unknown {
  const items = rawItems(s);
  if (!items) return null;
  return { Schema: items.schema ? internalSchemaJSON(items.schema) : null, JSONSchemas: items.jsonSchemas ? items.jsonSchemas.map(internalSchemaJSON) : null };
}
