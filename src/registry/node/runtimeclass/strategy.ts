// RuntimeClasses, after the node validation.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy } from '../../shared/define.js';
import { validateResourceRequirements, validateTolerations } from '../../shared/podSpec.js';
import { defaultResourceList } from '../../shared/quantity.js';
import { type Errs, invalid, isObj, str, validateDNS1123Label, validateLabelMap, fieldImmutableErrorMsg } from '../../shared/field.js';
import type { KObject } from '../../../machinery/objects.js';

function validate(obj: KObject): Errs {
  const errs = validateDNS1123Label(str(obj.handler), 'handler');
  if (isObj(obj.overhead)) errs.push(...validateResourceRequirements({ limits: obj.overhead.podFixed }, 'overhead', new Set()));
  if (isObj(obj.scheduling)) {
    errs.push(...validateLabelMap(obj.scheduling.nodeSelector, 'scheduling.nodeSelector'));
    errs.push(...validateTolerations(obj.scheduling.tolerations, 'scheduling.tolerations'));
  }
  return errs;
}

export const runtimeClassStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowCreateOnUpdate: true,
  defaults(obj) {
    if (isObj(obj.overhead)) defaultResourceList(obj.overhead.podFixed);
  },
  validate,
  validateUpdate: (obj, old) => (str(obj.handler) !== str(old.handler) ? [invalid('handler', str(obj.handler), fieldImmutableErrorMsg)] : []),
});
