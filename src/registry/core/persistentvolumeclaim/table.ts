// PersistentVolumeClaim columns: phase, bound volume, capacity and access
// modes (only once bound), class and the wide volume mode.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, formatQuantity, metaOf, nameOf, parseTime, rec, str } from '../../generic/tableHelpers.js';
import { accessModesString, storageClassOf } from '../persistentvolume/table.js';

const specDef = 'io.k8s.api.core.v1.PersistentVolumeClaimSpec';
const statusDef = 'io.k8s.api.core.v1.PersistentVolumeClaimStatus';

export const persistentVolumeClaimTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Status', 'string', statusDef, 'phase'),
    column('Volume', 'string', specDef, 'volumeName'),
    column('Capacity', 'string', statusDef, 'capacity'),
    column('Access Modes', 'string', statusDef, 'accessModes'),
    column('StorageClass', 'string', specDef, 'storageClassName'),
    column('VolumeAttributesClass', 'string', specDef, 'volumeAttributesClassName'),
    ageColumn,
    column('VolumeMode', 'string', specDef, 'volumeMode', { priority: 1 }),
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const meta = metaOf(obj);
    const phase = parseTime(meta.deletionTimestamp) !== undefined ? 'Terminating' : str(status.phase) || 'Pending';
    const volumeName = str(spec.volumeName);
    let capacity = '';
    let accessModes = '';
    if (volumeName !== '') {
      accessModes = accessModesString(status.accessModes);
      capacity = formatQuantity(rec(status.capacity).storage);
    }
    const vac = typeof spec.volumeAttributesClassName === 'string' ? spec.volumeAttributesClassName : '<unset>';
    // absent fields read as decoding would default them (Pending, Filesystem)
    const volumeMode = typeof spec.volumeMode === 'string' ? spec.volumeMode : 'Filesystem';
    return [nameOf(obj), phase, volumeName, capacity, accessModes, storageClassOf(meta.annotations, spec.storageClassName), vac, ageOf(obj, now), volumeMode];
  },
};

export default persistentVolumeClaimTable;
