// IngressClass columns: CONTROLLER and PARAMETERS "Kind.group/name".
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, nameOf, opt, rec, str } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.networking.v1.IngressClassSpec';

export const ingressClassTable: TableConvertor = {
  columns: [nameColumn, column('Controller', 'string', specDef, 'controller'), column('Parameters', 'string', specDef, 'parameters'), ageColumn],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const params = opt(spec.parameters);
    let parameters = '<none>';
    if (params) {
      parameters = str(params.kind);
      if (typeof params.apiGroup === 'string') parameters += `.${params.apiGroup}`;
      parameters += `/${str(params.name)}`;
    }
    return [nameOf(obj), str(spec.controller), parameters, ageOf(obj, now)];
  },
};

export default ingressClassTable;
