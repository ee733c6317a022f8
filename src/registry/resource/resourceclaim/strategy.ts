// resource.k8s.io ResourceClaims: flags (status subresource, deleted object
// returned); the spec is immutable once created.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy, specOf } from '../../shared/define.js';
import { invalid, semanticEqual, sortedDeep, fieldImmutableErrorMsg } from '../../shared/field.js';

export const resourceClaimStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  hasStatus: true,
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
  prepareForCreate(obj) {
    delete obj.status;
  },
  validateUpdate: (obj, old) => (semanticEqual(specOf(obj), specOf(old)) ? [] : [invalid('spec', sortedDeep(specOf(obj)), fieldImmutableErrorMsg)]),
});
