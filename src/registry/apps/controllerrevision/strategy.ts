// ControllerRevisions, after ValidateControllerRevision*.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy } from '../../shared/define.js';
import { type Errs, invalid, isObj, required, semanticEqual, sortedDeep, validateNonnegative, fieldImmutableErrorMsg } from '../../shared/field.js';
import type { KObject } from '../../../machinery/objects.js';

function validate(obj: KObject): Errs {
  return validateNonnegative(obj.revision ?? 0, 'revision');
}

export const controllerRevisionStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowUnconditionalUpdate: true,
  validate(obj) {
    const errs = validate(obj);
    if (obj.data === undefined || obj.data === null) errs.push(required('data', 'data is mandatory'));
    else if (!isObj(obj.data)) errs.push(required('data', 'data must be a valid JSON object'));
    return errs;
  },
  validateUpdate(obj, old) {
    const errs = validate(obj);
    if (!semanticEqual(obj.data, old.data)) errs.push(invalid('data', sortedDeep(obj.data) ?? null, fieldImmutableErrorMsg));
    return errs;
  },
});
