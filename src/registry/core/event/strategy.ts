// Events (core/v1, also the storage of events.k8s.io/v1): validation after
// pkg/apis/core/validation/events.go, field selectors after
// pkg/registry/core/event/strategy.go.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, metaOf } from '../../shared/define.js';
import { type Errs, type O, invalid, isDNS1123Subdomain, isObj, required, semanticEqual, str, validateQualifiedName, fieldImmutableErrorMsg } from '../../shared/field.js';

function involved(ev: KObject): O {
  return isObj(ev.involvedObject) ? ev.involvedObject : {};
}

/** legacyValidateEvent (core/v1 requests use this only) */
export function validateLegacyEvent(ev: KObject, reportingField: 'reportingComponent' | 'reportingController'): Errs {
  const errs: Errs = [];
  const ns = str(metaOf(ev).namespace);
  const ins = str(involved(ev).namespace);
  if (!str(ev.eventTime)) {
    if (!ins) {
      if (ns !== '' && ns !== 'default') errs.push(invalid('involvedObject.namespace', ins, 'does not match event.namespace'));
    } else if (ns !== ins) errs.push(invalid('involvedObject.namespace', ins, 'does not match event.namespace'));
  } else {
    if (!ins && ns !== 'default' && ns !== 'kube-system') errs.push(invalid('involvedObject.namespace', ins, 'does not match event.namespace'));
    const rc = str(ev.reportingComponent);
    if (!rc) errs.push(required(reportingField));
    errs.push(...validateQualifiedName(rc, reportingField));
    const ri = str(ev.reportingInstance);
    if (!ri) errs.push(required('reportingInstance'));
    if (ri.length > 128) errs.push(invalid('reportingInstance', '', 'can have at most 128 characters'));
    const action = str(ev.action);
    if (!action) errs.push(required('action'));
    if (action.length > 128) errs.push(invalid('action', '', 'can have at most 128 characters'));
    const reason = str(ev.reason);
    if (!reason) errs.push(required('reason'));
    if (reason.length > 128) errs.push(invalid('reason', '', 'can have at most 128 characters'));
    if (str(ev.message).length > 1024) errs.push(invalid('message', '', 'can have at most 1024 characters'));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalid('namespace', ns, m));
  return errs;
}

function validateSeries(ev: KObject): Errs {
  const errs: Errs = [];
  if (isObj(ev.series)) {
    if ((ev.series.count ?? 0) < 2) errs.push(invalid('series.count', '', 'should be at least 2'));
    if (!str(ev.series.lastObservedTime)) errs.push(required('series.lastObservedTime'));
  }
  return errs;
}

/** ValidateEventCreate for events.k8s.io requests */
export function validateNewEvent(ev: KObject): Errs {
  const errs = validateLegacyEvent(ev, 'reportingController');
  errs.push(...validateSeries(ev));
  if (!str(ev.eventTime)) errs.push(required('eventTime'));
  if (ev.type !== 'Normal' && ev.type !== 'Warning') errs.push(invalid('type', '', `has invalid value: ${str(ev.type)}`));
  if (str(ev.firstTimestamp)) errs.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (str(ev.lastTimestamp)) errs.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (ev.count) errs.push(invalid('count', '', 'needs to be unset'));
  if (isObj(ev.source) && (str(ev.source.component) || str(ev.source.host))) errs.push(invalid('source', '', 'needs to be unset'));
  return errs;
}

/** ValidateEventUpdate for events.k8s.io requests */
export function validateNewEventUpdate(ev: KObject, old: KObject): Errs {
  const errs = validateLegacyEvent(ev, 'reportingController');
  if (!semanticEqual(ev.series, old.series)) errs.push(...validateSeries(ev));
  const imm = (f: string) => {
    if (!semanticEqual(ev[f], old[f])) errs.push(invalid(f, ev[f] ?? null, fieldImmutableErrorMsg));
  };
  for (const f of ['involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count', 'reason', 'type']) imm(f);
  const trunc = (t: unknown) => (str(t) ? new Date(str(t)).getTime() : 0);
  if (trunc(ev.eventTime) !== trunc(old.eventTime)) imm('eventTime');
  for (const f of ['action', 'related', 'reportingComponent', 'reportingInstance']) imm(f);
  return errs;
}

export function eventSelectableFields(ev: KObject): Record<string, string> {
  const io = involved(ev);
  const src = isObj(ev.source) ? str(ev.source.component) : '';
  return {
    'involvedObject.kind': str(io.kind),
    'involvedObject.namespace': str(io.namespace),
    'involvedObject.name': str(io.name),
    'involvedObject.uid': str(io.uid),
    'involvedObject.apiVersion': str(io.apiVersion),
    'involvedObject.resourceVersion': str(io.resourceVersion),
    'involvedObject.fieldPath': str(io.fieldPath),
    reason: str(ev.reason),
    reportingComponent: str(ev.reportingComponent),
    source: src || str(ev.reportingComponent),
    type: str(ev.type),
  };
}

/** core/v1 events: only the legacy checks; names are path segments as the generic store checks them */
export const eventStrategy: Strategy = defineStrategy({
  nameRule: 'path',
  allowCreateOnUpdate: true,
  allowUnconditionalUpdate: true,
  validate: (obj) => validateLegacyEvent(obj, 'reportingComponent'),
  validateUpdate: (obj) => validateLegacyEvent(obj, 'reportingComponent'),
  selectableFields: eventSelectableFields,
});
