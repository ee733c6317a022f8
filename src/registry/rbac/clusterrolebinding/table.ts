// ClusterRoleBinding columns: as RoleBinding.
import type { TableConvertor } from '../../generic/strategy.js';
import { bindingCells, bindingColumns } from '../rolebinding/table.js';

export const clusterRoleBindingTable: TableConvertor = {
  columns: bindingColumns('ClusterRoleBinding'),
  cells: bindingCells,
};

export default clusterRoleBindingTable;
