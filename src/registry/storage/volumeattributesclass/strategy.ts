// VolumeAttributesClasses, after the storage validation.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy } from '../../shared/define.js';
import { forbidden, semanticEqual, str } from '../../shared/field.js';
import { validateParameters, validateProvisioner } from '../storageclass/strategy.js';

export const volumeAttributesClassStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: false,
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
  validate: (obj) => [...validateProvisioner(str(obj.driverName), 'driverName'), ...validateParameters(obj.parameters, false, 'parameters')],
  validateUpdate(obj, old) {
    const errs = [...validateProvisioner(str(obj.driverName), 'driverName'), ...validateParameters(obj.parameters, false, 'parameters')];
    if (str(obj.driverName) !== str(old.driverName)) errs.push(forbidden('driverName', 'updates to driverName are forbidden.'));
    if (!semanticEqual(obj.parameters, old.parameters)) errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
    return errs;
  },
});
