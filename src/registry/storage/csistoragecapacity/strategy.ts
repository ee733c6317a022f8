// CSIStorageCapacities, after the storage validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy } from '../../shared/define.js';
import { parseQuantity, format } from '../../shared/quantity.js';
import { quantityErrors } from '../../shared/pvc.js';
import { type Errs, invalid, isDNS1123Subdomain, semanticEqual, sortedDeep, str, validateLabelSelector, isNegativeErrorMsg } from '../../shared/field.js';

function validate(obj: KObject): Errs {
  const errs = validateLabelSelector(obj.nodeTopology, 'nodeTopology');
  for (const m of isDNS1123Subdomain(str(obj.storageClassName))) errs.push(invalid('storageClassName', str(obj.storageClassName), m));
  for (const f of ['capacity', 'maximumVolumeSize']) {
    if (obj[f] === undefined || obj[f] === null) continue;
    const q = parseQuantity(obj[f]);
    if (!q) errs.push(...quantityErrors(obj[f], f));
    else if (f === 'capacity' && q.m < 0n) errs.push(invalid(f, format(q), isNegativeErrorMsg));
  }
  return errs;
}

export const csiStorageCapacityStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowUnconditionalUpdate: false,
  validate,
  validateUpdate(obj, old) {
    const errs: Errs = [];
    if (!semanticEqual(obj.nodeTopology, old.nodeTopology)) errs.push(invalid('nodeTopology', sortedDeep(obj.nodeTopology) ?? null, 'field is immutable'));
    if (str(obj.storageClassName) !== str(old.storageClassName)) errs.push(invalid('storageClassName', str(obj.storageClassName), 'field is immutable'));
    return errs;
  },
});
