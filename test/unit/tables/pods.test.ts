// Pod table cells: READY, the derived STATUS reasons, RESTARTS with the age
// of the last restart, and the wide IP / node / readiness-gate columns.
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/machinery/objects.js';
import { tableConvertors } from '../../../src/registry/tables.js';

const NOW = '2025-06-01T12:00:00Z';
const now = new Date(NOW);
/** a timestamp `s` seconds before NOW */
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

function pod(name: string, spec: Record<string, unknown>, status: Record<string, unknown>, meta: Record<string, unknown> = {}): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', creationTimestamp: ago(600), ...meta }, spec, status };
}

const one = { containers: [{ name: 'app', image: 'nginx:1.27' }] };
const two = { containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }] };
const running = (name: string, restartCount = 0, extra: Record<string, unknown> = {}) => ({
  name,
  ready: true,
  started: true,
  restartCount,
  image: 'x',
  imageID: '',
  state: { running: { startedAt: ago(300) } },
  ...extra,
});
const wideNone = ['<none>', '<none>', '<none>', '<none>'];

export const cases: Case[] = [
  {
    key: 'pods',
    title: 'running pod with every container ready',
    now: NOW,
    obj: pod('web-1', { ...two, nodeName: 'node-a' }, {
      phase: 'Running',
      podIP: '10.244.1.7',
      podIPs: [{ ip: '10.244.1.7' }, { ip: 'fd00::7' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [running('app'), running('log')],
    }),
    cells: ['web-1', '2/2', 'Running', '0', '10m', '10.244.1.7', 'node-a', '<none>', '<none>'],
  },
  {
    key: 'pods',
    title: 'pending pod without statuses',
    now: NOW,
    obj: pod('pending', one, { phase: 'Pending' }),
    cells: ['pending', '0/1', 'Pending', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'pod with no status at all',
    now: NOW,
    obj: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', creationTimestamp: ago(5) }, spec: one },
    cells: ['bare', '0/1', '', '0', '5s', ...wideNone],
  },
  {
    key: 'pods',
    title: 'ContainerCreating',
    now: NOW,
    obj: pod('creating', { ...one, nodeName: 'node-b' }, {
      phase: 'Pending',
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'nginx', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } }],
    }),
    cells: ['creating', '0/1', 'ContainerCreating', '0', '10m', '<none>', 'node-b', '<none>', '<none>'],
  },
  {
    key: 'pods',
    title: 'CrashLoopBackOff shows restarts and the age of the last one',
    now: NOW,
    obj: pod('crashy', one, {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 3,
          image: 'nginx',
          imageID: '',
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ago(320), finishedAt: ago(300) } },
        },
      ],
    }),
    cells: ['crashy', '0/1', 'CrashLoopBackOff', '3 (5m ago)', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'restarts without a recorded termination show the count only',
    now: NOW,
    obj: pod('restarted', one, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [running('app', 2)] }),
    cells: ['restarted', '1/1', 'Running', '2', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'the latest termination across containers dates the restarts',
    now: NOW,
    obj: pod('two-restarts', two, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        running('app', 1, { lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ago(7200) } } }),
        running('log', 4, { lastState: { terminated: { exitCode: 2, reason: 'Error', finishedAt: ago(90) } } }),
      ],
    }),
    cells: ['two-restarts', '2/2', 'Running', '5 (90s ago)', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'Init:0/2 while the first init container runs',
    now: NOW,
    obj: pod('init-wait', { ...one, initContainers: [{ name: 'migrate', image: 'x' }, { name: 'seed', image: 'y' }] }, {
      phase: 'Pending',
      conditions: [{ type: 'Initialized', status: 'False' }],
      initContainerStatuses: [
        { name: 'migrate', ready: false, restartCount: 0, image: 'x', imageID: '', state: { running: { startedAt: ago(30) } } },
        { name: 'seed', ready: false, restartCount: 0, image: 'y', imageID: '', state: { waiting: { reason: 'PodInitializing' } } },
      ],
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'nginx', imageID: '', state: { waiting: { reason: 'PodInitializing' } } }],
    }),
    cells: ['init-wait', '0/1', 'Init:0/2', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'Init:1/2 once the first init container succeeded',
    now: NOW,
    obj: pod('init-second', { ...one, initContainers: [{ name: 'migrate', image: 'x' }, { name: 'seed', image: 'y' }] }, {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'migrate', ready: false, restartCount: 0, image: 'x', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'seed', ready: false, restartCount: 0, image: 'y', imageID: '', state: { waiting: { reason: 'PodInitializing' } } },
      ],
    }),
    cells: ['init-second', '0/1', 'Init:1/2', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'Init:CrashLoopBackOff counts the init container restarts',
    now: NOW,
    obj: pod('init-crash', { ...one, initContainers: [{ name: 'migrate', image: 'x' }] }, {
      phase: 'Pending',
      initContainerStatuses: [
        {
          name: 'migrate',
          ready: false,
          restartCount: 4,
          image: 'x',
          imageID: '',
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(45) } },
        },
      ],
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'nginx', imageID: '', state: { waiting: { reason: 'PodInitializing' } } }],
    }),
    cells: ['init-crash', '0/1', 'Init:CrashLoopBackOff', '4 (45s ago)', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'Init:Error from a failed init container',
    now: NOW,
    obj: pod('init-error', { ...one, initContainers: [{ name: 'migrate', image: 'x' }] }, {
      phase: 'Failed',
      initContainerStatuses: [{ name: 'migrate', ready: false, restartCount: 0, image: 'x', imageID: '', state: { terminated: { exitCode: 1, reason: 'Error' } } }],
    }),
    cells: ['init-error', '0/1', 'Init:Error', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'Init:ExitCode and Init:Signal without a reason',
    now: NOW,
    obj: pod('init-exit', { ...one, initContainers: [{ name: 'a', image: 'x' }] }, {
      phase: 'Pending',
      initContainerStatuses: [{ name: 'a', ready: false, restartCount: 0, image: 'x', imageID: '', state: { terminated: { exitCode: 3 } } }],
    }),
    cells: ['init-exit', '0/1', 'Init:ExitCode:3', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'Init:Signal:9',
    now: NOW,
    obj: pod('init-signal', { ...one, initContainers: [{ name: 'a', image: 'x' }] }, {
      phase: 'Pending',
      initContainerStatuses: [{ name: 'a', ready: false, restartCount: 0, image: 'x', imageID: '', state: { terminated: { exitCode: 137, signal: 9 } } }],
    }),
    cells: ['init-signal', '0/1', 'Init:Signal:9', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'a started sidecar counts towards READY and RESTARTS',
    now: NOW,
    obj: pod('sidecar', { ...one, initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] }, {
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      initContainerStatuses: [running('proxy', 1, { lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(3 * 3600 + 20 * 60) } } })],
      containerStatuses: [running('app')],
    }),
    cells: ['sidecar', '2/2', 'Running', '1 (3h20m ago)', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'a sidecar that has not started yet keeps the pod initialising',
    now: NOW,
    obj: pod('sidecar-start', { ...one, initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] }, {
      phase: 'Pending',
      initContainerStatuses: [{ name: 'proxy', ready: false, started: false, restartCount: 0, image: 'envoy', imageID: '', state: { running: { startedAt: ago(2) } } }],
    }),
    cells: ['sidecar-start', '0/2', 'Init:0/1', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'Completed pod',
    now: NOW,
    obj: pod('job-xyz', { ...one, restartPolicy: 'Never' }, {
      phase: 'Succeeded',
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'nginx', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: ago(60) } } }],
    }),
    cells: ['job-xyz', '0/1', 'Completed', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'Error from a failed container',
    now: NOW,
    obj: pod('failed', one, {
      phase: 'Failed',
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'nginx', imageID: '', state: { terminated: { exitCode: 1, reason: 'Error' } } }],
    }),
    cells: ['failed', '0/1', 'Error', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'ExitCode and Signal for reasonless terminations',
    now: NOW,
    obj: pod('exit', two, {
      phase: 'Failed',
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 0, image: 'nginx', imageID: '', state: { terminated: { exitCode: 2 } } },
        { name: 'log', ready: false, restartCount: 0, image: 'busybox', imageID: '', state: { terminated: { exitCode: 143, signal: 15 } } },
      ],
    }),
    cells: ['exit', '0/2', 'ExitCode:2', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'Completed with a container still running and the pod Ready shows Running',
    now: NOW,
    obj: pod('partly-done', two, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 0, image: 'nginx', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        running('log'),
      ],
    }),
    cells: ['partly-done', '1/2', 'Running', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'Completed with a container still running but no Ready condition shows NotReady',
    now: NOW,
    obj: pod('not-ready', two, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 0, image: 'nginx', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        running('log'),
      ],
    }),
    cells: ['not-ready', '1/2', 'NotReady', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'Completed with another container failed shows the failure',
    now: NOW,
    obj: pod('mixed', two, {
      phase: 'Failed',
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 0, image: 'nginx', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'log', ready: false, restartCount: 0, image: 'busybox', imageID: '', state: { terminated: { exitCode: 1, reason: 'Error' } } },
      ],
    }),
    cells: ['mixed', '0/2', 'Error', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'Terminating while being deleted',
    now: NOW,
    obj: pod(
      'leaving',
      one,
      { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [running('app')] },
      { deletionTimestamp: ago(-30), deletionGracePeriodSeconds: 30 },
    ),
    cells: ['leaving', '1/1', 'Terminating', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'a deleted pod on a lost node shows Unknown',
    now: NOW,
    obj: pod('lost', one, { phase: 'Running', reason: 'NodeLost', containerStatuses: [running('app')] }, { deletionTimestamp: ago(10) }),
    cells: ['lost', '1/1', 'Unknown', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'a deleted pod that already finished keeps its status',
    now: NOW,
    obj: pod(
      'done-deleted',
      one,
      {
        phase: 'Succeeded',
        containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'nginx', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
      },
      { deletionTimestamp: ago(10) },
    ),
    cells: ['done-deleted', '0/1', 'Completed', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'Evicted from status.reason',
    now: NOW,
    obj: pod('evicted', one, { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }),
    cells: ['evicted', '0/1', 'Evicted', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'SchedulingGated',
    now: NOW,
    obj: pod('gated', { ...one, schedulingGates: [{ name: 'example.com/quota' }] }, {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
    }),
    cells: ['gated', '0/1', 'SchedulingGated', '0', '10m', ...wideNone],
  },
  {
    key: 'pods',
    title: 'wide columns: nominated node and readiness gates',
    now: NOW,
    obj: pod('gates', { ...one, readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] }, {
      phase: 'Pending',
      nominatedNodeName: 'node-c',
      conditions: [
        { type: 'example.com/lb', status: 'True' },
        { type: 'example.com/dns', status: 'False' },
      ],
    }),
    cells: ['gates', '0/1', 'Pending', '0', '10m', '<none>', '<none>', 'node-c', '1/2'],
  },
  {
    key: 'pods',
    title: 'an old pod without podIPs still shows podIP',
    now: NOW,
    obj: pod('legacy-ip', one, { phase: 'Running', podIP: '10.0.0.9', containerStatuses: [running('app')] }, { creationTimestamp: ago(3 * 86400 + 5 * 3600) }),
    cells: ['legacy-ip', '1/1', 'Running', '0', '3d5h', '10.0.0.9', '<none>', '<none>', '<none>'],
  },
];

describe('tables: pods', () => {
  for (const c of cases) {
    it(c.title, () => {
      assert.deepEqual(tableConvertors[c.key]!.cells(c.obj, new Date(c.now)), c.cells);
    });
  }

  it('ages without a creation timestamp read <unknown>', () => {
    const cells = tableConvertors['pods']!.cells({ metadata: { name: 'x' }, spec: one }, now);
    assert.equal(cells[4], '<unknown>');
  });
});
