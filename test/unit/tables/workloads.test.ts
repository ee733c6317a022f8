// Table cells of the workload resources: deployments, replica sets, stateful
// sets, daemon sets, controller revisions, jobs, cron jobs and autoscalers.
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/machinery/objects.js';
import { tableConvertors } from '../../../src/registry/tables.js';

const NOW = '2025-06-01T12:00:00Z';
const now = new Date(NOW);
function ago(s: number): string {
  return new Date(now.getTime() - s * 1000).toISOString().replace('.000Z', 'Z');
}

export interface Case {
  key: string;
  title: string;
  now: string;
  obj: KObject;
  cells: unknown[];
}

function obj(apiVersion: string, kind: string, name: string, body: Record<string, unknown>, meta: Record<string, unknown> = {}): KObject {
  return { apiVersion, kind, metadata: { name, namespace: 'default', creationTimestamp: ago(2 * 86400), ...meta }, ...body };
}
const template = (labels: Record<string, string>, containers: { name: string; image: string }[] = [{ name: 'app', image: 'nginx:1.27' }]) => ({
  metadata: { labels },
  spec: { containers },
});

export const cases: Case[] = [
  // ---- deployments
  {
    key: 'apps/deployments',
    title: 'deployment mid-rollout',
    now: NOW,
    obj: obj('apps/v1', 'Deployment', 'web', {
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] },
        template: template({ app: 'web', tier: 'front' }, [
          { name: 'app', image: 'nginx:1.27' },
          { name: 'sidecar', image: 'envoy:1.30' },
        ]),
      },
      status: { replicas: 4, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 2 },
    }),
    cells: ['web', '2/3', 1, 2, '2d', 'app,sidecar', 'nginx:1.27,envoy:1.30', 'app=web,tier in (edge,front)'],
  },
  {
    key: 'apps/deployments',
    title: 'new deployment without status, selector with Exists/DoesNotExist/NotIn',
    now: NOW,
    obj: obj('apps/v1', 'Deployment', 'fresh', {
      spec: {
        replicas: 0,
        selector: {
          matchExpressions: [
            { key: 'zone', operator: 'NotIn', values: ['b', 'a'] },
            { key: 'canary', operator: 'DoesNotExist' },
            { key: 'app', operator: 'Exists' },
          ],
        },
        template: template({ app: 'fresh', zone: 'c' }),
      },
    }, { creationTimestamp: ago(3) }),
    cells: ['fresh', '0/0', 0, 0, '3s', 'app', 'nginx:1.27', 'app,!canary,zone notin (a,b)'],
  },
  {
    key: 'apps/deployments',
    title: 'deployment with an invalid selector operator',
    now: NOW,
    obj: obj('apps/v1', 'Deployment', 'odd', {
      spec: { replicas: 1, selector: { matchExpressions: [{ key: 'a', operator: 'Near', values: ['x'] }] }, template: template({ a: 'x' }) },
      status: { readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 },
    }),
    cells: ['odd', '1/1', 1, 1, '2d', 'app', 'nginx:1.27', '<invalid>'],
  },
  // ---- replica sets, stateful sets, daemon sets
  {
    key: 'apps/replicasets',
    title: 'replica set',
    now: NOW,
    obj: obj('apps/v1', 'ReplicaSet', 'web-5d4f', {
      spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d4f' } }, template: template({ app: 'web', 'pod-template-hash': '5d4f' }) },
      status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 },
    }),
    cells: ['web-5d4f', 3, 3, 3, '2d', 'app', 'nginx:1.27', 'app=web,pod-template-hash=5d4f'],
  },
  {
    key: 'apps/replicasets',
    title: 'scaled-down replica set with an empty selector',
    now: NOW,
    obj: obj('apps/v1', 'ReplicaSet', 'old', { spec: { replicas: 0, selector: {}, template: template({}) }, status: { replicas: 0 } }),
    cells: ['old', 0, 0, 0, '2d', 'app', 'nginx:1.27', '<none>'],
  },
  {
    key: 'apps/statefulsets',
    title: 'stateful set',
    now: NOW,
    obj: obj('apps/v1', 'StatefulSet', 'pg', {
      spec: { replicas: 3, serviceName: 'pg', selector: { matchLabels: { app: 'pg' } }, template: template({ app: 'pg' }, [{ name: 'postgres', image: 'postgres:16' }]) },
      status: { replicas: 3, readyReplicas: 1, currentReplicas: 3 },
    }),
    cells: ['pg', '1/3', '2d', 'postgres', 'postgres:16'],
  },
  {
    key: 'apps/daemonsets',
    title: 'daemon set with a node selector',
    now: NOW,
    obj: obj('apps/v1', 'DaemonSet', 'node-exporter', {
      spec: {
        selector: { matchLabels: { app: 'node-exporter' } },
        template: { metadata: { labels: { app: 'node-exporter' } }, spec: { nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' }, containers: [{ name: 'exporter', image: 'prom/node-exporter' }] } },
      },
      status: { desiredNumberScheduled: 5, currentNumberScheduled: 5, numberReady: 4, updatedNumberScheduled: 3, numberAvailable: 4, numberMisscheduled: 0 },
    }),
    cells: ['node-exporter', 5, 5, 4, 3, 4, 'disk=ssd,kubernetes.io/os=linux', '2d', 'exporter', 'prom/node-exporter', 'app=node-exporter'],
  },
  {
    key: 'apps/daemonsets',
    title: 'daemon set without status or node selector',
    now: NOW,
    obj: obj('apps/v1', 'DaemonSet', 'agent', { spec: { selector: { matchLabels: { app: 'agent' } }, template: template({ app: 'agent' }) } }),
    cells: ['agent', 0, 0, 0, 0, 0, '<none>', '2d', 'app', 'nginx:1.27', 'app=agent'],
  },
  // ---- controller revisions
  {
    key: 'apps/controllerrevisions',
    title: 'controller revision owned by a stateful set',
    now: NOW,
    obj: obj('apps/v1', 'ControllerRevision', 'pg-7c9d', { revision: 4, data: {} }, {
      ownerReferences: [
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'not-controller', uid: 'a' },
        { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'pg', uid: 'b', controller: true },
      ],
    }),
    cells: ['pg-7c9d', 'statefulset.apps/pg', 4, '2d'],
  },
  {
    key: 'apps/controllerrevisions',
    title: 'controller revision owned by a core kind, and one without owner',
    now: NOW,
    obj: obj('apps/v1', 'ControllerRevision', 'x-1', { revision: 1 }, { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'c', controller: true }] }),
    cells: ['x-1', 'pod/p', 1, '2d'],
  },
  {
    key: 'apps/controllerrevisions',
    title: 'controller revision without a controller',
    now: NOW,
    obj: obj('apps/v1', 'ControllerRevision', 'orphan', { revision: 2 }),
    cells: ['orphan', '<none>', 2, '2d'],
  },
  // ---- jobs
  {
    key: 'batch/jobs',
    title: 'completed job: COMPLETIONS and DURATION',
    now: NOW,
    obj: obj('batch/v1', 'Job', 'pi', {
      spec: { completions: 1, parallelism: 1, backoffLimit: 4, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template: template({}, [{ name: 'pi', image: 'perl:5.34' }]) },
      status: {
        succeeded: 1,
        startTime: ago(3600),
        completionTime: ago(3600 - 150),
        conditions: [
          { type: 'SuccessCriteriaMet', status: 'True' },
          { type: 'Complete', status: 'True' },
        ],
      },
    }),
    cells: ['pi', 'Complete', '1/1', '2m30s', '2d', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=u1'],
  },
  {
    key: 'batch/jobs',
    title: 'running job: duration counts from the start',
    now: NOW,
    obj: obj('batch/v1', 'Job', 'work', {
      spec: { completions: 5, parallelism: 2, selector: { matchLabels: { job: 'work' } }, template: template({ job: 'work' }) },
      status: { active: 2, succeeded: 2, startTime: ago(11 * 60) },
    }),
    cells: ['work', 'Running', '2/5', '11m', '2d', 'app', 'nginx:1.27', 'job=work'],
  },
  {
    key: 'batch/jobs',
    title: 'work-queue job with parallelism: "n/1 of p"',
    now: NOW,
    obj: obj('batch/v1', 'Job', 'queue', {
      spec: { parallelism: 3, selector: { matchLabels: { job: 'queue' } }, template: template({ job: 'queue' }) },
      status: { active: 3, startTime: ago(70) },
    }),
    cells: ['queue', 'Running', '0/1 of 3', '70s', '2d', 'app', 'nginx:1.27', 'job=queue'],
  },
  {
    key: 'batch/jobs',
    title: 'failed job',
    now: NOW,
    obj: obj('batch/v1', 'Job', 'broken', {
      spec: { completions: 1, parallelism: 1, selector: { matchLabels: { job: 'broken' } }, template: template({ job: 'broken' }) },
      status: {
        failed: 5,
        startTime: ago(900),
        conditions: [
          { type: 'FailureTarget', status: 'True' },
          { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' },
        ],
      },
    }),
    cells: ['broken', 'Failed', '0/1', '15m', '2d', 'app', 'nginx:1.27', 'job=broken'],
  },
  {
    key: 'batch/jobs',
    title: 'suspended job without a start time has no duration',
    now: NOW,
    obj: obj('batch/v1', 'Job', 'later', {
      spec: { completions: 2, parallelism: 1, suspend: true, selector: { matchLabels: { job: 'later' } }, template: template({ job: 'later' }) },
      status: { conditions: [{ type: 'Suspended', status: 'True' }] },
    }),
    cells: ['later', 'Suspended', '0/2', '', '2d', 'app', 'nginx:1.27', 'job=later'],
  },
  {
    key: 'batch/jobs',
    title: 'job being deleted',
    now: NOW,
    obj: obj(
      'batch/v1',
      'Job',
      'going',
      {
        spec: { completions: 1, parallelism: 1, selector: { matchLabels: { job: 'going' } }, template: template({ job: 'going' }) },
        status: { startTime: ago(200), conditions: [{ type: 'Complete', status: 'False' }] },
      },
      { deletionTimestamp: ago(1) },
    ),
    cells: ['going', 'Terminating', '0/1', '3m20s', '2d', 'app', 'nginx:1.27', 'job=going'],
  },
  // ---- cron jobs
  {
    key: 'batch/cronjobs',
    title: 'cron job with a time zone and active jobs',
    now: NOW,
    obj: obj('batch/v1', 'CronJob', 'backup', {
      spec: {
        schedule: '0 3 * * *',
        timeZone: 'Europe/Berlin',
        suspend: false,
        jobTemplate: { spec: { template: template({}, [{ name: 'backup', image: 'restic:0.16' }]) } },
      },
      status: { active: [{ kind: 'Job', name: 'backup-1', namespace: 'default' }], lastScheduleTime: ago(9 * 3600) },
    }),
    cells: ['backup', '0 3 * * *', 'Europe/Berlin', 'False', 1, '9h', '2d', 'backup', 'restic:0.16', '<none>'],
  },
  {
    key: 'batch/cronjobs',
    title: 'suspended cron job that never ran',
    now: NOW,
    obj: obj('batch/v1', 'CronJob', 'report', {
      spec: {
        schedule: '*/5 * * * *',
        suspend: true,
        jobTemplate: { spec: { selector: { matchLabels: { job: 'report' } }, template: template({ job: 'report' }) } },
      },
      status: {},
    }),
    cells: ['report', '*/5 * * * *', '<none>', 'True', 0, '<none>', '2d', 'app', 'nginx:1.27', 'job=report'],
  },
  // ---- horizontal pod autoscalers
  {
    key: 'autoscaling/horizontalpodautoscalers',
    title: 'CPU utilization and a memory average value',
    now: NOW,
    obj: obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } } },
        ],
      },
      status: {
        currentReplicas: 3,
        desiredReplicas: 3,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42, averageValue: '210m' } } },
          { type: 'Resource', resource: { name: 'memory', current: { averageValue: '300Mi' } } },
        ],
      },
    }),
    cells: ['web', 'Deployment/web', 'cpu: 42%/80%, memory: 300Mi/512Mi', '2', 10, 3, '2d'],
  },
  {
    key: 'autoscaling/horizontalpodautoscalers',
    title: 'unknown current values, more than two metrics',
    now: NOW,
    obj: obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'many', {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' },
        minReplicas: 1,
        maxReplicas: 4,
        metrics: [
          { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } } },
          { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value', value: '30' } } },
          { type: 'Object', object: { describedObject: { kind: 'Service', name: 's', apiVersion: 'v1' }, metric: { name: 'hits' }, target: { type: 'AverageValue', averageValue: '1k' } } },
        ],
      },
      status: { currentReplicas: 1, desiredReplicas: 1 },
    }),
    cells: ['many', 'StatefulSet/db', '<unknown>/100, <unknown>/30 + 1 more...', '1', 4, 1, '2d'],
  },
  {
    key: 'autoscaling/horizontalpodautoscalers',
    title: 'external, object and container metrics with current values',
    now: NOW,
    obj: obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'mixed', {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' },
        maxReplicas: 20,
        metrics: [
          { type: 'External', external: { metric: { name: 'lag' }, target: { type: 'AverageValue', averageValue: '1500m' } } },
          { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization' } } },
        ],
      },
      status: {
        currentReplicas: 5,
        desiredReplicas: 5,
        currentMetrics: [
          { type: 'External', external: { metric: { name: 'lag' }, current: { averageValue: '2' } } },
          { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', current: { averageUtilization: 65 } } },
        ],
      },
    }),
    cells: ['mixed', 'Deployment/worker', '2/1500m (avg), cpu: 65%/<auto>', '1', 20, 5, '2d'],
  },
  {
    key: 'autoscaling/horizontalpodautoscalers',
    title: 'autoscaler without metrics reads the default 80% CPU target',
    now: NOW,
    obj: obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'none', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'x', apiVersion: 'apps/v1' }, minReplicas: 1, maxReplicas: 3 }, status: { currentReplicas: 0, desiredReplicas: 0 } }),
    cells: ['none', 'Deployment/x', 'cpu: <unknown>/80%', '1', 3, 0, '2d'],
  },
  {
    key: 'autoscaling/horizontalpodautoscalers',
    title: 'an autoscaling/v1 object reads its CPU target',
    now: NOW,
    obj: obj('autoscaling/v1', 'HorizontalPodAutoscaler', 'v1', {
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'legacy', apiVersion: 'apps/v1' }, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 70 },
      status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 35 },
    }),
    cells: ['v1', 'Deployment/legacy', 'cpu: 35%/70%', '2', 6, 2, '2d'],
  },
];

describe('tables: workloads', () => {
  for (const c of cases) {
    it(`${c.key}: ${c.title}`, () => {
      assert.deepEqual(tableConvertors[c.key]!.cells(c.obj, new Date(c.now)), c.cells);
    });
  }
});
