// Event columns (core v1 Event): LAST SEEN, TYPE, REASON, OBJECT, MESSAGE and
// the wide SUBOBJECT / SOURCE / FIRST SEEN / COUNT / NAME. Upstream puts the
// name column last and only in wide output.
import type { KObject } from '../../../machinery/objects.js';
import type { TableConvertor } from '../../generic/strategy.js';
import { column } from '../../generic/table.js';
import { int, nameOf, opt, parseTime, rec, since, str } from '../../generic/tableHelpers.js';

const eventDef = 'io.k8s.api.core.v1.Event';

/** The fields the event table reads, in core v1 Event terms. */
export interface EventView {
  name: string;
  type: string;
  reason: string;
  message: string;
  involvedObject: Record<string, unknown>;
  source: Record<string, unknown>;
  reportingController: string;
  reportingInstance: string;
  firstTimestamp: unknown;
  lastTimestamp: unknown;
  eventTime: unknown;
  count: number;
  series?: Record<string, unknown>;
}

export function coreEventView(obj: KObject): EventView {
  return {
    name: nameOf(obj),
    type: str(obj.type),
    reason: str(obj.reason),
    message: str(obj.message),
    involvedObject: rec(obj.involvedObject),
    source: rec(obj.source),
    // core v1 spells the reporting controller "reportingComponent"
    reportingController: str(obj.reportingComponent),
    reportingInstance: str(obj.reportingInstance),
    firstTimestamp: obj.firstTimestamp,
    lastTimestamp: obj.lastTimestamp,
    eventTime: obj.eventTime,
    count: int(obj.count),
    series: opt(obj.series),
  };
}

function eventSource(e: EventView): string {
  const component = str(e.source.component) || e.reportingController;
  const host = str(e.source.host) || e.reportingInstance;
  return host === '' ? component : `${component}, ${host}`;
}

export function eventCells(e: EventView, now: Date): unknown[] {
  const first = parseTime(e.firstTimestamp) !== undefined ? since(e.firstTimestamp, now) : since(e.eventTime, now);
  let last = parseTime(e.lastTimestamp) !== undefined ? since(e.lastTimestamp, now) : first;
  let count = e.count;
  if (e.series) {
    last = since(e.series.lastObservedTime, now);
    count = int(e.series.count);
  } else if (count === 0) {
    // singleton events of the events.k8s.io API carry no count
    count = 1;
  }
  const kind = str(e.involvedObject.kind).toLowerCase();
  const objName = str(e.involvedObject.name);
  const target = objName !== '' ? `${kind}/${objName}` : kind;
  return [last, e.type, e.reason, target, str(e.involvedObject.fieldPath), eventSource(e), e.message.trim(), first, count, e.name];
}

export const eventColumns = [
  column('Last Seen', 'string', eventDef, 'lastTimestamp'),
  column('Type', 'string', eventDef, 'type'),
  column('Reason', 'string', eventDef, 'reason'),
  column('Object', 'string', eventDef, 'involvedObject'),
  column('Subobject', 'string', 'io.k8s.api.core.v1.ObjectReference', 'fieldPath', { priority: 1 }),
  column('Source', 'string', eventDef, 'source', { priority: 1 }),
  column('Message', 'string', eventDef, 'message'),
  column('First Seen', 'string', eventDef, 'firstTimestamp', { priority: 1 }),
  column('Count', 'string', eventDef, 'count', { priority: 1 }),
  column('Name', 'string', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'name', { format: 'name', priority: 1 }),
];

export const eventTable: TableConvertor = {
  columns: eventColumns,
  cells(obj, now) {
    return eventCells(coreEventView(obj), now);
  },
};

export default eventTable;
