// VolumeAttributesClass columns: DRIVERNAME.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, nameOf, str } from '../../generic/tableHelpers.js';

export const volumeAttributesClassTable: TableConvertor = {
  columns: [nameColumn, column('DriverName', 'string', 'io.k8s.api.storage.v1.VolumeAttributesClass', 'driverName'), ageColumn],
  cells(obj, now) {
    return [nameOf(obj), str(obj.driverName), ageOf(obj, now)];
  },
};

export default volumeAttributesClassTable;
