// The converters of the stored collections served in more than one group
// version (see src/api/catalogue.ts, sharedStorage).
import { registerConverter, registerFieldLabels } from '../conversion.js';
import { eventConverter } from './events.js';
import { hpaConverter } from './hpa.js';

export { eventConverter } from './events.js';
export { hpaConverter, dropHPARoundTripAnnotations } from './hpa.js';

/** storage ids, as in the catalogue */
export const EVENTS_STORAGE_ID = 'events';
export const HPA_STORAGE_ID = 'autoscaling/horizontalpodautoscalers';

/** registers the built-in converters; calling it again changes nothing */
export function registerBuiltinConverters(): void {
  registerConverter(EVENTS_STORAGE_ID, eventConverter);
  // events.k8s.io/v1 field selectors name the v1 fields (upstream's events/v1 field label conversion)
  registerFieldLabels('events.k8s.io', 'v1', 'events', {
    'metadata.name': 'metadata.name',
    'metadata.namespace': 'metadata.namespace',
    reason: 'reason',
    'regarding.kind': 'involvedObject.kind',
    'regarding.namespace': 'involvedObject.namespace',
    'regarding.name': 'involvedObject.name',
    'regarding.uid': 'involvedObject.uid',
    'regarding.apiVersion': 'involvedObject.apiVersion',
    'regarding.resourceVersion': 'involvedObject.resourceVersion',
    'regarding.fieldPath': 'involvedObject.fieldPath',
    reportingController: 'reportingComponent',
    type: 'type',
  });
  registerConverter(HPA_STORAGE_ID, hpaConverter);
}
