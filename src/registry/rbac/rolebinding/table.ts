// RoleBinding columns: ROLE "Kind/name" and the wide users / groups /
// service accounts.
import type { KObject } from '../../../machinery/objects.js';
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, nameOf, rec, recs, str } from '../../generic/tableHelpers.js';

/** Subjects split by kind: users, groups and "namespace/name" service accounts. */
export function subjectStrings(subjects: unknown): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of recs(subjects)) {
    if (s.kind === 'ServiceAccount') serviceAccounts.push(`${str(s.namespace)}/${str(s.name)}`);
    else if (s.kind === 'User') users.push(str(s.name));
    else if (s.kind === 'Group') groups.push(str(s.name));
  }
  return { users, groups, serviceAccounts };
}

/** Cells shared by RoleBinding and ClusterRoleBinding. */
export function bindingCells(obj: KObject, now: Date): unknown[] {
  const ref = rec(obj.roleRef);
  const { users, groups, serviceAccounts } = subjectStrings(obj.subjects);
  return [nameOf(obj), `${str(ref.kind)}/${str(ref.name)}`, ageOf(obj, now), users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
}

export function bindingColumns(kind: 'RoleBinding' | 'ClusterRoleBinding') {
  const def = `io.k8s.api.rbac.v1.${kind}`;
  return [
    nameColumn,
    column('Role', 'string', def, 'roleRef'),
    ageColumn,
    // upstream's own wording for these; the subjects field is the nearest
    column('Users', 'string', def, 'subjects', { priority: 1 }),
    column('Groups', 'string', def, 'subjects', { priority: 1 }),
    column('ServiceAccounts', 'string', def, 'subjects', { priority: 1 }),
  ];
}

export const roleBindingTable: TableConvertor = {
  columns: bindingColumns('RoleBinding'),
  cells: bindingCells,
};

export default roleBindingTable;
