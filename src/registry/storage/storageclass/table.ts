// StorageClass columns: "name (default)" for the default class, provisioner,
// reclaim policy, binding mode and volume expansion.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, metaOf, nameOf, rec, str } from '../../generic/tableHelpers.js';

const def = 'io.k8s.api.storage.v1.StorageClass';

export function isDefaultClass(annotations: unknown): boolean {
  const a = rec(annotations);
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

export const storageClassTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Provisioner', 'string', def, 'provisioner'),
    column('ReclaimPolicy', 'string', def, 'reclaimPolicy'),
    column('VolumeBindingMode', 'string', def, 'volumeBindingMode'),
    column('AllowVolumeExpansion', 'string', def, 'allowVolumeExpansion'),
    ageColumn,
  ],
  cells(obj, now) {
    let name = nameOf(obj);
    if (isDefaultClass(metaOf(obj).annotations)) name += ' (default)';
    const reclaim = typeof obj.reclaimPolicy === 'string' ? obj.reclaimPolicy : 'Delete';
    const binding = typeof obj.volumeBindingMode === 'string' ? obj.volumeBindingMode : 'Immediate';
    return [name, str(obj.provisioner), reclaim, binding, obj.allowVolumeExpansion === true, ageOf(obj, now)];
  },
};

export default storageClassTable;
