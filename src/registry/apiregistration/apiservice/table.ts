// APIService columns (kube-aggregator): SERVICE "namespace/name" or "Local",
// and AVAILABLE from the Available condition, with its reason when not True.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, nameOf, opt, rec, recs, str } from '../../generic/tableHelpers.js';

export function apiServiceAvailable(status: unknown): string {
  const cond = recs(rec(status).conditions).find((c) => c.type === 'Available');
  if (!cond) return 'Unknown';
  const s = str(cond.status);
  const reason = str(cond.reason);
  if (s === 'True' || reason === '') return s;
  return `${s} (${reason})`;
}

export const apiServiceTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Service', 'string', 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceSpec', 'service'),
    column('Available', 'string', 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceStatus', 'conditions'),
    ageColumn,
  ],
  cells(obj, now) {
    const svc = opt(rec(obj.spec).service);
    const service = svc ? `${str(svc.namespace)}/${str(svc.name)}` : 'Local';
    return [nameOf(obj), service, apiServiceAvailable(obj.status), ageOf(obj, now)];
  },
};

export default apiServiceTable;
