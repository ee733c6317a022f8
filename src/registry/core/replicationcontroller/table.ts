// ReplicationController columns: desired / current / ready replicas.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, containerCells, containersColumn, formatLabels, imagesColumn, int, nameOf, opt, rec } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.core.v1.ReplicationControllerSpec';
const statusDef = 'io.k8s.api.core.v1.ReplicationControllerStatus';

export const replicationControllerTable: TableConvertor = {
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
    const template = opt(spec.template);
    const [names, images] = containerCells(template ? template.spec : undefined);
    return [nameOf(obj), int(spec.replicas), int(status.replicas), int(status.readyReplicas), ageOf(obj, now), names, images, formatLabels(spec.selector)];
  },
};

export default replicationControllerTable;
