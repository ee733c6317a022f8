// resource.k8s.io ResourceClaimTemplates: flags; the spec is immutable.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy, specOf } from '../../shared/define.js';
import { invalid, semanticEqual, sortedDeep, fieldImmutableErrorMsg } from '../../shared/field.js';

export const resourceClaimTemplateStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
  validateUpdate: (obj, old) => (semanticEqual(specOf(obj), specOf(old)) ? [] : [invalid('spec', sortedDeep(specOf(obj)), fieldImmutableErrorMsg)]),
});
