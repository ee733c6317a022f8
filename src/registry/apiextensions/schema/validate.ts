// Instance validation of custom resources against their openAPIV3Schema,
// following kube-openapi's validate package (type, format, string, number,
// slice, enum, object and allOf/anyOf/oneOf/not validators, in that order,
// with its messages) and apiextensions' conversion of the results into field
// errors. Update validation ratchets: errors on values that did not change
// since the old object are dropped.
import type { FieldError } from '../../../machinery/errors.js';
import type { ValueKeywords } from './structural.js';
import { formatValidates, isKnownFormat, isSupportedFormat } from './formats.js';
import { compileGoRegexp, GoRegexpError } from '../../../machinery/regex/goRegexp.js';
import {
  type NestedValueValidation,
  type Structural,
  type ValueValidation,
  rawBool,
  rawItems,
  rawNum,
  rawOptStr,
  rawSchemaList,
  rawSchemaMap,
  rawSchemaOrBool,
  rawStr,
  rawStrings,
} from './structural.js';
import {
  type FieldPath,
  type JSONSchemaProps,
  deepEqualJSON,
  errInvalid,
  errNotSupported,
  errRequired,
  errTooLong,
  errTooMany,
  errTypeInvalid,
  goFloat,
  goJSON,
  goQuote,
  isInt64,
  isObj,
  kindOf,
  pchild,
  sortedKeys,
} from './util.js';

/** the subset of kube-openapi's spec.Schema that validation looks at */
export interface SpecSchema extends ValueKeywords {
  type: string[];
  nullable: boolean;
  items?: { schema?: SpecSchema; schemas?: SpecSchema[] };
  allOf?: SpecSchema[];
  oneOf?: SpecSchema[];
  anyOf?: SpecSchema[];
  not?: SpecSchema;
  properties?: Record<string, SpecSchema>;
  additionalProperties?: { allows: boolean; schema?: SpecSchema };
  patternProperties?: Record<string, SpecSchema>;
  additionalItems?: { allows: boolean; schema?: SpecSchema };
  dependencies?: Record<string, { schema?: SpecSchema; property?: string[] }>;
  listType?: string;
  listMapKeys?: string[];
}

function emptySpec(): SpecSchema {
  return { type: [], nullable: false, format: '', exclusiveMaximum: false, exclusiveMinimum: false, pattern: '', uniqueItems: false };
}

/**
 * ConvertJSONSchemaProps with the format post-processor custom resource
 * validation uses: a raw v1 schema as kube-openapi sees it.
 */
export function specFromJSONSchemaProps(raw: JSONSchemaProps, stripUnsupportedFormats = true): SpecSchema {
  const out = emptySpec();
  const t = rawStr(raw, 'type');
  if (t) out.type = [t];
  if (rawBool(raw, 'x-kubernetes-int-or-string')) out.type = ['integer', 'string'];
  out.nullable = rawBool(raw, 'nullable');
  out.format = rawStr(raw, 'format');
  if (stripUnsupportedFormats && out.format && !isSupportedFormat(out.format)) out.format = '';
  for (const k of ['maximum', 'minimum', 'maxLength', 'minLength', 'maxItems', 'minItems', 'multipleOf', 'maxProperties', 'minProperties'] as const) {
    const n = rawNum(raw, k);
    if (n !== undefined) out[k] = n;
  }
  out.exclusiveMaximum = rawBool(raw, 'exclusiveMaximum');
  out.exclusiveMinimum = rawBool(raw, 'exclusiveMinimum');
  out.pattern = rawStr(raw, 'pattern');
  out.uniqueItems = rawBool(raw, 'uniqueItems');
  if (Array.isArray(raw.enum)) out.enum = raw.enum as unknown[];
  const req = rawStrings(raw, 'required');
  if (req) out.required = req;
  for (const k of ['allOf', 'oneOf', 'anyOf'] as const) {
    const l = rawSchemaList(raw, k);
    if (l && l.length) out[k] = l.map((x) => specFromJSONSchemaProps(x, stripUnsupportedFormats));
  }
  if (isObj(raw.not)) out.not = specFromJSONSchemaProps(raw.not, stripUnsupportedFormats);
  for (const k of ['properties', 'patternProperties'] as const) {
    const m = rawSchemaMap(raw, k);
    if (m) {
      const o: Record<string, SpecSchema> = {};
      for (const key of Object.keys(m)) o[key] = specFromJSONSchemaProps(m[key], stripUnsupportedFormats);
      out[k] = o;
    }
  }
  for (const k of ['additionalProperties', 'additionalItems'] as const) {
    const ap = rawSchemaOrBool(raw, k);
    if (ap) out[k] = { allows: ap.allows, schema: ap.schema ? specFromJSONSchemaProps(ap.schema, stripUnsupportedFormats) : undefined };
  }
  const items = rawItems(raw);
  if (items) {
    out.items = {};
    if (items.schema) out.items.schema = specFromJSONSchemaProps(items.schema, stripUnsupportedFormats);
    if (items.jsonSchemas) out.items.schemas = items.jsonSchemas.map((x) => specFromJSONSchemaProps(x, stripUnsupportedFormats));
  }
  if (isObj(raw.dependencies)) {
    out.dependencies = {};
    for (const [k, v] of Object.entries(raw.dependencies)) {
      if (Array.isArray(v)) out.dependencies[k] = { property: v.map(String) };
      else if (isObj(v)) out.dependencies[k] = { schema: specFromJSONSchemaProps(v, stripUnsupportedFormats) };
    }
  }
  const lt = rawOptStr(raw, 'x-kubernetes-list-type');
  if (lt !== undefined) out.listType = lt;
  const lk = rawStrings(raw, 'x-kubernetes-list-map-keys');
  if (lk) out.listMapKeys = lk;
  return out;
}

function specFromValueValidation(v: ValueValidation | undefined, out: SpecSchema): void {
  if (!v) return;
  out.format = v.format;
  for (const k of ['maximum', 'minimum', 'maxLength', 'minLength', 'maxItems', 'minItems', 'multipleOf', 'maxProperties', 'minProperties'] as const) {
    if (v[k] !== undefined) out[k] = v[k];
  }
  out.exclusiveMaximum = v.exclusiveMaximum;
  out.exclusiveMinimum = v.exclusiveMinimum;
  out.pattern = v.pattern;
  out.uniqueItems = v.uniqueItems;
  if (v.enum) out.enum = v.enum;
  if (v.required) out.required = v.required;
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const l = v[k];
    if (l) out[k] = l.map(specFromNested);
  }
  if (v.not) out.not = specFromNested(v.not);
}

function specFromNested(n: NestedValueValidation): SpecSchema {
  const out = emptySpec();
  specFromValueValidation(n.vv, out);
  if (n.items) out.items = { schema: specFromNested(n.items) };
  if (n.properties) {
    out.properties = {};
    for (const k of Object.keys(n.properties)) out.properties[k] = specFromNested(n.properties[k]);
  }
  if (n.forbiddenGenerics.type) out.type = [n.forbiddenGenerics.type];
  out.nullable = n.forbiddenGenerics.nullable;
  return out;
}

/** Structural.ToKubeOpenAPI (used to validate defaults; formats are not stripped, int-or-string has no implicit type) */
export function specFromStructural(s: Structural): SpecSchema {
  const out = emptySpec();
  if (s.items) out.items = { schema: specFromStructural(s.items) };
  if (s.properties) {
    out.properties = {};
    for (const k of Object.keys(s.properties)) out.properties[k] = specFromStructural(s.properties[k]);
  }
  if (s.additionalProperties) out.additionalProperties = { allows: s.additionalProperties.bool, schema: s.additionalProperties.structural ? specFromStructural(s.additionalProperties.structural) : undefined };
  if (s.type) out.type = [s.type];
  out.nullable = s.nullable;
  specFromValueValidation(s.valueValidation, out);
  if (s.xListType !== undefined) out.listType = s.xListType;
  if (s.xListMapKeys) out.listMapKeys = s.xListMapKeys;
  return out;
}

// ---- results -------------------------------------------------------------------------

type Code =
  | 'InvalidType'
  | 'Required'
  | 'TooLong'
  | 'TooShort'
  | 'Pattern'
  | 'Enum'
  | 'MultipleOf'
  | 'Max'
  | 'Min'
  | 'Unique'
  | 'MaxItems'
  | 'MinItems'
  | 'NoAdditionalItems'
  | 'TooFewProperties'
  | 'TooManyProperties'
  | 'UnallowedProperty'
  | 'FailedAllPatternProps'
  | 'MultipleOfMustBePositive';

interface VError {
  /** a *errors.Validation (with a code and a name) or a plain composite message */
  code?: Code;
  name: string;
  value?: unknown;
  valid?: number;
  values?: unknown[];
  message: string;
}

class Result {
  errors: VError[] = [];
  matchCount = 0;

  add(...errs: VError[]): void {
    for (const e of errs) if (!this.errors.some((x) => x.message === e.message)) this.errors.push(e);
  }

  merge(...others: (Result | undefined)[]): this {
    for (const o of others) {
      if (!o) continue;
      this.add(...o.errors);
      this.matchCount += o.matchCount;
    }
    return this;
  }

  get valid(): boolean {
    return this.errors.length === 0;
  }
}

function one(e: VError): Result {
  const r = new Result();
  r.errors.push(e);
  return r;
}

const IN = 'body';

function typeFail(name: string, typeName: string, value: string): VError {
  return { code: 'InvalidType', name, value, message: `${name} in ${IN} must be of type ${typeName}: ${goQuote(value)}` };
}

// ---- correlation for ratcheting ------------------------------------------------------

interface Correlation {
  old: unknown;
}

function correlatedEqual(n: unknown, o: unknown, s: SpecSchema | undefined): boolean {
  if (Array.isArray(n) && Array.isArray(o) && s?.listType === 'map' && s.items?.schema) {
    if (n.length !== o.length) return false;
    return n.every((x) => {
      const old = findMapListItem(o, x, s.listMapKeys ?? []);
      return old !== undefined && correlatedEqual(x, old, s.items?.schema);
    });
  }
  if (isObj(n) && isObj(o)) {
    const nk = Object.keys(n);
    if (nk.length !== Object.keys(o).length) return false;
    return nk.every((k) => Object.prototype.hasOwnProperty.call(o, k) && correlatedEqual(n[k], o[k], s?.properties?.[k] ?? s?.additionalProperties?.schema));
  }
  return deepEqualJSON(n, o);
}

function findMapListItem(list: unknown[], item: unknown, keys: string[]): unknown {
  if (!isObj(item)) return undefined;
  return list.find((o) => isObj(o) && keys.every((k) => deepEqualJSON(o[k], item[k])));
}

// ---- the validator ---------------------------------------------------------------------

interface Ctx {
  corr?: Correlation;
  /** the schema the correlation was made with (children are looked up in it) */
  corrSchema?: SpecSchema;
  root: boolean;
}

function isFloat64AJSONInteger(f: number): boolean {
  if (!Number.isFinite(f) || f < -(2 ** 53) || f > 2 ** 53) return false;
  return Number.isInteger(f);
}

function schemaInfo(v: unknown): [string, string] {
  switch (kindOf(v)) {
    case 'bool':
      return ['boolean', ''];
    case 'string':
      return ['string', ''];
    case 'int':
      return ['integer', 'int64'];
    case 'float':
      return ['number', 'float64'];
    case 'slice':
      return ['array', ''];
    case 'map':
      return ['object', ''];
    default:
      return ['', ''];
  }
}

function validateType(s: SpecSchema, data: unknown, path: string): Result {
  const res = new Result();
  res.matchCount++;
  if (data === null || data === undefined) {
    if (s.type.length && !s.type.includes('null') && !s.nullable) return one(typeFail(path, s.type.join(','), 'null'));
    return res;
  }
  const kind = kindOf(data);
  const [schType, format] = schemaInfo(data);
  const isFloatInt = schType === 'number' && isFloat64AJSONInteger(data as number) && s.type.includes('integer');
  const isIntFloat = schType === 'integer' && s.type.includes('number');
  if (kind !== 'string' && kind !== 'slice' && s.format !== '' && !(s.type.includes(schType) || format === s.format || isFloatInt || isIntFloat))
    return one(typeFail(path, s.format, format));
  if (!(s.type.includes('number') || s.type.includes('integer')) && s.format !== '' && (kind === 'string' || kind === 'slice')) return res;
  if (!(s.type.includes(schType) || isFloatInt || isIntFloat)) return one(typeFail(path, s.type.join(','), schType));
  return res;
}

function validateString(s: SpecSchema, data: string, path: string): Result | undefined {
  const len = [...data].length;
  if (s.maxLength !== undefined && len > s.maxLength)
    return one({ code: 'TooLong', name: path, value: data, valid: s.maxLength, message: `${path} in ${IN} should be at most ${s.maxLength} chars long` });
  if (s.minLength !== undefined && len < s.minLength)
    return one({ code: 'TooShort', name: path, value: data, valid: s.minLength, message: `${path} in ${IN} should be at least ${s.minLength} chars long` });
  if (s.pattern) {
    const re = compileGoRegexp(s.pattern);
    if (re instanceof GoRegexpError)
      return one({ code: 'Pattern', name: path, value: data, message: `${path} in ${IN} should match '${s.pattern}, but pattern is invalid: ${re.message}'` });
    if (!re.test(data)) return one({ code: 'Pattern', name: path, value: data, message: `${path} in ${IN} should match '${s.pattern}'` });
  }
  return undefined;
}

function numStr(n: number, asInt: boolean): string {
  return asInt ? String(n) : goFloat(n);
}

function validateNumber(s: SpecSchema, data: number, path: string): Result {
  const res = new Result();
  const isInt = isInt64(data);
  const multiple = new Result();
  const minimum = new Result();
  const maximum = new Result();
  if (s.multipleOf !== undefined) {
    if (isInt) {
      const factor = Math.trunc(s.multipleOf);
      if (factor <= 0) multiple.add({ code: 'MultipleOfMustBePositive', name: path, value: factor, message: `factor MultipleOf declared for ${path} must be positive: ${factor}` });
      else if (Math.trunc(data / factor) * factor !== data)
        multiple.add({ code: 'MultipleOf', name: path, value: data, message: `${path} in ${IN} should be a multiple of ${factor}` });
    } else {
      const factor = s.multipleOf;
      if (factor <= 0) multiple.add({ code: 'MultipleOfMustBePositive', name: path, value: factor, message: `factor MultipleOf declared for ${path} must be positive: ${goFloat(factor)}` });
      else {
        const mult = factor < 1 ? (1 / factor) * data : data / factor;
        if (!isFloat64AJSONInteger(mult)) multiple.add({ code: 'MultipleOf', name: path, value: data, message: `${path} in ${IN} should be a multiple of ${goFloat(factor)}` });
      }
    }
  }
  if (s.maximum !== undefined) {
    const max = isInt ? Math.trunc(s.maximum) : s.maximum;
    const excl = s.exclusiveMaximum;
    if ((!excl && data > max) || (excl && data >= max))
      maximum.add({ code: 'Max', name: path, value: data, message: `${path} in ${IN} should be less than ${excl ? '' : 'or equal to '}${numStr(max, isInt)}` });
  }
  if (s.minimum !== undefined) {
    const min = isInt ? Math.trunc(s.minimum) : s.minimum;
    const excl = s.exclusiveMinimum;
    if ((!excl && data < min) || (excl && data <= min))
      minimum.add({ code: 'Min', name: path, value: data, message: `${path} in ${IN} should be greater than ${excl ? '' : 'or equal to '}${numStr(min, isInt)}` });
  }
  res.merge(multiple, minimum, maximum);
  res.matchCount++;
  return res;
}

/** reflect-based enum membership as kube-openapi does it (values converted to the enum value's type) */
function enumMatches(data: unknown, e: unknown): boolean {
  if (deepEqualJSON(data, e) && kindOf(data) === kindOf(e)) return true;
  const dk = kindOf(data);
  const ek = kindOf(e);
  if ((dk === 'int' || dk === 'float') && (ek === 'int' || ek === 'float')) {
    const d = data as number;
    const conv = ek === 'int' ? Math.trunc(d) : d;
    return conv === e;
  }
  if (dk === 'int' && ek === 'string') {
    // Go converts an integer to the string of that code point
    const d = data as number;
    const ch = d >= 0 && d <= 0x10ffff && !(d >= 0xd800 && d <= 0xdfff) ? String.fromCodePoint(d) : '\ufffd';
    return ch === e;
  }
  return false;
}

function validateEnum(s: SpecSchema, data: unknown, path: string): Result | undefined {
  if (!s.enum || !s.enum.length) return undefined;
  if (data !== null && data !== undefined) for (const e of s.enum) if (e !== null && enumMatches(data, e)) return undefined;
  const values = s.enum;
  return one({ code: 'Enum', name: path, value: data ?? null, values, message: `${path} in ${IN} should be one of [${values.map((v) => (typeof v === 'string' ? v : goJSON(v))).join(' ')}]` });
}

function uniqueFail(list: unknown[]): boolean {
  for (let i = 0; i < list.length; i++) for (let j = 0; j < i; j++) if (deepEqualJSON(list[i], list[j]) && kindOf(list[i]) === kindOf(list[j])) return true;
  return false;
}

function childCorr(ctx: Ctx, newV: unknown, key: string, schema: SpecSchema): Ctx {
  const c: Ctx = { root: false };
  if (!ctx.corr || !ctx.corrSchema) return c;
  const old = ctx.corr.old;
  if (!isObj(old) || !isObj(newV) || !Object.prototype.hasOwnProperty.call(old, key) || !Object.prototype.hasOwnProperty.call(newV, key)) return c;
  if (ctx.root && (key === 'kind' || key === 'apiVersion')) return c;
  const cs = ctx.corrSchema.properties?.[key] ?? ctx.corrSchema.additionalProperties?.schema;
  if (!cs) return c;
  return { root: false, corr: { old: old[key] }, corrSchema: cs };
}

function indexCorr(ctx: Ctx, list: unknown[], i: number): Ctx {
  const c: Ctx = { root: false };
  if (!ctx.corr || !ctx.corrSchema || !Array.isArray(ctx.corr.old)) return c;
  if (ctx.corrSchema.listType !== 'map' || !ctx.corrSchema.items?.schema) return c;
  const old = findMapListItem(ctx.corr.old, list[i], ctx.corrSchema.listMapKeys ?? []);
  if (old === undefined || old === null) return c;
  return { root: false, corr: { old }, corrSchema: ctx.corrSchema.items.schema };
}

function validateSlice(s: SpecSchema, data: unknown[], path: string, ctx: Ctx): Result {
  const res = new Result();
  if (s.items?.schema) {
    const item = s.items.schema;
    data.forEach((v, i) => res.merge(validateValue(item, v, `${path}[${i}]`, indexCorr(ctx, data, i))));
  }
  let itemsSize = 0;
  if (s.items?.schemas && s.items.schemas.length) {
    itemsSize = s.items.schemas.length;
    for (let i = 0; i < itemsSize && i < data.length; i++) res.merge(validateValue(s.items.schemas[i], data[i], `${path}[${i}]`, { root: false }));
  }
  if (s.additionalItems && itemsSize < data.length) {
    if (s.items?.schemas && s.items.schemas.length && !s.additionalItems.allows) res.add({ name: '', message: "array doesn't allow for additional items" });
    if (s.additionalItems.schema) {
      for (let i = itemsSize; i < data.length - itemsSize + 1; i++) res.merge(validateValue(s.additionalItems.schema, data[i], `${path}[${i}]`, { root: false }));
    }
  }
  if (s.minItems !== undefined && data.length < s.minItems)
    res.add({ code: 'MinItems', name: path, value: data.length, valid: s.minItems, message: `${path} in ${IN} should have at least ${s.minItems} items` });
  if (s.maxItems !== undefined && data.length > s.maxItems)
    res.add({ code: 'MaxItems', name: path, value: data.length, valid: s.maxItems, message: `${path} in ${IN} should have at most ${s.maxItems} items` });
  if (s.uniqueItems && uniqueFail(data)) res.add({ code: 'Unique', name: path, message: `${path} in ${IN} shouldn't contain duplicates` });
  res.matchCount++;
  return res;
}

function patternMatches(s: SpecSchema, key: string): string[] {
  const out: string[] = [];
  for (const p of Object.keys(s.patternProperties ?? {})) {
    const re = compileGoRegexp(p);
    if (!(re instanceof GoRegexpError) && re.test(key)) out.push(p);
  }
  return out;
}

function validateObject(s: SpecSchema, data: Record<string, unknown>, path: string, ctx: Ctx): Result {
  const res = new Result();
  const keys = sortedKeys(data);
  const n = Object.keys(data).length;
  if (s.minProperties !== undefined && n < s.minProperties)
    res.add({ code: 'TooFewProperties', name: path, value: n, valid: s.minProperties, message: `${path} in ${IN} should have at least ${s.minProperties} properties` });
  if (s.maxProperties !== undefined && n > s.maxProperties)
    res.add({ code: 'TooManyProperties', name: path, value: n, valid: s.maxProperties, message: `${path} in ${IN} should have at most ${s.maxProperties} properties` });
  const props = s.properties ?? {};
  if (s.additionalProperties && !s.additionalProperties.allows) {
    for (const k of keys) {
      if (!Object.prototype.hasOwnProperty.call(props, k) && !patternMatches(s, k).length)
        res.add({ code: 'UnallowedProperty', name: path, value: k, message: `${path}.${k} in ${IN} is a forbidden property` });
    }
  } else {
    for (const k of keys) {
      const regular = Object.prototype.hasOwnProperty.call(props, k);
      const matched = patternMatches(s, k);
      for (const p of matched) res.merge(validateValue((s.patternProperties as Record<string, SpecSchema>)[p], data[k], `${path}.${k}`, { root: false }));
      if (!regular && !matched.length && s.additionalProperties?.schema) {
        res.merge(validateValue(s.additionalProperties.schema, data[k], `${path}.${k}`, childCorr(ctx, data, k, s.additionalProperties.schema)));
      }
    }
  }
  for (const p of sortedKeys(props)) {
    if (!Object.prototype.hasOwnProperty.call(data, p)) continue;
    const rName = path ? `${path}.${p}` : p;
    res.merge(validateValue(props[p], data[p], rName, childCorr(ctx, data, p, props[p])));
  }
  for (const k of s.required ?? []) {
    if (!Object.prototype.hasOwnProperty.call(data, k)) res.add({ code: 'Required', name: `${path}.${k}`, message: `${path}.${k} in ${IN} is required` });
  }
  return res;
}

function validateSchemaProps(s: SpecSchema, data: unknown, path: string, ctx: Ctx): Result {
  const main = new Result();
  const branch = (b: SpecSchema): Result => validateValue(b, data, path, { ...ctx, corr: ctx.corr, corrSchema: ctx.corrSchema }, true);
  if (s.anyOf && s.anyOf.length) {
    let best: Result | undefined;
    let firstSuccess: Result | undefined;
    let succeeded = false;
    for (const b of s.anyOf) {
      const r = branch(b);
      if (r.valid) {
        best = undefined;
        succeeded = true;
        firstSuccess = r;
        break;
      }
      if (!best || r.matchCount > best.matchCount) best = r;
    }
    if (!succeeded) main.add({ name: '', message: `${goQuote(path)} must validate at least one schema (anyOf)` });
    if (best) main.merge(best);
    else if (firstSuccess) main.merge(firstSuccess);
  }
  if (s.oneOf && s.oneOf.length) {
    let best: Result | undefined;
    let firstSuccess: Result | undefined;
    let validated = 0;
    for (const b of s.oneOf) {
      const r = branch(b);
      if (r.valid) {
        validated++;
        best = undefined;
        if (!firstSuccess) firstSuccess = r;
        continue;
      }
      if (validated === 0 && (!best || r.matchCount > best.matchCount)) best = r;
    }
    if (validated !== 1) {
      const extra = validated === 0 ? 'Found none valid' : `Found ${validated} valid alternatives`;
      main.add({ name: '', message: `${goQuote(path)} must validate one and only one schema (oneOf). ${extra}` });
      if (best) main.merge(best);
    } else if (firstSuccess) main.merge(firstSuccess);
  }
  if (s.allOf && s.allOf.length) {
    let validated = 0;
    for (const b of s.allOf) {
      const r = branch(b);
      if (r.valid) validated++;
      main.merge(r);
    }
    if (validated !== s.allOf.length) main.add({ name: '', message: `${goQuote(path)} must validate all the schemas (allOf)${validated === 0 ? '. None validated' : ''}` });
  }
  if (s.not) {
    const r = validateValue(s.not, data, path, { root: false });
    if (r.valid) main.add({ name: '', message: `${goQuote(path)} must not validate the schema (not)` });
  }
  if (s.dependencies && isObj(data)) {
    for (const key of sortedKeys(data)) {
      const dep = s.dependencies[key];
      if (!dep) continue;
      if (dep.schema) {
        main.merge(validateValue(dep.schema, data, `${path}.${key}`, { root: false }));
        continue;
      }
      for (const dk of dep.property ?? []) if (!Object.prototype.hasOwnProperty.call(data, dk)) main.add({ name: '', message: `${goQuote(path)} has a dependency on ${dk}` });
    }
  }
  main.matchCount++;
  return main;
}

function validateValue(s: SpecSchema, data: unknown, path: string, ctx: Ctx, _branch = false): Result {
  const result = new Result();
  if (data === null || data === undefined) {
    if (s.type.length || s.format) result.merge(validateType(s, data, path));
    result.merge(validateEnum(s, data, path));
    return ratchet(result, data, ctx);
  }
  const kind = kindOf(data);
  const step = (r: Result | undefined): void => {
    result.merge(r);
    result.matchCount++;
  };
  if (s.type.length || s.format) step(validateType(s, data, path));
  step(validateSchemaProps(s, data, path, ctx));
  if (kind === 'string') step(validateString(s, data as string, path));
  if (kind === 'string' && s.format && isKnownFormat(s.format)) {
    step(formatValidates(s.format, data as string) ? undefined : one(typeFail(path, s.format, data as string)));
  }
  if (kind === 'int' || kind === 'float') step(validateNumber(s, data as number, path));
  if (kind === 'slice') step(validateSlice(s, data as unknown[], path, ctx));
  step(validateEnum(s, data, path));
  if (kind === 'map') step(validateObject(s, data as Record<string, unknown>, path, ctx));
  result.matchCount++;
  return ratchet(result, data, ctx);
}

function ratchet(res: Result, data: unknown, ctx: Ctx): Result {
  if (res.valid || !ctx.corr) return res;
  if (correlatedEqual(data, ctx.corr.old, ctx.corrSchema)) {
    const r = new Result();
    r.matchCount = res.matchCount;
    return r;
  }
  return res;
}

// ---- results to field errors -------------------------------------------------------------

function toFieldErrors(fldPath: FieldPath, res: Result): FieldError[] {
  const out: FieldError[] = [];
  for (const e of res.errors) {
    if (!e.code) {
      out.push(errInvalid(fldPath, '', e.message));
      continue;
    }
    let errPath: FieldPath = fldPath;
    if (e.name && e.name !== '.') errPath = pchild(fldPath, e.name.replace(/^\./, ''));
    switch (e.code) {
      case 'Required':
        out.push(errRequired(errPath));
        break;
      case 'Enum':
        out.push(errNotSupported(errPath, e.value ?? null, (e.values ?? []).map((v) => (typeof v === 'string' ? v : goJSON(v)))));
        break;
      case 'TooLong':
        out.push(errTooLong(errPath, e.valid ?? -1));
        break;
      case 'MaxItems':
      case 'TooManyProperties':
        out.push(errTooMany(errPath, typeof e.value === 'number' ? e.value : -1, e.valid ?? -1));
        break;
      case 'InvalidType':
        out.push(errTypeInvalid(errPath, e.value ?? '', e.message));
        break;
      default:
        out.push(errInvalid(errPath, e.value ?? '', e.message));
    }
  }
  return out;
}

export interface ValidateOptions {
  /** the old object for update validation: errors on unchanged values are dropped (CRDValidationRatcheting) */
  old?: unknown;
  /** ratchet (default true when old is given) */
  ratcheting?: boolean;
}

/**
 * Validate a value against a spec schema; `fldPath` is the parent path
 * (undefined is upstream's nil path: root-level errors are reported on "<nil>").
 */
export function validateSpec(schema: SpecSchema, value: unknown, fldPath?: string, opts: ValidateOptions = {}): FieldError[] {
  const ratcheting = opts.old !== undefined && opts.ratcheting !== false;
  const ctx: Ctx = ratcheting ? { root: true, corr: { old: opts.old }, corrSchema: schema } : { root: true };
  const res = validateValue(schema, value, '', ctx);
  if (res.valid) return [];
  return toFieldErrors(fldPath, res);
}
