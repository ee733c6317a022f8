// resource.k8s.io DeviceClasses: flags (generation, deleted object returned).
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy } from '../../shared/define.js';

export const deviceClassStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
});
