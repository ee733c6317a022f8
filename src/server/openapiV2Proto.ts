// The OpenAPI v2 document as the gnostic openapi_v2.Document protobuf, the
// body kube-apiserver sends for
// Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf.
// kubectl 1.27/1.28 fetch /openapi/v2 this way for client-side validation,
// patch metadata and the fieldValidation probe.
//
// The conversion follows gnostic's own JSON -> Document compiler:
//   - JSON objects keyed by names become lists of NamedX {name, value}, in
//     document order (definitions, properties, paths, responses, ...);
//   - keys starting with "x-" become vendor_extension NamedAny entries whose
//     Any.yaml holds the value re-encoded as YAML (the way go-yaml v3 writes it:
//     4-space indentation, no line folding, styles chosen from the text);
//   - "default", "example" and every "enum" item are Any values as well;
//   - "type" is a TypeItem (list of strings), "items" an ItemsItem holding one
//     schema, "additionalProperties" a schema or a boolean;
//   - where the message is a oneof (a parameter is a body or a header/form/
//     query/path parameter or a $ref, a response a Response or a $ref, ...),
//     every alternative whose shape fits is tried in declaration order and the
//     last one that fits wins, as in gnostic.
// Zero values (empty strings, false, 0) are left out like proto3 does, but
// present sub-messages are always written, even when empty (kube-openapi tells
// a schema with "properties": {} from one without).
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { generatedPath } from '../api/paths.js';

type Obj = Record<string, unknown>;
type Msg = Record<string, unknown>;

let documentType: protobuf.Type | null = null;

function docType(): protobuf.Type {
  if (!documentType) {
    const file = JSON.parse(readFileSync(generatedPath('openapi-v2.proto.json'), 'utf8')) as { descriptor: protobuf.INamespace };
    documentType = protobuf.Root.fromJSON(file.descriptor).lookupType('openapi.v2.Document');
  }
  return documentType;
}

/** The descriptor of openapi.v2.Document (for tests and decoding). */
export function openapiV2DocumentType(): protobuf.Type {
  return docType();
}

/** Converts the JSON swagger 2.0 document into gnostic Document protobuf bytes. */
export function openapiV2ToProtobuf(doc: object): Buffer {
  const msg = documentMsg(isObj(doc) ? doc : {});
  const bytes = docType().encode(msg).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// ---- shape checks (what decides a oneof alternative) ------------------------------

interface Shape {
  required?: string[];
  /** allowed keys besides x-*; absent = anything goes */
  allowed?: string[];
  /** key -> allowed values, checked when the key is present */
  enums?: Record<string, string[]>;
}

function fits(o: Obj, s: Shape): boolean {
  if (s.required) for (const k of s.required) if (!(k in o)) return false;
  if (s.allowed) for (const k of Object.keys(o)) if (!k.startsWith('x-') && !s.allowed.includes(k)) return false;
  if (s.enums)
    for (const [k, values] of Object.entries(s.enums)) {
      if (!(k in o)) continue;
      const v = scalarString(o[k]);
      if (v === undefined || !values.includes(v)) return false;
    }
  return true;
}

const PRIMITIVE_KEYS = [
  'collectionFormat', 'default', 'enum', 'exclusiveMaximum', 'exclusiveMinimum', 'format', 'items', 'maxItems',
  'maxLength', 'maximum', 'minItems', 'minLength', 'minimum', 'multipleOf', 'pattern', 'type', 'uniqueItems',
];
const PARAM_KEYS = [...PRIMITIVE_KEYS, 'description', 'in', 'name', 'required'];
const PRIMITIVE_TYPES = ['string', 'number', 'boolean', 'integer', 'array'];
const COLLECTION_FORMATS = ['csv', 'ssv', 'tsv', 'pipes'];

const SHAPES = {
  body: { required: ['in', 'name', 'schema'], allowed: ['description', 'in', 'name', 'required', 'schema'], enums: { in: ['body'] } },
  header: { allowed: PARAM_KEYS, enums: { in: ['header'], type: PRIMITIVE_TYPES, collectionFormat: COLLECTION_FORMATS } },
  formData: {
    allowed: [...PARAM_KEYS, 'allowEmptyValue'],
    enums: { in: ['formData'], type: [...PRIMITIVE_TYPES, 'file'], collectionFormat: [...COLLECTION_FORMATS, 'multi'] },
  },
  query: {
    allowed: [...PARAM_KEYS, 'allowEmptyValue'],
    enums: { in: ['query'], type: PRIMITIVE_TYPES, collectionFormat: [...COLLECTION_FORMATS, 'multi'] },
  },
  path: { required: ['required'], allowed: PARAM_KEYS, enums: { in: ['path'], type: PRIMITIVE_TYPES, collectionFormat: COLLECTION_FORMATS } },
  jsonReference: { required: ['$ref'] },
  response: { required: ['description'], allowed: ['description', 'examples', 'headers', 'schema'] },
  schema: {
    allowed: [
      '$ref', 'additionalProperties', 'allOf', 'default', 'description', 'discriminator', 'enum', 'example',
      'exclusiveMaximum', 'exclusiveMinimum', 'externalDocs', 'format', 'items', 'maxItems', 'maxLength',
      'maxProperties', 'maximum', 'minItems', 'minLength', 'minProperties', 'minimum', 'multipleOf', 'pattern',
      'properties', 'readOnly', 'required', 'title', 'type', 'uniqueItems', 'xml',
    ],
  },
  fileSchema: {
    required: ['type'],
    allowed: ['default', 'description', 'example', 'externalDocs', 'format', 'readOnly', 'required', 'title', 'type'],
    enums: { type: ['file'] },
  },
  basic: { required: ['type'], allowed: ['description', 'type'], enums: { type: ['basic'] } },
  apiKey: { required: ['in', 'name', 'type'], allowed: ['description', 'in', 'name', 'type'], enums: { type: ['apiKey'], in: ['header', 'query'] } },
  oauth2Implicit: {
    required: ['authorizationUrl', 'flow', 'type'],
    allowed: ['authorizationUrl', 'description', 'flow', 'scopes', 'type'],
    enums: { type: ['oauth2'], flow: ['implicit'] },
  },
  oauth2Password: {
    required: ['flow', 'tokenUrl', 'type'],
    allowed: ['description', 'flow', 'scopes', 'tokenUrl', 'type'],
    enums: { type: ['oauth2'], flow: ['password'] },
  },
  oauth2Application: {
    required: ['flow', 'tokenUrl', 'type'],
    allowed: ['description', 'flow', 'scopes', 'tokenUrl', 'type'],
    enums: { type: ['oauth2'], flow: ['application'] },
  },
  oauth2AccessCode: {
    required: ['authorizationUrl', 'flow', 'tokenUrl', 'type'],
    allowed: ['authorizationUrl', 'description', 'flow', 'scopes', 'tokenUrl', 'type'],
    enums: { type: ['oauth2'], flow: ['accessCode'] },
  },
} satisfies Record<string, Shape>;

// ---- scalar helpers ------------------------------------------------------------------

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** gnostic reads strings from string, integer and null scalars */
function scalarString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (v === null) return '';
  return undefined;
}

function setString(m: Msg, field: string, v: unknown): void {
  const s = scalarString(v);
  if (s) m[field] = s;
}

function setBool(m: Msg, field: string, v: unknown): void {
  if (v === true) m[field] = true;
}

function setInt(m: Msg, field: string, v: unknown): void {
  if (typeof v === 'number' && Number.isInteger(v) && v !== 0) m[field] = v;
}

function setDouble(m: Msg, field: string, v: unknown): void {
  if (typeof v === 'number' && v !== 0) m[field] = v;
}

function setStrings(m: Msg, field: string, v: unknown): void {
  if (!Array.isArray(v)) return;
  const out: string[] = [];
  for (const x of v) {
    const s = scalarString(x);
    if (s !== undefined) out.push(s);
  }
  if (out.length) m[field] = out;
}

function setAny(m: Msg, field: string, o: Obj, key: string): void {
  if (key in o) m[field] = anyMsg(o[key]);
}

function setAnyList(m: Msg, field: string, v: unknown): void {
  if (Array.isArray(v) && v.length) m[field] = v.map(anyMsg);
}

function setMsg(m: Msg, field: string, v: unknown, conv: (o: Obj) => Msg): void {
  if (isObj(v)) m[field] = conv(v);
}

function anyMsg(v: unknown): Msg {
  return { yaml: toYaml(v) };
}

function vendorExtensions(m: Msg, field: string, o: Obj): void {
  const out: Msg[] = [];
  for (const [k, v] of Object.entries(o)) if (k.startsWith('x-')) out.push({ name: k, value: anyMsg(v) });
  if (out.length) m[field] = out;
}

/** a JSON object of name -> T as a list of {name, value} */
function named(v: unknown, conv: (x: unknown) => Msg | undefined, filter?: (k: string) => boolean): Msg[] {
  const out: Msg[] = [];
  if (!isObj(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    if (filter && !filter(k)) continue;
    const value = conv(x);
    out.push(value === undefined ? { name: k } : { name: k, value });
  }
  return out;
}

/** a message holding only a list of named values (Definitions, Properties, ...) */
function namedMap(v: unknown, conv: (x: unknown) => Msg | undefined): Msg {
  const list = named(v, conv);
  return list.length ? { additional_properties: list } : {};
}

// ---- messages ----------------------------------------------------------------------

function documentMsg(o: Obj): Msg {
  const m: Msg = {};
  setString(m, 'swagger', o.swagger);
  setMsg(m, 'info', o.info, infoMsg);
  setString(m, 'host', o.host);
  setString(m, 'base_path', o.basePath);
  setStrings(m, 'schemes', o.schemes);
  setStrings(m, 'consumes', o.consumes);
  setStrings(m, 'produces', o.produces);
  if ('paths' in o) m.paths = pathsMsg(isObj(o.paths) ? o.paths : {});
  if ('definitions' in o) m.definitions = namedMap(o.definitions, schemaOf);
  if ('parameters' in o) m.parameters = namedMap(o.parameters, parameterOf);
  if ('responses' in o) m.responses = namedMap(o.responses, (x) => (isObj(x) ? responseMsg(x) : {}));
  setSecurity(m, 'security', o.security);
  if ('securityDefinitions' in o) m.security_definitions = namedMap(o.securityDefinitions, securityDefinitionsItem);
  if (Array.isArray(o.tags) && o.tags.length) m.tags = o.tags.map((t) => tagMsg(isObj(t) ? t : {}));
  setMsg(m, 'external_docs', o.externalDocs, externalDocsMsg);
  vendorExtensions(m, 'vendor_extension', o);
  return m;
}

function infoMsg(o: Obj): Msg {
  const m: Msg = {};
  setString(m, 'title', o.title);
  setString(m, 'version', o.version);
  setString(m, 'description', o.description);
  setString(m, 'terms_of_service', o.termsOfService);
  setMsg(m, 'contact', o.contact, (c) => {
    const r: Msg = {};
    setString(r, 'name', c.name);
    setString(r, 'url', c.url);
    setString(r, 'email', c.email);
    vendorExtensions(r, 'vendor_extension', c);
    return r;
  });
  setMsg(m, 'license', o.license, (l) => {
    const r: Msg = {};
    setString(r, 'name', l.name);
    setString(r, 'url', l.url);
    vendorExtensions(r, 'vendor_extension', l);
    return r;
  });
  vendorExtensions(m, 'vendor_extension', o);
  return m;
}

function externalDocsMsg(o: Obj): Msg {
  const m: Msg = {};
  setString(m, 'description', o.description);
  setString(m, 'url', o.url);
  vendorExtensions(m, 'vendor_extension', o);
  return m;
}

function tagMsg(o: Obj): Msg {
  const m: Msg = {};
  setString(m, 'name', o.name);
  setString(m, 'description', o.description);
  setMsg(m, 'external_docs', o.externalDocs, externalDocsMsg);
  vendorExtensions(m, 'vendor_extension', o);
  return m;
}

function setSecurity(m: Msg, field: string, v: unknown): void {
  if (!Array.isArray(v) || !v.length) return;
  m[field] = v.map((req) =>
    namedMap(req, (scopes) => {
      const r: Msg = {};
      setStrings(r, 'value', scopes);
      return r;
    }),
  );
}

function pathsMsg(o: Obj): Msg {
  const m: Msg = {};
  vendorExtensions(m, 'vendor_extension', o);
  const paths = named(o, (x) => pathItemMsg(isObj(x) ? x : {}), (k) => k.startsWith('/'));
  if (paths.length) m.path = paths;
  return m;
}

const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

function pathItemMsg(o: Obj): Msg {
  const m: Msg = {};
  setString(m, '_ref', o.$ref);
  for (const op of OPERATIONS) setMsg(m, op, o[op], operationMsg);
  setParameters(m, 'parameters', o.parameters);
  vendorExtensions(m, 'vendor_extension', o);
  return m;
}

function operationMsg(o: Obj): Msg {
  const m: Msg = {};
  setStrings(m, 'tags', o.tags);
  setString(m, 'summary', o.summary);
  setString(m, 'description', o.description);
  setMsg(m, 'external_docs', o.externalDocs, externalDocsMsg);
  setString(m, 'operation_id', o.operationId);
  setStrings(m, 'produces', o.produces);
  setStrings(m, 'consumes', o.consumes);
  setParameters(m, 'parameters', o.parameters);
  setMsg(m, 'responses', o.responses, responsesMsg);
  setStrings(m, 'schemes', o.schemes);
  setBool(m, 'deprecated', o.deprecated);
  setSecurity(m, 'security', o.security);
  vendorExtensions(m, 'vendor_extension', o);
  return m;
}

function setParameters(m: Msg, field: string, v: unknown): void {
  if (!Array.isArray(v) || !v.length) return;
  m[field] = v.map(parametersItem);
}

/** ParametersItem: a Parameter or a JSON reference (the later alternative wins when both fit) */
function parametersItem(v: unknown): Msg {
  if (isObj(v) && fits(v, SHAPES.jsonReference)) return { json_reference: jsonReferenceMsg(v) };
  const o = isObj(v) ? v : {};
  return { parameter: parameterMsg(o) };
}

function jsonReferenceMsg(o: Obj): Msg {
  const m: Msg = {};
  setString(m, '_ref', o.$ref);
  setString(m, 'description', o.description);
  return m;
}

function parameterOf(v: unknown): Msg {
  return parameterMsg(isObj(v) ? v : {});
}

/** Parameter: a body parameter or a non-body one */
function parameterMsg(o: Obj): Msg {
  const nonBody = nonBodyAlternative(o);
  if (nonBody) return { non_body_parameter: nonBody };
  if (fits(o, SHAPES.body) || o.in === 'body') return { body_parameter: bodyParameterMsg(o) };
  // nothing fits: keep what can be kept
  return { non_body_parameter: nonBodyFallback(o) };
}

function bodyParameterMsg(o: Obj): Msg {
  const m: Msg = {};
  setString(m, 'description', o.description);
  setString(m, 'name', o.name);
  setString(m, 'in', o.in);
  setBool(m, 'required', o.required);
  setMsg(m, 'schema', o.schema, schemaMsg);
  vendorExtensions(m, 'vendor_extension', o);
  return m;
}

const NON_BODY_ALTERNATIVES = [
  ['header_parameter_sub_schema', SHAPES.header, false],
  ['form_data_parameter_sub_schema', SHAPES.formData, true],
  ['query_parameter_sub_schema', SHAPES.query, true],
  ['path_parameter_sub_schema', SHAPES.path, false],
] as const;

function nonBodyAlternative(o: Obj): Msg | undefined {
  let found: Msg | undefined;
  for (const [field, shape, allowEmpty] of NON_BODY_ALTERNATIVES) if (fits(o, shape)) found = { [field]: parameterSubSchemaMsg(o, allowEmpty) };
  return found;
}

function nonBodyFallback(o: Obj): Msg {
  const byIn: Record<string, (typeof NON_BODY_ALTERNATIVES)[number]> = {
    header: NON_BODY_ALTERNATIVES[0],
    formData: NON_BODY_ALTERNATIVES[1],
    query: NON_BODY_ALTERNATIVES[2],
    path: NON_BODY_ALTERNATIVES[3],
  };
  const alt = byIn[String(o.in)] ?? NON_BODY_ALTERNATIVES[2];
  return { [alt[0]]: parameterSubSchemaMsg(o, alt[2]) };
}

/** Header/FormData/Query/PathParameterSubSchema: same fields, allowEmptyValue only for form and query */
function parameterSubSchemaMsg(o: Obj, allowEmptyValue: boolean): Msg {
  const m: Msg = {};
  setBool(m, 'required', o.required);
  setString(m, 'in', o.in);
  setString(m, 'description', o.description);
  setString(m, 'name', o.name);
  if (allowEmptyValue) setBool(m, 'allow_empty_value', o.allowEmptyValue);
  primitiveFields(m, o);
  return m;
}

/** the validation keywords shared by parameters, headers and primitive items */
function primitiveFields(m: Msg, o: Obj): void {
  setString(m, 'type', o.type);
  setString(m, 'format', o.format);
  setMsg(m, 'items', o.items, primitivesItemsMsg);
  setString(m, 'collection_format', o.collectionFormat);
  setAny(m, 'default', o, 'default');
  setDouble(m, 'maximum', o.maximum);
  setBool(m, 'exclusive_maximum', o.exclusiveMaximum);
  setDouble(m, 'minimum', o.minimum);
  setBool(m, 'exclusive_minimum', o.exclusiveMinimum);
  setInt(m, 'max_length', o.maxLength);
  setInt(m, 'min_length', o.minLength);
  setString(m, 'pattern', o.pattern);
  setInt(m, 'max_items', o.maxItems);
  setInt(m, 'min_items', o.minItems);
  setBool(m, 'unique_items', o.uniqueItems);
  setAnyList(m, 'enum', o.enum);
  setDouble(m, 'multiple_of', o.multipleOf);
  vendorExtensions(m, 'vendor_extension', o);
}

function primitivesItemsMsg(o: Obj): Msg {
  const m: Msg = {};
  primitiveFields(m, o);
  return m;
}

function headerMsg(o: Obj): Msg {
  const m: Msg = {};
  primitiveFields(m, o);
  setString(m, 'description', o.description);
  return m;
}

function responsesMsg(o: Obj): Msg {
  const m: Msg = {};
  const codes = named(o, responseValue, (k) => /^([0-9]{3})$|^(default)$/.test(k));
  if (codes.length) m.response_code = codes;
  vendorExtensions(m, 'vendor_extension', o);
  return m;
}

/** ResponseValue: a Response or a JSON reference (the later alternative wins when both fit) */
function responseValue(v: unknown): Msg {
  if (isObj(v) && fits(v, SHAPES.jsonReference)) return { json_reference: jsonReferenceMsg(v) };
  return { response: responseMsg(isObj(v) ? v : {}) };
}

function responseMsg(o: Obj): Msg {
  const m: Msg = {};
  setString(m, 'description', o.description);
  if ('schema' in o) m.schema = schemaItem(o.schema);
  if ('headers' in o) m.headers = namedMap(o.headers, (h) => headerMsg(isObj(h) ? h : {}));
  if ('examples' in o) m.examples = namedMap(o.examples, anyMsg);
  vendorExtensions(m, 'vendor_extension', o);
  return m;
}

/** SchemaItem: a Schema or a FileSchema (type: file) */
function schemaItem(v: unknown): Msg {
  if (isObj(v) && fits(v, SHAPES.fileSchema)) return { file_schema: fileSchemaMsg(v) };
  return { schema: schemaOf(v) };
}

function fileSchemaMsg(o: Obj): Msg {
  const m: Msg = {};
  setString(m, 'format', o.format);
  setString(m, 'title', o.title);
  setString(m, 'description', o.description);
  setAny(m, 'default', o, 'default');
  setStrings(m, 'required', o.required);
  setString(m, 'type', o.type);
  setBool(m, 'read_only', o.readOnly);
  setMsg(m, 'external_docs', o.externalDocs, externalDocsMsg);
  setAny(m, 'example', o, 'example');
  vendorExtensions(m, 'vendor_extension', o);
  return m;
}

function schemaOf(v: unknown): Msg {
  // gnostic turns a non-object schema into an empty Schema
  return isObj(v) ? schemaMsg(v) : {};
}

function schemaMsg(o: Obj): Msg {
  const m: Msg = {};
  setString(m, '_ref', o.$ref);
  setString(m, 'format', o.format);
  setString(m, 'title', o.title);
  setString(m, 'description', o.description);
  setAny(m, 'default', o, 'default');
  setDouble(m, 'multiple_of', o.multipleOf);
  setDouble(m, 'maximum', o.maximum);
  setBool(m, 'exclusive_maximum', o.exclusiveMaximum);
  setDouble(m, 'minimum', o.minimum);
  setBool(m, 'exclusive_minimum', o.exclusiveMinimum);
  setInt(m, 'max_length', o.maxLength);
  setInt(m, 'min_length', o.minLength);
  setString(m, 'pattern', o.pattern);
  setInt(m, 'max_items', o.maxItems);
  setInt(m, 'min_items', o.minItems);
  setBool(m, 'unique_items', o.uniqueItems);
  setInt(m, 'max_properties', o.maxProperties);
  setInt(m, 'min_properties', o.minProperties);
  setStrings(m, 'required', o.required);
  if (Array.isArray(o.enum)) m.enum = o.enum.map(anyMsg);
  if ('additionalProperties' in o) {
    const ap = o.additionalProperties;
    m.additional_properties = typeof ap === 'boolean' ? { boolean: ap } : { schema: schemaOf(ap) };
  }
  if ('type' in o) m.type = typeItem(o.type);
  if ('items' in o) m.items = { schema: [schemaOf(o.items)] };
  if (Array.isArray(o.allOf) && o.allOf.length) m.all_of = o.allOf.map(schemaOf);
  if ('properties' in o) m.properties = namedMap(o.properties, schemaOf);
  setString(m, 'discriminator', o.discriminator);
  setBool(m, 'read_only', o.readOnly);
  setMsg(m, 'xml', o.xml, xmlMsg);
  setMsg(m, 'external_docs', o.externalDocs, externalDocsMsg);
  setAny(m, 'example', o, 'example');
  vendorExtensions(m, 'vendor_extension', o);
  return m;
}

function typeItem(v: unknown): Msg {
  const scalar = (x: unknown): string | undefined =>
    typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : x === null ? 'null' : undefined;
  const values: string[] = [];
  if (Array.isArray(v)) {
    for (const x of v) {
      const s = scalar(x);
      if (s !== undefined) values.push(s);
    }
  } else {
    const s = scalar(v);
    if (s !== undefined) values.push(s);
  }
  return values.length ? { value: values } : {};
}

function xmlMsg(o: Obj): Msg {
  const m: Msg = {};
  setString(m, 'name', o.name);
  setString(m, 'namespace', o.namespace);
  setString(m, 'prefix', o.prefix);
  setBool(m, 'attribute', o.attribute);
  setBool(m, 'wrapped', o.wrapped);
  vendorExtensions(m, 'vendor_extension', o);
  return m;
}

const SECURITY_ALTERNATIVES = [
  ['basic_authentication_security', SHAPES.basic],
  ['api_key_security', SHAPES.apiKey],
  ['oauth2_implicit_security', SHAPES.oauth2Implicit],
  ['oauth2_password_security', SHAPES.oauth2Password],
  ['oauth2_application_security', SHAPES.oauth2Application],
  ['oauth2_access_code_security', SHAPES.oauth2AccessCode],
] as const;

function securityDefinitionsItem(v: unknown): Msg {
  const o = isObj(v) ? v : {};
  let field: string | undefined;
  for (const [f, shape] of SECURITY_ALTERNATIVES) if (fits(o, shape)) field = f;
  if (!field) {
    const flows: Record<string, string> = {
      implicit: 'oauth2_implicit_security',
      password: 'oauth2_password_security',
      application: 'oauth2_application_security',
      accessCode: 'oauth2_access_code_security',
    };
    field = o.type === 'basic' ? 'basic_authentication_security' : o.type === 'oauth2' ? (flows[String(o.flow)] ?? 'oauth2_implicit_security') : 'api_key_security';
  }
  const m: Msg = {};
  setString(m, 'type', o.type);
  switch (field) {
    case 'basic_authentication_security':
      setString(m, 'description', o.description);
      break;
    case 'api_key_security':
      setString(m, 'name', o.name);
      setString(m, 'in', o.in);
      setString(m, 'description', o.description);
      break;
    default:
      setString(m, 'flow', o.flow);
      if ('scopes' in o) m.scopes = oauth2Scopes(o.scopes);
      if (field !== 'oauth2_password_security' && field !== 'oauth2_application_security') setString(m, 'authorization_url', o.authorizationUrl);
      if (field !== 'oauth2_implicit_security') setString(m, 'token_url', o.tokenUrl);
      setString(m, 'description', o.description);
  }
  vendorExtensions(m, 'vendor_extension', o);
  return { [field]: m };
}

/** Oauth2Scopes: scope name -> description as NamedString entries */
function oauth2Scopes(v: unknown): Msg {
  const list: Msg[] = [];
  if (isObj(v))
    for (const [name, d] of Object.entries(v)) {
      const s = scalarString(d);
      list.push(s ? { name, value: s } : { name });
    }
  return list.length ? { additional_properties: list } : {};
}

// ---- YAML, written the way go-yaml v3 writes a node tree ----------------------------
// Block style, 4-space indentation, no line folding; empty collections as {} / [];
// strings plain when that reads back as the same string, otherwise single- or
// double-quoted, multi-line strings as literal blocks.

const INDENT = 4;

/** YAML text of a JSON value, as gnostic stores it in Any.yaml */
export function toYaml(v: unknown): string {
  const w = new YamlWriter();
  w.node(v, -1, 'root');
  if (!w.out.endsWith('\n')) w.out += '\n';
  return w.out;
}

type Place = 'root' | 'item' | 'value';

class YamlWriter {
  out = '';

  /** start a line at the given indentation unless the cursor already is at its start */
  private line(indent: number): void {
    if (this.out.length && !this.out.endsWith('\n')) this.out += '\n';
    this.out += ' '.repeat(indent);
  }

  /**
   * Writes a node. parent is the indentation of the enclosing collection (-1 at the root);
   * place says where the cursor is: at the root, just after "- ", or just after "key:".
   */
  node(v: unknown, parent: number, place: Place): void {
    const indent = place === 'root' ? (isCollection(v) ? 0 : INDENT) : place === 'item' ? parent + 2 : INDENT * Math.floor((parent + INDENT) / INDENT);
    if (Array.isArray(v) && v.length) {
      let first = true;
      for (const x of v) {
        if (!(first && place === 'item')) this.line(indent);
        first = false;
        this.out += '-';
        this.out += ' ';
        this.node(x, indent, 'item');
      }
      return;
    }
    if (isObj(v) && Object.keys(v).length) {
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        if (!(first && place === 'item')) this.line(indent);
        first = false;
        this.out += scalarText(k, indent, true);
        this.out += ':';
        this.node(x, indent, 'value');
      }
      return;
    }
    const text = Array.isArray(v) ? '[]' : isObj(v) ? '{}' : scalarText(v, indent, false);
    if (place === 'value') this.out += ' ';
    this.out += text;
  }
}

function isCollection(v: unknown): boolean {
  return (Array.isArray(v) && v.length > 0) || (isObj(v) && Object.keys(v).length > 0);
}

function scalarText(v: unknown, indent: number, key: boolean): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return numberText(v);
  return stringText(String(v), indent, key);
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  return String(n);
}

function stringText(s: string, indent: number, key: boolean): string {
  if (/[\r\u0085\u2028\u2029\ufeff]/.test(s)) return doubleQuoted(s); // rare line separators: keep it simple
  if (!resolvesToString(s)) return doubleQuoted(s);
  const a = analyze(s);
  if (s.includes('\n')) {
    if (key || !a.blockAllowed) return doubleQuoted(s);
    return literal(s, indent);
  }
  if (a.plainAllowed && !(key && s === '')) return s;
  if (a.singleAllowed) return `'${s.replace(/'/g, "''")}'`;
  return doubleQuoted(s);
}

function literal(s: string, indent: number): string {
  let header = '|';
  if (s[0] === ' ' || s[0] === '\n') header += String(INDENT);
  if (!s.endsWith('\n')) header += '-';
  else if (s === '\n' || s.endsWith('\n\n')) header += '+';
  const pad = ' '.repeat(indent);
  return header + '\n' + s.split('\n').map((l) => (l ? pad + l : '')).join('\n');
}

function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

interface Analysis {
  plainAllowed: boolean;
  singleAllowed: boolean;
  blockAllowed: boolean;
}

/** which styles can carry the string unchanged (block context) */
function analyze(s: string): Analysis {
  if (s === '') return { plainAllowed: true, singleAllowed: true, blockAllowed: false };
  const cps = Array.from(s, (c) => c.codePointAt(0)!);
  let indicators = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWs = true;
  let prevSpace = false;
  let prevBreak = false;
  const isBreak = (c: number): boolean => c === 0x0a;
  const isBlank = (c: number | undefined): boolean => c === 0x20 || c === 0x09;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const followedByWs = i + 1 >= cps.length || isBlank(cps[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) indicators = true;
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByWs) indicators = true;
    } else if (ch === ':' && followedByWs) indicators = true;
    else if (ch === '#' && precededByWs) indicators = true;
    if (c === 0x09) tabs = true;
    else if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlank(c) || isBreak(c);
  }
  const plainAllowed = !(
    leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak || tabs || special || lineBreaks || indicators
  );
  return {
    plainAllowed,
    singleAllowed: !(breakSpace || spaceBreak || tabs || special),
    blockAllowed: !(trailingSpace || spaceBreak || special),
  };
}

const ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const breakChar = c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
    if (!isPrintable(c) || c === 0xfeff || breakChar || c === 0x22 || c === 0x5c) {
      const e = ESCAPES[c];
      if (e !== undefined) out += '\\' + e;
      else if (c <= 0xff) out += '\\x' + c.toString(16).toUpperCase().padStart(2, '0');
      else if (c <= 0xffff) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
      else out += '\\U' + c.toString(16).toUpperCase().padStart(8, '0');
    } else out += ch;
  }
  return out + '"';
}

// Would the string, written plain, be read back as a string (and not as null,
// a bool, a number or a timestamp)? go-yaml v3's resolver rules.
const SPECIAL_PLAIN = new Set([
  '', '~', 'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const TIMESTAMPS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
];

function resolvesToString(s: string): boolean {
  if (SPECIAL_PLAIN.has(s)) return false;
  const c = s[0];
  if (c === '.') return !/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
  if (c === undefined || !/[-+0-9]/.test(c)) return true;
  if (isTimestamp(s)) return false;
  const plain = s.replace(/_/g, '');
  if (/^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$/.test(plain) && fitsInt64(plain)) return false;
  return !YAML_FLOAT.test(plain);
}

function fitsInt64(plain: string): boolean {
  let t = plain;
  let neg = false;
  if (t[0] === '+' || t[0] === '-') {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  let n: bigint;
  try {
    if (/^0[oO]/.test(t)) n = BigInt('0o' + t.slice(2));
    else if (/^0[0-7]+$/.test(t)) n = BigInt('0o' + t.slice(1));
    else n = BigInt(t.toLowerCase());
  } catch {
    return false;
  }
  return neg ? n <= 2n ** 63n : n < 2n ** 64n;
}

function isTimestamp(s: string): boolean {
  for (const re of TIMESTAMPS) {
    const m = re.exec(s);
    if (!m) continue;
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate()) continue;
    if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59)) continue;
    return true;
  }
  return false;
}
