// Pod columns: READY "1/2", STATUS with its derived reasons, RESTARTS with
// the time of the last restart, and the wide IP / node columns.
import type { KObject } from '../../../machinery/objects.js';
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, arr, humanDurationMs, int, nameOf, opt, parseTime, rec, recs, str, type Obj } from '../../generic/tableHelpers.js';

const podStatusDef = 'io.k8s.api.core.v1.PodStatus';
const podSpecDef = 'io.k8s.api.core.v1.PodSpec';
const containerStatusDef = 'io.k8s.api.core.v1.ContainerStatus';

function isRestartable(c: Obj | undefined): boolean {
  return c !== undefined && c.restartPolicy === 'Always';
}

function conditionStatus(status: Obj, type: string): string | undefined {
  for (const c of recs(status.conditions)) if (c.type === type) return str(c.status);
  return undefined;
}

function hasReadyCondition(status: Obj): boolean {
  return recs(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** finishedAt of the container's last termination, when there is one */
function lastTerminated(cs: Obj): number | undefined {
  const t = opt(rec(cs.lastState).terminated);
  if (!t) return undefined;
  // an unset finishedAt is Go's zero time, which never wins a Before() comparison
  return parseTime(t.finishedAt);
}

function terminatedReason(t: Obj, prefix: string): string {
  const reason = str(t.reason);
  if (reason) return prefix + reason;
  const signal = int(t.signal);
  if (signal !== 0) return `${prefix}Signal:${signal}`;
  return `${prefix}ExitCode:${int(t.exitCode)}`;
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** READY, STATUS and RESTARTS of a pod, as upstream derives them. */
export function summarizePod(pod: KObject, now: Date): PodSummary {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const meta = rec(pod.metadata);
  const initSpecs = recs(spec.initContainers);
  const initByName = new Map<string, Obj>();
  let total = recs(spec.containers).length;
  for (const c of initSpecs) {
    initByName.set(str(c.name), c);
    if (isRestartable(c)) total++;
  }

  let restarts = 0;
  let sidecarRestarts = 0;
  let readyCount = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;
  const phase = str(status.phase);
  let reason = str(status.reason) || phase;

  for (const c of recs(status.conditions)) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses = recs(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    const count = int(cs.restartCount);
    restarts += count;
    const finished = lastTerminated(cs);
    if (finished !== undefined && (lastRestart === undefined || finished > lastRestart)) lastRestart = finished;
    const sidecar = isRestartable(initByName.get(str(cs.name)));
    if (sidecar) {
      sidecarRestarts += count;
      if (finished !== undefined && (lastSidecarRestart === undefined || finished > lastSidecarRestart)) lastSidecarRestart = finished;
    }
    const state = rec(cs.state);
    const terminated = opt(state.terminated);
    const waiting = opt(state.waiting);
    if (terminated && int(terminated.exitCode) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready === true) readyCount++;
      continue;
    }
    if (terminated) {
      reason = terminatedReason(terminated, 'Init:');
    } else if (waiting && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionStatus(status, 'Initialized') === 'True') {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    let errorReason = '';
    const statuses = recs(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += int(cs.restartCount);
      const finished = lastTerminated(cs);
      if (finished !== undefined && (lastRestart === undefined || finished > lastRestart)) lastRestart = finished;
      const state = rec(cs.state);
      const waiting = opt(state.waiting);
      const terminated = opt(state.terminated);
      if (waiting && str(waiting.reason) !== '') {
        reason = str(waiting.reason);
      } else if (terminated) {
        reason = terminatedReason(terminated, '');
        if (int(terminated.exitCode) !== 0) errorReason = reason;
      } else if (cs.ready === true && opt(state.running)) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed') {
      if (hasRunning && hasReadyCondition(status)) reason = 'Running';
      else if (errorReason !== '') reason = errorReason;
      else if (hasRunning) reason = 'NotReady';
    }
  }

  const deleting = parseTime(meta.deletionTimestamp) !== undefined;
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && phase !== 'Failed' && phase !== 'Succeeded') reason = 'Terminating';

  let restartText = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) {
    restartText = `${restarts} (${humanDurationMs(now.getTime() - lastRestart)} ago)`;
  }
  return { ready: `${readyCount}/${total}`, status: reason, restarts: restartText };
}

function readinessGates(spec: Obj, status: Obj): string {
  const gates = recs(spec.readinessGates);
  if (gates.length === 0) return '<none>';
  let trueCount = 0;
  for (const g of gates) {
    const cond = recs(status.conditions).find((c) => c.type === g.conditionType);
    if (cond && cond.status === 'True') trueCount++;
  }
  return `${trueCount}/${gates.length}`;
}

export const podTable: TableConvertor = {
  columns: [
    nameColumn,
    // upstream's READY/STATUS/RESTARTS texts are not field docs; the nearest fields stand in
    column('Ready', 'string', containerStatusDef, 'ready'),
    column('Status', 'string', podStatusDef, 'phase'),
    column('Restarts', 'string', containerStatusDef, 'restartCount'),
    ageColumn,
    column('IP', 'string', podStatusDef, 'podIP', { priority: 1 }),
    column('Node', 'string', podSpecDef, 'nodeName', { priority: 1 }),
    column('Nominated Node', 'string', podStatusDef, 'nominatedNodeName', { priority: 1 }),
    column('Readiness Gates', 'string', podSpecDef, 'readinessGates', { priority: 1 }),
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const s = summarizePod(obj, now);
    // podIP wins over podIPs[0], as the v1 → internal conversion decides
    const ip = str(status.podIP) || str(rec(arr(status.podIPs)[0]).ip) || '<none>';
    return [
      nameOf(obj),
      s.ready,
      s.status,
      s.restarts,
      ageOf(obj, now),
      ip,
      str(spec.nodeName) || '<none>',
      str(status.nominatedNodeName) || '<none>',
      readinessGates(spec, status),
    ];
  },
};

export default podTable;
