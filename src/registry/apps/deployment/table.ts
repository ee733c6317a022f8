// Deployment columns: READY "ready/desired", UP-TO-DATE, AVAILABLE and the
// wide containers / images / selector.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, containerCells, containersColumn, imagesColumn, int, labelSelectorString, nameOf, rec } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.apps.v1.DeploymentSpec';
const statusDef = 'io.k8s.api.apps.v1.DeploymentStatus';

/** spec.replicas, 1 when omitted (the apps/v1 default). */
export function desiredReplicas(spec: Record<string, unknown>): number {
  return typeof spec.replicas === 'number' ? int(spec.replicas) : 1;
}

export const deploymentTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Ready', 'string', statusDef, 'readyReplicas'),
    column('Up-to-date', 'string', statusDef, 'updatedReplicas'),
    column('Available', 'string', statusDef, 'availableReplicas'),
    ageColumn,
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', specDef, 'selector', { priority: 1 }),
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const [names, images] = containerCells(rec(spec.template).spec);
    const selector = labelSelectorString(spec.selector);
    return [
      nameOf(obj),
      `${int(status.readyReplicas)}/${desiredReplicas(spec)}`,
      int(status.updatedReplicas),
      int(status.availableReplicas),
      ageOf(obj, now),
      names,
      images,
      selector === undefined ? '<invalid>' : selector,
    ];
  },
};

export default deploymentTable;
