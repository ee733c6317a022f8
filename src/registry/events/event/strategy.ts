// events.k8s.io/v1 Events. They are stored as core/v1 Events (the same
// collection); validation is the stricter one upstream applies to requests
// made through events.k8s.io.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy } from '../../shared/define.js';
import { eventSelectableFields, validateNewEvent, validateNewEventUpdate } from '../../core/event/strategy.js';

export const eventsV1Strategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowCreateOnUpdate: true,
  allowUnconditionalUpdate: true,
  validate: (obj) => validateNewEvent(obj),
  validateUpdate: (obj, old) => validateNewEventUpdate(obj, old),
  selectableFields: eventSelectableFields,
});
