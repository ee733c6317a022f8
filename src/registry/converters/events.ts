// Events are one stored collection (core v1 Event shape) served as both
// core/v1 and events.k8s.io/v1. Upstream converts each version to and from
// its internal Event type, whose fields are the core ones; going from
// events.k8s.io/v1 to core/v1 therefore amounts to renaming fields:
//
//   events.k8s.io/v1            core/v1
//   note                        message
//   regarding                   involvedObject
//   reportingController         reportingComponent
//   reportingInstance           reportingInstance
//   deprecatedSource            source
//   deprecatedFirstTimestamp    firstTimestamp
//   deprecatedLastTimestamp     lastTimestamp
//   deprecatedCount             count
//   eventTime, series, action, reason, related, type: same name
//
// There is no fallback between fields here (reportingController is never
// filled from source.component or the other way round); the only such
// fallback upstream is in the "source" field selector.
//
// The output has the shape Go's encoder gives the typed object: fields that
// are not omitempty (or are structs, which omitempty never drops) are
// written with their zero value, e.g. `regarding: {}` and
// `deprecatedFirstTimestamp: null`. Time strings pass through as they are.
import { deepClone, type KObject } from '../../machinery/objects.js';
import type { Converter } from '../conversion.js';

type O = Record<string, unknown>;

export const CORE_EVENT_VERSION = 'v1';
export const EVENTS_V1_VERSION = 'events.k8s.io/v1';

function isObj(v: unknown): v is O {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go's omitempty for scalar fields: nothing, null, "" and 0 are left out */
function setIfSet(out: O, key: string, v: unknown): void {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return;
  out[key] = deepClone(v);
}

/** a metav1.Time / MicroTime value: written even when zero (as null) */
function timeOf(v: unknown): unknown {
  return v === undefined || v === '' ? null : deepClone(v);
}

const objectReferenceFields = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

function objectReference(v: unknown): O {
  const out: O = {};
  if (isObj(v)) for (const k of objectReferenceFields) setIfSet(out, k, v[k]);
  return out;
}

function eventSource(v: unknown): O {
  const out: O = {};
  if (isObj(v)) {
    setIfSet(out, 'component', v.component);
    setIfSet(out, 'host', v.host);
  }
  return out;
}

function metadataOf(obj: KObject): KObject['metadata'] {
  return isObj(obj.metadata) ? deepClone(obj.metadata) : {};
}

/** events.k8s.io/v1 Event → core/v1 Event */
export function eventsV1ToCore(ev: KObject): KObject {
  const out: KObject = { apiVersion: CORE_EVENT_VERSION, kind: 'Event', metadata: metadataOf(ev) };
  out.involvedObject = objectReference(ev.regarding);
  setIfSet(out, 'reason', ev.reason);
  setIfSet(out, 'message', ev.note);
  out.source = eventSource(ev.deprecatedSource);
  out.firstTimestamp = timeOf(ev.deprecatedFirstTimestamp);
  out.lastTimestamp = timeOf(ev.deprecatedLastTimestamp);
  setIfSet(out, 'count', ev.deprecatedCount);
  setIfSet(out, 'type', ev.type);
  out.eventTime = timeOf(ev.eventTime);
  if (isObj(ev.series)) {
    // core/v1 EventSeries: count is omitempty, lastObservedTime is a struct
    const series: O = {};
    setIfSet(series, 'count', ev.series.count);
    series.lastObservedTime = timeOf(ev.series.lastObservedTime);
    out.series = series;
  }
  setIfSet(out, 'action', ev.action);
  if (isObj(ev.related)) out.related = objectReference(ev.related);
  out.reportingComponent = typeof ev.reportingController === 'string' ? ev.reportingController : '';
  out.reportingInstance = typeof ev.reportingInstance === 'string' ? ev.reportingInstance : '';
  return out;
}

/** core/v1 Event → events.k8s.io/v1 Event */
export function coreToEventsV1(ev: KObject): KObject {
  const out: KObject = { apiVersion: EVENTS_V1_VERSION, kind: 'Event', metadata: metadataOf(ev) };
  out.eventTime = timeOf(ev.eventTime);
  if (isObj(ev.series)) {
    // events.k8s.io/v1 EventSeries: both fields are always written
    out.series = {
      count: ev.series.count === undefined || ev.series.count === null ? 0 : deepClone(ev.series.count),
      lastObservedTime: timeOf(ev.series.lastObservedTime),
    };
  }
  setIfSet(out, 'reportingController', ev.reportingComponent);
  setIfSet(out, 'reportingInstance', ev.reportingInstance);
  setIfSet(out, 'action', ev.action);
  setIfSet(out, 'reason', ev.reason);
  out.regarding = objectReference(ev.involvedObject);
  if (isObj(ev.related)) out.related = objectReference(ev.related);
  setIfSet(out, 'note', ev.message);
  setIfSet(out, 'type', ev.type);
  out.deprecatedSource = eventSource(ev.source);
  out.deprecatedFirstTimestamp = timeOf(ev.firstTimestamp);
  out.deprecatedLastTimestamp = timeOf(ev.lastTimestamp);
  setIfSet(out, 'deprecatedCount', ev.count);
  return out;
}

function sameVersion(obj: KObject, gv: string): KObject {
  const out = { ...obj, metadata: metadataOf(obj) };
  out.apiVersion = gv;
  out.kind = 'Event';
  return out;
}

export const eventConverter: Converter = {
  toStorage(obj: KObject, from: string): KObject {
    if (from === EVENTS_V1_VERSION) return eventsV1ToCore(obj);
    if (from === CORE_EVENT_VERSION) return sameVersion(obj, CORE_EVENT_VERSION);
    throw new Error(`no conversion for Event from ${from}`);
  },
  fromStorage(obj: KObject, to: string): KObject {
    if (to === EVENTS_V1_VERSION) return coreToEventsV1(obj);
    if (to === CORE_EVENT_VERSION) return sameVersion(obj, CORE_EVENT_VERSION);
    throw new Error(`no conversion for Event to ${to}`);
  },
};
