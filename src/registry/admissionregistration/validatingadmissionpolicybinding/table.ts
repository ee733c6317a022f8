// ValidatingAdmissionPolicyBinding columns: POLICYNAME and PARAMREF
// ("namespace/name", "*/name" without a namespace, or the selector).
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, goLabelSelectorStruct, nameOf, opt, rec, str } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec';

export function paramRefString(v: unknown): string {
  const ref = opt(v);
  if (!ref) return '<unset>';
  const name = str(ref.name);
  if (name !== '') {
    const ns = str(ref.namespace);
    // without a namespace the parameter may be cluster-scoped or in any namespace
    return ns !== '' ? `${ns}/${name}` : `*/${name}`;
  }
  const selector = opt(ref.selector);
  // upstream prints the selector struct itself here
  return selector ? goLabelSelectorStruct(selector) : '<unset>';
}

export const validatingAdmissionPolicyBindingTable: TableConvertor = {
  columns: [nameColumn, column('PolicyName', 'string', specDef, 'policyName'), column('ParamRef', 'string', specDef, 'paramRef'), ageColumn],
  cells(obj, now) {
    const spec = rec(obj.spec);
    return [nameOf(obj), str(spec.policyName), paramRefString(spec.paramRef), ageOf(obj, now)];
  },
};

export default validatingAdmissionPolicyBindingTable;
