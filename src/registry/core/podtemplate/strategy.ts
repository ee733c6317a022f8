// PodTemplates, after pkg/registry/core/podtemplate and ValidatePodTemplate.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy } from '../../shared/define.js';
import { defaultPodTemplateSpec, validatePodTemplateSpec } from '../../shared/podSpec.js';

export const podTemplateStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
  defaults(obj) {
    if (obj.template === undefined || obj.template === null) obj.template = {};
    defaultPodTemplateSpec(obj.template);
  },
  validate: (obj) => validatePodTemplateSpec(obj.template ?? {}, 'template'),
  validateUpdate: (obj) => validatePodTemplateSpec(obj.template ?? {}, 'template'),
});
