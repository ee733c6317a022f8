// StatefulSet columns: READY "ready/desired" and the wide containers / images.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, containerCells, containersColumn, imagesColumn, int, nameOf, rec } from '../../generic/tableHelpers.js';
import { desiredReplicas } from '../deployment/table.js';

export const statefulSetTable: TableConvertor = {
  columns: [nameColumn, column('Ready', 'string', 'io.k8s.api.apps.v1.StatefulSetStatus', 'readyReplicas'), ageColumn, containersColumn(), imagesColumn()],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const [names, images] = containerCells(rec(spec.template).spec);
    return [nameOf(obj), `${int(status.readyReplicas)}/${desiredReplicas(spec)}`, ageOf(obj, now), names, images];
  },
};

export default statefulSetTable;
