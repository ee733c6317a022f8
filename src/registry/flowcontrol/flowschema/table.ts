// FlowSchema columns: PRIORITYLEVEL, MATCHINGPRECEDENCE, DISTINGUISHERMETHOD
// and MISSINGPL (the Dangling condition's status, "?" when unknown).
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, int, nameOf, opt, rec, recs, str } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.flowcontrol.v1.FlowSchemaSpec';

export const flowSchemaTable: TableConvertor = {
  columns: [
    nameColumn,
    column('PriorityLevel', 'string', 'io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationReference', 'name'),
    column('MatchingPrecedence', 'string', specDef, 'matchingPrecedence'),
    column('DistinguisherMethod', 'string', specDef, 'distinguisherMethod'),
    ageColumn,
    // upstream words this one itself; the status conditions are the nearest field
    column('MissingPL', 'string', 'io.k8s.api.flowcontrol.v1.FlowSchemaStatus', 'conditions'),
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const method = opt(spec.distinguisherMethod);
    const dangling = recs(rec(obj.status).conditions).find((c) => c.type === 'Dangling');
    // 1000 is the default precedence filled in for 0
    const precedence = int(spec.matchingPrecedence) || 1000;
    return [nameOf(obj), str(rec(spec.priorityLevelConfiguration).name), precedence, method ? str(method.type) : '<none>', ageOf(obj, now), dangling ? str(dangling.status) : '?'];
  },
};

export default flowSchemaTable;
