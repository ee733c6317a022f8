// ValidatingAdmissionPolicy columns: the number of VALIDATIONS and the
// PARAMKIND "apiVersion/Kind".
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, arr, nameOf, opt, rec, str } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec';

export const validatingAdmissionPolicyTable: TableConvertor = {
  columns: [nameColumn, column('Validations', 'integer', specDef, 'validations'), column('ParamKind', 'string', specDef, 'paramKind'), ageColumn],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const pk = opt(spec.paramKind);
    const paramKind = pk ? `${str(pk.apiVersion)}/${str(pk.kind)}` : '<unset>';
    return [nameOf(obj), arr(spec.validations).length, paramKind, ageOf(obj, now)];
  },
};

export default validatingAdmissionPolicyTable;
