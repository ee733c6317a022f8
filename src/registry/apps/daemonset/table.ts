// DaemonSet columns: desired / current / ready / up-to-date / available pods
// and the template's node selector.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, containerCells, containersColumn, formatLabelSelector, formatLabels, imagesColumn, int, nameOf, rec } from '../../generic/tableHelpers.js';

const statusDef = 'io.k8s.api.apps.v1.DaemonSetStatus';

export const daemonSetTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Desired', 'integer', statusDef, 'desiredNumberScheduled'),
    column('Current', 'integer', statusDef, 'currentNumberScheduled'),
    column('Ready', 'integer', statusDef, 'numberReady'),
    column('Up-to-date', 'integer', statusDef, 'updatedNumberScheduled'),
    column('Available', 'integer', statusDef, 'numberAvailable'),
    column('Node Selector', 'string', 'io.k8s.api.core.v1.PodSpec', 'nodeSelector'),
    ageColumn,
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', 'io.k8s.api.apps.v1.DaemonSetSpec', 'selector', { priority: 1 }),
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const podSpec = rec(rec(spec.template).spec);
    const [names, images] = containerCells(podSpec);
    return [
      nameOf(obj),
      int(status.desiredNumberScheduled),
      int(status.currentNumberScheduled),
      int(status.numberReady),
      int(status.updatedNumberScheduled),
      int(status.numberAvailable),
      formatLabels(podSpec.nodeSelector),
      ageOf(obj, now),
      names,
      images,
      formatLabelSelector(spec.selector),
    ];
  },
};

export default daemonSetTable;
