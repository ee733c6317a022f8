// VolumeAttachment columns: ATTACHER, PV, NODE and ATTACHED.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, nameOf, rec, str } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.storage.v1.VolumeAttachmentSpec';

export const volumeAttachmentTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Attacher', 'string', specDef, 'attacher', { format: 'name' }),
    column('PV', 'string', 'io.k8s.api.storage.v1.VolumeAttachmentSource', 'persistentVolumeName'),
    column('Node', 'string', specDef, 'nodeName'),
    column('Attached', 'boolean', 'io.k8s.api.storage.v1.VolumeAttachmentStatus', 'attached'),
    ageColumn,
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    return [nameOf(obj), str(spec.attacher), str(rec(spec.source).persistentVolumeName), str(spec.nodeName), rec(obj.status).attached === true, ageOf(obj, now)];
  },
};

export default volumeAttachmentTable;
