// CSIDriver columns: the driver's capability flags, token audiences and
// volume lifecycle modes.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, arr, nameOf, rec, recs, str } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.storage.v1.CSIDriverSpec';

export const csiDriverTable: TableConvertor = {
  columns: [
    nameColumn,
    column('AttachRequired', 'boolean', specDef, 'attachRequired'),
    column('PodInfoOnMount', 'boolean', specDef, 'podInfoOnMount'),
    column('StorageCapacity', 'boolean', specDef, 'storageCapacity'),
    column('TokenRequests', 'string', specDef, 'tokenRequests'),
    column('RequiresRepublish', 'boolean', specDef, 'requiresRepublish'),
    column('Modes', 'string', specDef, 'volumeLifecycleModes'),
    ageColumn,
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const attachRequired = typeof spec.attachRequired === 'boolean' ? spec.attachRequired : true;
    const tokenRequests = Array.isArray(spec.tokenRequests) ? recs(spec.tokenRequests).map((t) => str(t.audience)).join(',') : '<unset>';
    // Persistent is what defaulting fills in when no mode is listed
    const modes = Array.isArray(spec.volumeLifecycleModes) ? arr(spec.volumeLifecycleModes).map(str).join(',') : 'Persistent';
    return [
      nameOf(obj),
      attachRequired,
      spec.podInfoOnMount === true,
      spec.storageCapacity === true,
      tokenRequests,
      spec.requiresRepublish === true,
      modes || '<none>',
      ageOf(obj, now),
    ];
  },
};

export default csiDriverTable;
