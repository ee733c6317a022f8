// PriorityLevelConfiguration columns: TYPE and, for Limited levels, the
// concurrency shares and queuing parameters ("<none>" otherwise).
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, int, nameOf, opt, rec, str } from '../../generic/tableHelpers.js';

const queuingDef = 'io.k8s.api.flowcontrol.v1.QueuingConfiguration';

export const priorityLevelConfigurationTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Type', 'string', 'io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationSpec', 'type'),
    column('NominalConcurrencyShares', 'string', 'io.k8s.api.flowcontrol.v1.LimitedPriorityLevelConfiguration', 'nominalConcurrencyShares'),
    column('Queues', 'string', queuingDef, 'queues'),
    column('HandSize', 'string', queuingDef, 'handSize'),
    column('QueueLengthLimit', 'string', queuingDef, 'queueLengthLimit'),
    ageColumn,
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    let shares: unknown = '<none>';
    let queues: unknown = '<none>';
    let handSize: unknown = '<none>';
    let queueLengthLimit: unknown = '<none>';
    const limited = opt(spec.limited);
    if (limited) {
      // absent numbers read as flowcontrol/v1 defaulting fills them in
      shares = typeof limited.nominalConcurrencyShares === 'number' ? int(limited.nominalConcurrencyShares) : 30;
      const q = opt(rec(limited.limitResponse).queuing);
      if (q) {
        queues = int(q.queues) || 64;
        handSize = int(q.handSize) || 8;
        queueLengthLimit = int(q.queueLengthLimit) || 50;
      }
    }
    return [nameOf(obj), str(spec.type), shares, queues, handSize, queueLengthLimit, ageOf(obj, now)];
  },
};

export default priorityLevelConfigurationTable;
