// Node columns: STATUS "Ready,SchedulingDisabled", ROLES from the
// node-role.kubernetes.io/* labels, VERSION and the wide system details.
import type { KObject } from '../../../machinery/objects.js';
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, byteCompare, metaOf, nameOf, rec, recs, str, strMap } from '../../generic/tableHelpers.js';

const statusDef = 'io.k8s.api.core.v1.NodeStatus';
const infoDef = 'io.k8s.api.core.v1.NodeSystemInfo';
const rolePrefix = 'node-role.kubernetes.io/';
const roleLabel = 'kubernetes.io/role';

/** Sorted, distinct roles from node-role.kubernetes.io/<role> keys and the kubernetes.io/role value. */
export function nodeRoles(labels: unknown): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(strMap(labels))) {
    if (k.startsWith(rolePrefix)) {
      const role = k.slice(rolePrefix.length);
      if (role !== '') roles.add(role);
    } else if (k === roleLabel && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort(byteCompare);
}

export function nodeStatus(node: KObject): string {
  const parts: string[] = [];
  // only the Ready condition is summarised; the last one of that type wins
  let ready: string | undefined;
  for (const c of recs(rec(node.status).conditions)) if (c.type === 'Ready') ready = str(c.status);
  if (ready !== undefined) parts.push(ready === 'True' ? 'Ready' : 'NotReady');
  if (parts.length === 0) parts.push('Unknown');
  if (rec(node.spec).unschedulable === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function address(status: unknown, type: string): string {
  for (const a of recs(rec(status).addresses)) if (a.type === type) return str(a.address);
  return '<none>';
}

export const nodeTable: TableConvertor = {
  columns: [
    nameColumn,
    // no field carries upstream's STATUS / ROLES texts; the nearest ones stand in
    column('Status', 'string', statusDef, 'conditions'),
    column('Roles', 'string', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'labels'),
    ageColumn,
    column('Version', 'string', infoDef, 'kubeletVersion'),
    column('Internal-IP', 'string', statusDef, 'addresses', { priority: 1 }),
    column('External-IP', 'string', statusDef, 'addresses', { priority: 1 }),
    column('OS-Image', 'string', infoDef, 'osImage', { priority: 1 }),
    column('Kernel-Version', 'string', infoDef, 'kernelVersion', { priority: 1 }),
    column('Container-Runtime', 'string', infoDef, 'containerRuntimeVersion', { priority: 1 }),
  ],
  cells(obj, now) {
    const status = rec(obj.status);
    const info = rec(status.nodeInfo);
    const roles = nodeRoles(metaOf(obj).labels).join(',');
    return [
      nameOf(obj),
      nodeStatus(obj),
      roles || '<none>',
      ageOf(obj, now),
      str(info.kubeletVersion),
      address(status, 'InternalIP'),
      address(status, 'ExternalIP'),
      str(info.osImage) || '<unknown>',
      str(info.kernelVersion) || '<unknown>',
      str(info.containerRuntimeVersion) || '<unknown>',
    ];
  },
};

export default nodeTable;
