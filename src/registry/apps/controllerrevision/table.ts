// ControllerRevision columns: the controlling owner as "kind.group/name" and
// the revision number.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, int, metaOf, nameOf, recs, str } from '../../generic/tableHelpers.js';

/** The group of an apiVersion ("apps/v1" → "apps", "v1" → ""), undefined when malformed. */
export function groupOfApiVersion(apiVersion: string): string | undefined {
  if (apiVersion === '' || apiVersion === '/') return '';
  const parts = apiVersion.split('/');
  if (parts.length === 1) return '';
  if (parts.length === 2) return parts[0];
  return undefined;
}

/** "kind.group/name" in lower case (just the name when kind and group are empty). */
export function controllerName(ownerReferences: unknown): string {
  const ref = recs(ownerReferences).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const name = str(ref.name);
  const group = groupOfApiVersion(str(ref.apiVersion));
  const kind = str(ref.kind);
  if (group === undefined) return name;
  if (kind === '' && group === '') return name;
  const groupKind = group === '' ? kind : `${kind}.${group}`;
  return `${groupKind.toLowerCase()}/${name}`;
}

export const controllerRevisionTable: TableConvertor = {
  columns: [
    nameColumn,
    // no field describes the owning controller; metadata.ownerReferences is the nearest
    column('Controller', 'string', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'ownerReferences'),
    column('Revision', 'string', 'io.k8s.api.apps.v1.ControllerRevision', 'revision'),
    ageColumn,
  ],
  cells(obj, now) {
    return [nameOf(obj), controllerName(metaOf(obj).ownerReferences), int(obj.revision), ageOf(obj, now)];
  },
};

export default controllerRevisionTable;
