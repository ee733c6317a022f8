// The converters of the stored collections served in more than one group
// version (see src/api/catalogue.ts, sharedStorage).
import { registerConverter } from '../conversion.js';
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
  registerConverter(HPA_STORAGE_ID, hpaConverter);
}
