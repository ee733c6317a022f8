// resource.k8s.io ResourceSlices: flags and the upstream field selectors.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy, specOf } from '../../shared/define.js';
import { str } from '../../shared/field.js';

export const resourceSliceStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
  selectableFields(obj) {
    const spec = specOf(obj);
    return { 'spec.nodeName': str(spec.nodeName), 'spec.driver': str(spec.driver) };
  },
});
