// MutatingWebhookConfigurations, after pkg/apis/admissionregistration/v1 and
// the admissionregistration validation.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy } from '../../shared/define.js';
import { defaultWebhooks, validateWebhooks } from '../validatingwebhookconfiguration/strategy.js';

export const mutatingWebhookConfigurationStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  defaults: (obj) => defaultWebhooks(obj, true),
  validate: (obj) => validateWebhooks(obj, true),
  validateUpdate: (obj, old) => validateWebhooks(obj, true, old),
});
