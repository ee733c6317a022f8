// HorizontalPodAutoscalers are stored as autoscaling/v2 and also served as
// autoscaling/v1. Upstream converts through its internal type, which has the
// v2 structure; v1 keeps what it has no fields for in annotations whose values
// are JSON documents:
//
//   autoscaling.alpha.kubernetes.io/metrics          spec.metrics other than the
//                                                    CPU utilization target, as
//                                                    autoscaling/v1 MetricSpecs
//   autoscaling.alpha.kubernetes.io/current-metrics  all of status.currentMetrics,
//                                                    as autoscaling/v1 MetricStatuses
//   autoscaling.alpha.kubernetes.io/behavior         spec.behavior, written with the
//                                                    Go field names of the internal
//                                                    type ("ScaleUp", "Policies", ...)
//   autoscaling.alpha.kubernetes.io/conditions       status.conditions
//
// Reading v1 (v1 → internal → v2) restores the fields from those annotations
// (one that does not decode is ignored as a whole), adds the CPU target
// spec.targetCPUUtilizationPercentage names after the annotated metrics, falls
// back to an 80% CPU utilization target when no metric is left, and drops the
// round-trip annotations (also the scale-up/scale-down tolerance ones the
// v2beta2 conversion used). Writing v1 (v2 → internal → v1) first drops any
// round-trip annotation the object carried, then writes fresh ones.
//
// The annotation JSON is produced the way Go's encoding/json writes the typed
// values: struct field order, omitempty rules, sorted map keys, canonical
// quantities, RFC 3339 second-precision UTC times, and <, >, & escaped.
// Decoding follows its rules too: keys match field names case-insensitively,
// unknown keys are ignored and a value of the wrong type fails the document.
import { deepClone, type KObject, type ObjectMeta } from '../../machinery/objects.js';
import { format as formatQuantity, parseQuantity } from '../shared/quantity.js';
import type { Converter } from '../conversion.js';

export const HPA_V1_VERSION = 'autoscaling/v1';
export const HPA_V2_VERSION = 'autoscaling/v2';

export const METRIC_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
export const METRIC_STATUSES_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
export const SCALE_DOWN_TOLERANCE_ANNOTATION = 'autoscaling.alpha.kubernetes.io/scale-down-tolerance';
export const SCALE_UP_TOLERANCE_ANNOTATION = 'autoscaling.alpha.kubernetes.io/scale-up-tolerance';

const roundTripAnnotations = [
  METRIC_SPECS_ANNOTATION,
  BEHAVIOR_ANNOTATION,
  SCALE_DOWN_TOLERANCE_ANNOTATION,
  SCALE_UP_TOLERANCE_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
  CONDITIONS_ANNOTATION,
];

/** CPU utilization target v1 objects without any metric get (autoscaling.DefaultCPUUtilization) */
export const DEFAULT_CPU_UTILIZATION = 80;

// ---- a small model of Go types and their JSON encoding ----------------------

// Values of these types are plain JS values: structs are objects holding every
// field (under `key`), pointers / slices / maps are null when nil, quantities
// are their canonical strings, times are RFC 3339 strings or null when zero.
type V = any;

type GoType =
  | { k: 'string' }
  | { k: 'int32' }
  | { k: 'quantity' }
  | { k: 'time' }
  | { k: 'ptr'; of: GoType }
  | { k: 'slice'; of: GoType }
  | { k: 'stringMap' }
  | { k: 'struct'; fields: GoField[] };

interface GoField {
  /** where the value lives in the JS model */
  key: string;
  /** the JSON member name */
  json: string;
  omitempty: boolean;
  t: GoType;
}

const tString: GoType = { k: 'string' };
const tInt32: GoType = { k: 'int32' };
const tQuantity: GoType = { k: 'quantity' };
const tTime: GoType = { k: 'time' };
const tStringMap: GoType = { k: 'stringMap' };
const ptr = (of: GoType): GoType => ({ k: 'ptr', of });
const slice = (of: GoType): GoType => ({ k: 'slice', of });
const struct = (...fields: GoField[]): GoType => ({ k: 'struct', fields });
/** a tagged field: `json:"name"` or `json:"name,omitempty"` */
const field = (json: string, t: GoType, omitempty = false): GoField => ({ key: json, json, omitempty, t });
/** an untagged field of an internal type: JSON uses the Go field name */
const goField = (goName: string, key: string, t: GoType): GoField => ({ key, json: goName, omitempty: false, t });

class DecodeError extends Error {}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function zero(t: GoType): V {
  switch (t.k) {
    case 'string':
      return '';
    case 'int32':
      return 0;
    case 'quantity':
      return '0';
    case 'time':
      return null;
    case 'struct': {
      const out: V = {};
      for (const f of t.fields) out[f.key] = zero(f.t);
      return out;
    }
    default:
      return null;
  }
}

/** 0001-01-01T00:00:00Z in milliseconds since the epoch */
const goZeroTime = (() => {
  const d = new Date(0);
  d.setUTCFullYear(1, 0, 1);
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime();
})();

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** time.Parse(time.RFC3339) then Format in UTC; null for the zero time, undefined when it does not parse */
function normalizeTime(s: string): string | null | undefined {
  const m = rfc3339.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, sec, 0);
  if (date.getUTCDate() !== d) return undefined; // day out of range for the month
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    const offset = (oh * 60 + om) * 60_000 * (m[9] === '-' ? -1 : 1);
    date.setTime(date.getTime() - offset);
  }
  // Go's zero time encodes as null
  if (date.getTime() === goZeroTime) return null;
  const year = date.getUTCFullYear();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}Z`;
}

/** the struct field a JSON member name decodes into: exact name first, then case-insensitively */
function fieldFor(fields: GoField[], name: string): GoField | undefined {
  const exact = fields.find((f) => f.json === name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  return fields.find((f) => f.json.toLowerCase() === lower);
}

/**
 * JSON → Go value. Strict decoding throws on a value of the wrong type (as
 * json.Unmarshal reports an error); lenient decoding, for objects already in
 * storage, keeps what it can and zeroes the rest.
 */
function decode(j: unknown, t: GoType, strict: boolean): V {
  const bad = (): V => {
    if (strict) throw new DecodeError(`cannot decode ${JSON.stringify(j)} as ${t.k}`);
    return zero(t);
  };
  switch (t.k) {
    case 'string':
      if (j === null) return '';
      return typeof j === 'string' ? j : bad();
    case 'int32':
      if (j === null) return 0;
      return typeof j === 'number' && Number.isInteger(j) && j >= -(2 ** 31) && j < 2 ** 31 ? j : bad();
    case 'quantity': {
      if (j === null) return '0';
      const q = typeof j === 'string' ? parseQuantity(j.trim()) : typeof j === 'number' ? parseQuantity(j) : null;
      if (q) return formatQuantity(q);
      if (!strict && typeof j === 'string') return j;
      return bad();
    }
    case 'time': {
      if (j === null) return null;
      if (typeof j !== 'string') return bad();
      const n = normalizeTime(j);
      if (n !== undefined) return n;
      return strict ? bad() : j;
    }
    case 'ptr':
      return j === null || j === undefined ? null : decode(j, t.of, strict);
    case 'slice':
      if (j === null || j === undefined) return null;
      return Array.isArray(j) ? j.map((x) => decode(x, t.of, strict)) : bad();
    case 'stringMap': {
      if (j === null || j === undefined) return null;
      if (!isObj(j)) return bad();
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(j)) out[k] = decode(v, tString, strict);
      return out;
    }
    case 'struct': {
      const out = zero(t);
      if (j === null || j === undefined) return out;
      if (!isObj(j)) return bad();
      for (const [k, v] of Object.entries(j)) {
        const f = fieldFor(t.fields, k);
        if (f) out[f.key] = decode(v, f.t, strict);
      }
      return out;
    }
  }
}

/** omitempty: false, 0, "", nil pointers and empty slices / maps are left out (structs never are) */
function isEmpty(v: V, t: GoType): boolean {
  switch (t.k) {
    case 'string':
      return v === '';
    case 'int32':
      return v === 0;
    case 'ptr':
      return v === null || v === undefined;
    case 'slice':
      return v === null || v === undefined || v.length === 0;
    case 'stringMap':
      return v === null || v === undefined || Object.keys(v).length === 0;
    default:
      return false;
  }
}

/** a JSON string as encoding/json writes it (HTML-sensitive characters escaped) */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** json.Marshal of a Go value */
function marshal(v: V, t: GoType): string {
  switch (t.k) {
    case 'string':
      return goQuote(String(v ?? ''));
    case 'int32':
      return String(v ?? 0);
    case 'quantity':
      return goQuote(String(v ?? '0'));
    case 'time':
      return v === null || v === undefined ? 'null' : goQuote(String(v));
    case 'ptr':
      return v === null || v === undefined ? 'null' : marshal(v, t.of);
    case 'slice':
      return v === null || v === undefined ? 'null' : `[${(v as V[]).map((x) => marshal(x, t.of)).join(',')}]`;
    case 'stringMap': {
      if (v === null || v === undefined) return 'null';
      const keys = Object.keys(v).sort(byteOrder);
      return `{${keys.map((k) => `${goQuote(k)}:${goQuote(String(v[k]))}`).join(',')}}`;
    }
    case 'struct': {
      const parts: string[] = [];
      for (const f of t.fields) {
        const fv = v?.[f.key];
        if (f.omitempty && isEmpty(fv, f.t)) continue;
        parts.push(`${goQuote(f.json)}:${marshal(fv, f.t)}`);
      }
      return `{${parts.join(',')}}`;
    }
  }
}

/** the plain JSON object json.Marshal would produce for a Go value */
function toJSON(v: V, t: GoType): unknown {
  switch (t.k) {
    case 'ptr':
      return v === null || v === undefined ? null : toJSON(v, t.of);
    case 'slice':
      return v === null || v === undefined ? null : (v as V[]).map((x) => toJSON(x, t.of));
    case 'stringMap':
      return v === null || v === undefined ? null : { ...v };
    case 'struct': {
      const out: Record<string, unknown> = {};
      for (const f of t.fields) {
        const fv = v?.[f.key];
        if (f.omitempty && isEmpty(fv, f.t)) continue;
        out[f.json] = toJSON(fv, f.t);
      }
      return out;
    }
    case 'time':
      return v ?? null;
    default:
      return v;
  }
}

// ---- the types involved ------------------------------------------------------

const labelSelector = struct(
  field('matchLabels', tStringMap, true),
  field('matchExpressions', slice(struct(field('key', tString), field('operator', tString), field('values', slice(tString), true))), true),
);

const crossVersionObjectReference = struct(field('kind', tString), field('name', tString), field('apiVersion', tString, true));

// autoscaling/v2 (and the internal type, which has the same structure)
const metricIdentifier = struct(field('name', tString), field('selector', ptr(labelSelector), true));
const metricTarget = struct(
  field('type', tString),
  field('value', ptr(tQuantity), true),
  field('averageValue', ptr(tQuantity), true),
  field('averageUtilization', ptr(tInt32), true),
);
const metricValueStatus = struct(
  field('value', ptr(tQuantity), true),
  field('averageValue', ptr(tQuantity), true),
  field('averageUtilization', ptr(tInt32), true),
);
const v2MetricSpec = struct(
  field('type', tString),
  field('object', ptr(struct(field('describedObject', crossVersionObjectReference), field('target', metricTarget), field('metric', metricIdentifier))), true),
  field('pods', ptr(struct(field('metric', metricIdentifier), field('target', metricTarget))), true),
  field('resource', ptr(struct(field('name', tString), field('target', metricTarget))), true),
  field('containerResource', ptr(struct(field('name', tString), field('target', metricTarget), field('container', tString))), true),
  field('external', ptr(struct(field('metric', metricIdentifier), field('target', metricTarget))), true),
);
const v2MetricStatus = struct(
  field('type', tString),
  field('object', ptr(struct(field('metric', metricIdentifier), field('current', metricValueStatus), field('describedObject', crossVersionObjectReference))), true),
  field('pods', ptr(struct(field('metric', metricIdentifier), field('current', metricValueStatus))), true),
  field('resource', ptr(struct(field('name', tString), field('current', metricValueStatus))), true),
  field('containerResource', ptr(struct(field('name', tString), field('current', metricValueStatus), field('container', tString))), true),
  field('external', ptr(struct(field('metric', metricIdentifier), field('current', metricValueStatus))), true),
);
const scalingPolicy = struct(field('type', tString), field('value', tInt32), field('periodSeconds', tInt32));
const scalingRules = struct(
  field('stabilizationWindowSeconds', ptr(tInt32), true),
  field('selectPolicy', ptr(tString), true),
  field('policies', slice(scalingPolicy), true),
  field('tolerance', ptr(tQuantity), true),
);
const v2Behavior = struct(field('scaleUp', ptr(scalingRules), true), field('scaleDown', ptr(scalingRules), true));
const hpaCondition = struct(
  field('type', tString),
  field('status', tString),
  field('lastTransitionTime', tTime, true),
  field('reason', tString, true),
  field('message', tString, true),
);

// the internal behavior type, which the behavior annotation holds (no JSON tags)
const internalScalingRules = struct(
  goField('StabilizationWindowSeconds', 'stabilizationWindowSeconds', ptr(tInt32)),
  goField('SelectPolicy', 'selectPolicy', ptr(tString)),
  goField('Policies', 'policies', slice(struct(goField('Type', 'type', tString), goField('Value', 'value', tInt32), goField('PeriodSeconds', 'periodSeconds', tInt32)))),
  goField('Tolerance', 'tolerance', ptr(tQuantity)),
);
const internalBehavior = struct(goField('ScaleUp', 'scaleUp', ptr(internalScalingRules)), goField('ScaleDown', 'scaleDown', ptr(internalScalingRules)));

// autoscaling/v1 metric types, found only in the annotations
const v1MetricSpec = struct(
  field('type', tString),
  field(
    'object',
    ptr(
      struct(
        field('target', crossVersionObjectReference),
        field('metricName', tString),
        field('targetValue', tQuantity),
        field('selector', ptr(labelSelector), true),
        field('averageValue', ptr(tQuantity), true),
      ),
    ),
    true,
  ),
  field('pods', ptr(struct(field('metricName', tString), field('targetAverageValue', tQuantity), field('selector', ptr(labelSelector), true))), true),
  field('resource', ptr(struct(field('name', tString), field('targetAverageUtilization', ptr(tInt32), true), field('targetAverageValue', ptr(tQuantity), true))), true),
  field(
    'containerResource',
    ptr(
      struct(
        field('name', tString),
        field('targetAverageUtilization', ptr(tInt32), true),
        field('targetAverageValue', ptr(tQuantity), true),
        field('container', tString),
      ),
    ),
    true,
  ),
  field(
    'external',
    ptr(
      struct(
        field('metricName', tString),
        field('metricSelector', ptr(labelSelector), true),
        field('targetValue', ptr(tQuantity), true),
        field('targetAverageValue', ptr(tQuantity), true),
      ),
    ),
    true,
  ),
);
const v1MetricStatus = struct(
  field('type', tString),
  field(
    'object',
    ptr(
      struct(
        field('target', crossVersionObjectReference),
        field('metricName', tString),
        field('currentValue', tQuantity),
        field('selector', ptr(labelSelector), true),
        field('averageValue', ptr(tQuantity), true),
      ),
    ),
    true,
  ),
  field('pods', ptr(struct(field('metricName', tString), field('currentAverageValue', tQuantity), field('selector', ptr(labelSelector), true))), true),
  field('resource', ptr(struct(field('name', tString), field('currentAverageUtilization', ptr(tInt32), true), field('currentAverageValue', tQuantity))), true),
  field(
    'containerResource',
    ptr(
      struct(
        field('name', tString),
        field('currentAverageUtilization', ptr(tInt32), true),
        field('currentAverageValue', tQuantity),
        field('container', tString),
      ),
    ),
    true,
  ),
  field(
    'external',
    ptr(
      struct(
        field('metricName', tString),
        field('metricSelector', ptr(labelSelector), true),
        field('currentValue', tQuantity),
        field('currentAverageValue', ptr(tQuantity), true),
      ),
    ),
    true,
  ),
);

// ---- metric conversions (v1 ⇄ internal) --------------------------------------

const ref = (r: V): V => ({ kind: r.kind, name: r.name, apiVersion: r.apiVersion });
const target = (type: string, value: V, averageValue: V, averageUtilization: V): V => ({ type, value, averageValue, averageUtilization });
const current = (value: V, averageValue: V, averageUtilization: V): V => ({ value, averageValue, averageUtilization });

function metricSpecFromV1(m: V): V {
  const out: V = { type: m.type, object: null, pods: null, resource: null, containerResource: null, external: null };
  if (m.object) {
    const o = m.object;
    out.object = {
      describedObject: ref(o.target),
      target: target(o.averageValue === null ? 'Value' : 'AverageValue', o.targetValue, o.averageValue, null),
      metric: { name: o.metricName, selector: o.selector },
    };
  }
  if (m.pods) out.pods = { metric: { name: m.pods.metricName, selector: m.pods.selector }, target: target('AverageValue', null, m.pods.targetAverageValue, null) };
  for (const k of ['resource', 'containerResource'] as const) {
    const r = m[k];
    if (!r) continue;
    const type = r.targetAverageUtilization === null ? 'AverageValue' : 'Utilization';
    out[k] = { name: r.name, target: target(type, null, r.targetAverageValue, r.targetAverageUtilization) };
    if (k === 'containerResource') out[k].container = r.container;
  }
  if (m.external) {
    const e = m.external;
    out.external = {
      metric: { name: e.metricName, selector: e.metricSelector },
      target: target(e.targetValue === null ? 'AverageValue' : 'Value', e.targetValue, e.targetAverageValue, null),
    };
  }
  return out;
}

function metricSpecToV1(m: V): V {
  const out: V = { type: m.type, object: null, pods: null, resource: null, containerResource: null, external: null };
  if (m.object) {
    const o = m.object;
    out.object = {
      target: ref(o.describedObject),
      metricName: o.metric.name,
      targetValue: o.target.value ?? '0',
      selector: o.metric.selector,
      averageValue: o.target.averageValue,
    };
  }
  if (m.pods) out.pods = { metricName: m.pods.metric.name, targetAverageValue: m.pods.target.averageValue ?? '0', selector: m.pods.metric.selector };
  for (const k of ['resource', 'containerResource'] as const) {
    const r = m[k];
    if (!r) continue;
    out[k] = { name: r.name, targetAverageUtilization: r.target.averageUtilization, targetAverageValue: r.target.averageValue };
    if (k === 'containerResource') out[k].container = r.container;
  }
  if (m.external) {
    const e = m.external;
    out.external = { metricName: e.metric.name, metricSelector: e.metric.selector, targetValue: e.target.value, targetAverageValue: e.target.averageValue };
  }
  return out;
}

function metricStatusFromV1(m: V): V {
  const out: V = { type: m.type, object: null, pods: null, resource: null, containerResource: null, external: null };
  if (m.object) {
    const o = m.object;
    out.object = { metric: { name: o.metricName, selector: o.selector }, current: current(o.currentValue, o.averageValue, null), describedObject: ref(o.target) };
  }
  if (m.pods) out.pods = { metric: { name: m.pods.metricName, selector: m.pods.selector }, current: current(null, m.pods.currentAverageValue, null) };
  for (const k of ['resource', 'containerResource'] as const) {
    const r = m[k];
    if (!r) continue;
    out[k] = { name: r.name, current: current(null, r.currentAverageValue, r.currentAverageUtilization) };
    if (k === 'containerResource') out[k].container = r.container;
  }
  if (m.external) {
    const e = m.external;
    out.external = { metric: { name: e.metricName, selector: e.metricSelector }, current: current(e.currentValue, e.currentAverageValue, null) };
  }
  return out;
}

function metricStatusToV1(m: V): V {
  const out: V = { type: m.type, object: null, pods: null, resource: null, containerResource: null, external: null };
  if (m.object) {
    const o = m.object;
    out.object = {
      target: ref(o.describedObject),
      metricName: o.metric.name,
      currentValue: o.current.value ?? '0',
      selector: o.metric.selector,
      averageValue: o.current.averageValue,
    };
  }
  if (m.pods) out.pods = { metricName: m.pods.metric.name, currentAverageValue: m.pods.current.averageValue ?? '0', selector: m.pods.metric.selector };
  for (const k of ['resource', 'containerResource'] as const) {
    const r = m[k];
    if (!r) continue;
    out[k] = { name: r.name, currentAverageUtilization: r.current.averageUtilization, currentAverageValue: r.current.averageValue ?? '0' };
    if (k === 'containerResource') out[k].container = r.container;
  }
  if (m.external) {
    const e = m.external;
    out.external = {
      metricName: e.metric.name,
      metricSelector: e.metric.selector,
      currentValue: e.current.value ?? '0',
      currentAverageValue: e.current.averageValue,
    };
  }
  return out;
}

/** a Resource metric on cpu with a utilization target: what v1's targetCPUUtilizationPercentage holds */
function isCPUUtilizationMetric(m: V): boolean {
  return m.type === 'Resource' && m.resource !== null && m.resource.name === 'cpu' && m.resource.target.averageUtilization !== null;
}

function cpuUtilizationMetric(percent: V): V {
  return {
    type: 'Resource',
    object: null,
    pods: null,
    resource: { name: 'cpu', target: target('Utilization', null, null, percent) },
    containerResource: null,
    external: null,
  };
}

// ---- objects -----------------------------------------------------------------

function objOf(v: unknown): Record<string, unknown> {
  return isObj(v) ? v : {};
}

const isSet = (v: unknown): boolean => v !== undefined && v !== null;

function metadataOf(obj: KObject): ObjectMeta {
  return isObj(obj.metadata) ? deepClone(obj.metadata) : {};
}

/**
 * Removes the annotations the conversions use to carry fields across
 * versions (DropRoundTripHorizontalPodAutoscalerAnnotations). An annotation
 * map left empty is removed. Returns whether anything was dropped.
 */
export function dropHPARoundTripAnnotations(meta: ObjectMeta): boolean {
  const ann = meta.annotations;
  if (!isObj(ann) || !roundTripAnnotations.some((k) => k in ann)) return false;
  for (const k of roundTripAnnotations) delete ann[k];
  if (Object.keys(ann).length === 0) delete meta.annotations;
  return true;
}

function scaleTargetRef(v: unknown): Record<string, unknown> {
  const r = objOf(v);
  const out: Record<string, unknown> = { kind: r.kind ?? '', name: r.name ?? '' };
  if (isSet(r.apiVersion) && r.apiVersion !== '') out.apiVersion = r.apiVersion;
  return out;
}

/** reads an annotation as json.Unmarshal would into the given type; undefined when absent or not decodable */
function annotation(meta: ObjectMeta, name: string, t: GoType): { value: V } | undefined {
  const ann = meta.annotations;
  if (!isObj(ann) || !(name in ann) || typeof ann[name] !== 'string') return undefined;
  try {
    return { value: decode(JSON.parse(ann[name]), t, true) };
  } catch {
    return undefined;
  }
}

/** autoscaling/v2 (storage) → autoscaling/v1 */
export function hpaV2ToV1(obj: KObject): KObject {
  const spec = objOf(obj.spec);
  const status = objOf(obj.status);
  const metrics: V[] = decode(spec.metrics ?? null, slice(v2MetricSpec), false) ?? [];
  const currentMetrics: V[] = decode(status.currentMetrics ?? null, slice(v2MetricStatus), false) ?? [];
  const conditions: V[] = decode(status.conditions ?? null, slice(hpaCondition), false) ?? [];
  const behavior: V = decode(spec.behavior ?? null, ptr(v2Behavior), false);

  const metadata = metadataOf(obj);
  dropHPARoundTripAnnotations(metadata);
  const annotate = (k: string, v: string) => {
    if (!isObj(metadata.annotations)) metadata.annotations = {};
    metadata.annotations[k] = v;
  };

  const v1Spec: Record<string, unknown> = { scaleTargetRef: scaleTargetRef(spec.scaleTargetRef) };
  if (isSet(spec.minReplicas)) v1Spec.minReplicas = spec.minReplicas;
  v1Spec.maxReplicas = spec.maxReplicas ?? 0;
  const cpu = metrics.find(isCPUUtilizationMetric);
  if (cpu) v1Spec.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;

  const v1Status: Record<string, unknown> = {};
  if (isSet(status.observedGeneration)) v1Status.observedGeneration = status.observedGeneration;
  if (isSet(status.lastScaleTime)) v1Status.lastScaleTime = status.lastScaleTime;
  v1Status.currentReplicas = status.currentReplicas ?? 0;
  v1Status.desiredReplicas = status.desiredReplicas ?? 0;
  // the last CPU status with a utilization wins
  for (const m of currentMetrics)
    if (m.type === 'Resource' && m.resource !== null && m.resource.name === 'cpu' && m.resource.current.averageUtilization !== null)
      v1Status.currentCPUUtilizationPercentage = m.resource.current.averageUtilization;

  const otherMetrics = metrics.filter((m) => !isCPUUtilizationMetric(m)).map(metricSpecToV1);
  if (otherMetrics.length > 0) annotate(METRIC_SPECS_ANNOTATION, marshal(otherMetrics, slice(v1MetricSpec)));
  // all of them, CPU included, so that values beyond the utilization survive
  if (currentMetrics.length > 0) annotate(METRIC_STATUSES_ANNOTATION, marshal(currentMetrics.map(metricStatusToV1), slice(v1MetricStatus)));
  if (behavior !== null) annotate(BEHAVIOR_ANNOTATION, marshal(behavior, internalBehavior));
  if (conditions.length > 0) annotate(CONDITIONS_ANNOTATION, marshal(conditions, slice(hpaCondition)));

  return { apiVersion: HPA_V1_VERSION, kind: 'HorizontalPodAutoscaler', metadata, spec: v1Spec, status: v1Status };
}

/** autoscaling/v1 → autoscaling/v2 (storage) */
export function hpaV1ToV2(obj: KObject): KObject {
  const spec = objOf(obj.spec);
  const status = objOf(obj.status);
  const metadata = metadataOf(obj);

  let metrics: V[] | null = isSet(spec.targetCPUUtilizationPercentage) ? [cpuUtilizationMetric(spec.targetCPUUtilizationPercentage)] : null;
  const others = annotation(metadata, METRIC_SPECS_ANNOTATION, slice(v1MetricSpec));
  if (others) {
    const merged = ((others.value ?? []) as V[]).map(metricSpecFromV1);
    // the CPU target from the spec goes after the annotated metrics
    if (metrics) merged.push(metrics[0]);
    metrics = merged;
  }

  let behavior: V = null;
  const b = annotation(metadata, BEHAVIOR_ANNOTATION, internalBehavior);
  if (b && (b.value.scaleUp !== null || b.value.scaleDown !== null)) behavior = b.value;

  let currentMetrics: V[] | null = null;
  if (isSet(status.currentCPUUtilizationPercentage)) {
    currentMetrics = [
      {
        type: 'Resource',
        object: null,
        pods: null,
        resource: { name: 'cpu', current: current(null, null, status.currentCPUUtilizationPercentage) },
        containerResource: null,
        external: null,
      },
    ];
  }
  const statuses = annotation(metadata, METRIC_STATUSES_ANNOTATION, slice(v1MetricStatus));
  // the annotation has more than the v1 status field: it replaces it
  if (statuses) currentMetrics = ((statuses.value ?? []) as V[]).map(metricStatusFromV1);

  // the CPU target v1 always implied
  if (!metrics || metrics.length === 0) metrics = [cpuUtilizationMetric(DEFAULT_CPU_UTILIZATION)];

  let conditions: V[] | null = null;
  const conds = annotation(metadata, CONDITIONS_ANNOTATION, slice(hpaCondition));
  if (conds) conditions = conds.value ?? [];

  dropHPARoundTripAnnotations(metadata);

  const v2Spec: Record<string, unknown> = { scaleTargetRef: scaleTargetRef(spec.scaleTargetRef) };
  if (isSet(spec.minReplicas)) v2Spec.minReplicas = spec.minReplicas;
  v2Spec.maxReplicas = spec.maxReplicas ?? 0;
  v2Spec.metrics = toJSON(metrics, slice(v2MetricSpec));
  if (behavior !== null) v2Spec.behavior = toJSON(behavior, v2Behavior);

  const v2Status: Record<string, unknown> = {};
  if (isSet(status.observedGeneration)) v2Status.observedGeneration = status.observedGeneration;
  if (isSet(status.lastScaleTime)) v2Status.lastScaleTime = status.lastScaleTime;
  if (isSet(status.currentReplicas) && status.currentReplicas !== 0) v2Status.currentReplicas = status.currentReplicas;
  v2Status.desiredReplicas = status.desiredReplicas ?? 0;
  v2Status.currentMetrics = toJSON(currentMetrics, slice(v2MetricStatus));
  if (conditions && conditions.length > 0) v2Status.conditions = toJSON(conditions, slice(hpaCondition));

  return { apiVersion: HPA_V2_VERSION, kind: 'HorizontalPodAutoscaler', metadata, spec: v2Spec, status: v2Status };
}

/** v2 ⇄ internal only drops the round-trip annotations */
function v2Identity(obj: KObject): KObject {
  const out: KObject = { ...obj, metadata: metadataOf(obj) };
  dropHPARoundTripAnnotations(out.metadata!);
  out.apiVersion = HPA_V2_VERSION;
  out.kind = 'HorizontalPodAutoscaler';
  return out;
}

export const hpaConverter: Converter = {
  toStorage(obj: KObject, from: string): KObject {
    if (from === HPA_V1_VERSION) return hpaV1ToV2(obj);
    if (from === HPA_V2_VERSION) return v2Identity(obj);
    throw new Error(`no conversion for HorizontalPodAutoscaler from ${from}`);
  },
  fromStorage(obj: KObject, to: string): KObject {
    if (to === HPA_V1_VERSION) return hpaV2ToV1(obj);
    if (to === HPA_V2_VERSION) return v2Identity(obj);
    throw new Error(`no conversion for HorizontalPodAutoscaler to ${to}`);
  },
};
