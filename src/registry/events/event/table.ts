// events.k8s.io Event columns: the same table as core v1 events (upstream
// serves both from one storage). Objects may arrive in either shape; an
// events.k8s.io/v1 object is read through its core v1 field names.
import type { KObject } from '../../../machinery/objects.js';
import type { TableConvertor } from '../../generic/strategy.js';
import { int, nameOf, opt, rec, str } from '../../generic/tableHelpers.js';
import { coreEventView, eventCells, eventColumns, type EventView } from '../../core/event/table.js';

function isEventsV1(obj: KObject): boolean {
  if (typeof obj.apiVersion === 'string') return obj.apiVersion.startsWith('events.k8s.io/');
  return 'regarding' in obj || 'note' in obj || 'deprecatedCount' in obj;
}

export function eventsV1View(obj: KObject): EventView {
  return {
    name: nameOf(obj),
    type: str(obj.type),
    reason: str(obj.reason),
    message: str(obj.note),
    involvedObject: rec(obj.regarding),
    source: rec(obj.deprecatedSource),
    reportingController: str(obj.reportingController),
    reportingInstance: str(obj.reportingInstance),
    firstTimestamp: obj.deprecatedFirstTimestamp,
    lastTimestamp: obj.deprecatedLastTimestamp,
    eventTime: obj.eventTime,
    count: int(obj.deprecatedCount),
    series: opt(obj.series),
  };
}

export const eventsV1Table: TableConvertor = {
  columns: eventColumns,
  cells(obj, now) {
    return eventCells(isEventsV1(obj) ? eventsV1View(obj) : coreEventView(obj), now);
  },
};

export default eventsV1Table;
