// HorizontalPodAutoscaler columns: REFERENCE "Kind/name", TARGETS "cpu: 40%/80%",
// MINPODS, MAXPODS and REPLICAS. Objects are autoscaling/v2; an autoscaling/v1
// object (targetCPUUtilizationPercentage) is read as its v2 equivalent.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, formatQuantityPtr, int, nameOf, opt, rec, recs, str, type Obj } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec';
const statusDef = 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus';
const MAX_SHOWN = 2;
const DEFAULT_CPU_UTILIZATION = 80;

/** spec.metrics and status.currentMetrics in v2 shape. */
function metricsOf(obj: { apiVersion?: string; spec?: unknown; status?: unknown }): { specs: Obj[]; statuses: Obj[] } {
  const spec = rec(obj.spec);
  const status = rec(obj.status);
  const specs = recs(spec.metrics);
  if (specs.length > 0) return { specs, statuses: recs(status.currentMetrics) };
  // autoscaling/v1 carries a single CPU utilization target; without any
  // target, defaulting fills in 80% CPU utilization
  const target = typeof spec.targetCPUUtilizationPercentage === 'number' ? spec.targetCPUUtilizationPercentage : DEFAULT_CPU_UTILIZATION;
  specs.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } });
  if (Array.isArray(status.currentMetrics)) return { specs, statuses: recs(status.currentMetrics) };
  const statuses: Obj[] =
    typeof status.currentCPUUtilizationPercentage === 'number'
      ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } }]
      : [];
  return { specs, statuses };
}

function utilization(v: unknown): string | undefined {
  return typeof v === 'number' ? `${int(v)}%` : undefined;
}

/** One metric as "current/target", following the metric's source type. */
function formatMetric(spec: Obj, status: Obj | undefined): string {
  switch (spec.type) {
    case 'External':
    case 'Object': {
      const key = spec.type === 'External' ? 'external' : 'object';
      const target = rec(rec(spec[key]).target);
      const cur = status ? opt(status[key]) : undefined;
      const current = rec(cur?.current);
      if (target.averageValue !== undefined && target.averageValue !== null) {
        const c = cur && current.averageValue != null ? formatQuantityPtr(current.averageValue) : '<unknown>';
        return `${c}/${formatQuantityPtr(target.averageValue)} (avg)`;
      }
      const c = cur ? formatQuantityPtr(current.value) : '<unknown>';
      return `${c}/${formatQuantityPtr(target.value)}`;
    }
    case 'Pods': {
      const target = rec(rec(spec.pods).target);
      const cur = status ? opt(status.pods) : undefined;
      const c = cur ? formatQuantityPtr(rec(cur.current).averageValue) : '<unknown>';
      return `${c}/${formatQuantityPtr(target.averageValue)}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
      const source = rec(spec[key]);
      const target = rec(source.target);
      const cur = status ? opt(status[key]) : undefined;
      const current = rec(cur?.current);
      const name = str(source.name);
      if (target.averageValue !== undefined && target.averageValue !== null) {
        const c = cur ? formatQuantityPtr(current.averageValue) : '<unknown>';
        return `${name}: ${c}/${formatQuantityPtr(target.averageValue)}`;
      }
      const c = (cur && utilization(current.averageUtilization)) || '<unknown>';
      const t = utilization(target.averageUtilization) ?? '<auto>';
      return `${name}: ${c}/${t}`;
    }
    default:
      return '<unknown type>';
  }
}

export function formatHPAMetrics(obj: { apiVersion?: string; spec?: unknown; status?: unknown }): string {
  const { specs, statuses } = metricsOf(obj);
  if (specs.length === 0) return '<none>';
  const list = specs.map((s, i) => formatMetric(s, statuses[i]));
  if (list.length > MAX_SHOWN) return `${list.slice(0, MAX_SHOWN).join(', ')} + ${list.length - MAX_SHOWN} more...`;
  return list.join(', ');
}

export const horizontalPodAutoscalerTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Reference', 'string', specDef, 'scaleTargetRef'),
    column('Targets', 'string', specDef, 'metrics'),
    column('MinPods', 'string', specDef, 'minReplicas'),
    column('MaxPods', 'string', specDef, 'maxReplicas'),
    column('Replicas', 'string', statusDef, 'currentReplicas'),
    ageColumn,
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const ref = rec(spec.scaleTargetRef);
    // minReplicas is defaulted to 1 when omitted
    const minPods = typeof spec.minReplicas === 'number' ? String(int(spec.minReplicas)) : '1';
    return [nameOf(obj), `${str(ref.kind)}/${str(ref.name)}`, formatHPAMetrics(obj), minPods, int(spec.maxReplicas), int(status.currentReplicas), ageOf(obj, now)];
  },
};

export default horizontalPodAutoscalerTable;
