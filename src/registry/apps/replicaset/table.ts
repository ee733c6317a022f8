// ReplicaSet columns: desired / current / ready replicas.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, containerCells, containersColumn, formatLabelSelector, imagesColumn, int, nameOf, rec } from '../../generic/tableHelpers.js';
import { desiredReplicas } from '../deployment/table.js';

const specDef = 'io.k8s.api.apps.v1.ReplicaSetSpec';
const statusDef = 'io.k8s.api.apps.v1.ReplicaSetStatus';

export const replicaSetTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Desired', 'integer', specDef, 'replicas'),
    column('Current', 'integer', statusDef, 'replicas'),
    column('Ready', 'integer', statusDef, 'readyReplicas'),
    ageColumn,
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', specDef, 'selector', { priority: 1 }),
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const [names, images] = containerCells(rec(spec.template).spec);
    return [nameOf(obj), desiredReplicas(spec), int(status.replicas), int(status.readyReplicas), ageOf(obj, now), names, images, formatLabelSelector(spec.selector)];
  },
};

export default replicaSetTable;
