// PersistentVolume columns: capacity, access modes, reclaim policy, phase,
// claim, class and the wide volume mode.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, arr, formatQuantity, metaOf, nameOf, opt, parseTime, rec, str } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.core.v1.PersistentVolumeSpec';
const statusDef = 'io.k8s.api.core.v1.PersistentVolumeStatus';
const betaClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

/** Access modes abbreviated (RWO, ROX, RWX, RWOP) in that fixed order. */
export function accessModesString(modes: unknown): string {
  const set = new Set(arr(modes).map(str));
  const out: string[] = [];
  if (set.has('ReadWriteOnce')) out.push('RWO');
  if (set.has('ReadOnlyMany')) out.push('ROX');
  if (set.has('ReadWriteMany')) out.push('RWX');
  if (set.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** The storage class: the beta annotation when present, else the given class name. */
export function storageClassOf(annotations: unknown, className: unknown): string {
  const ann = rec(annotations);
  if (Object.prototype.hasOwnProperty.call(ann, betaClassAnnotation)) return str(ann[betaClassAnnotation]);
  return str(className);
}

export const persistentVolumeTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Capacity', 'string', specDef, 'capacity'),
    column('Access Modes', 'string', specDef, 'accessModes'),
    column('Reclaim Policy', 'string', specDef, 'persistentVolumeReclaimPolicy'),
    column('Status', 'string', statusDef, 'phase'),
    column('Claim', 'string', specDef, 'claimRef'),
    column('StorageClass', 'string', specDef, 'storageClassName'),
    column('VolumeAttributesClass', 'string', specDef, 'volumeAttributesClassName'),
    column('Reason', 'string', statusDef, 'reason'),
    ageColumn,
    column('VolumeMode', 'string', specDef, 'volumeMode', { priority: 1 }),
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const meta = metaOf(obj);
    const claimRef = opt(spec.claimRef);
    const claim = claimRef ? `${str(claimRef.namespace)}/${str(claimRef.name)}` : '';
    const phase = parseTime(meta.deletionTimestamp) !== undefined ? 'Terminating' : str(status.phase) || 'Pending';
    const vac = typeof spec.volumeAttributesClassName === 'string' ? spec.volumeAttributesClassName : '<unset>';
    // absent fields read as decoding would default them (Pending, Retain, Filesystem)
    const volumeMode = typeof spec.volumeMode === 'string' ? spec.volumeMode : 'Filesystem';
    return [
      nameOf(obj),
      formatQuantity(rec(spec.capacity).storage),
      accessModesString(spec.accessModes),
      str(spec.persistentVolumeReclaimPolicy) || 'Retain',
      phase,
      claim,
      storageClassOf(meta.annotations, spec.storageClassName),
      vac,
      str(status.reason),
      ageOf(obj, now),
      volumeMode,
    ];
  },
};

export default persistentVolumeTable;
