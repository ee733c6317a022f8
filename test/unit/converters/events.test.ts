// core/v1 ⇄ events.k8s.io/v1 Event conversion. The expected objects are what
// k8s.io/kubernetes v1.35 produces for the same input when converting through
// the internal Event type.
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/machinery/objects.js';
import { coreToEventsV1, eventConverter, eventsV1ToCore } from '../../../src/registry/converters/events.js';
import { registerBuiltinConverters } from '../../../src/registry/converters/index.js';
import { convertFieldSelector } from '../../../src/registry/conversion.js';
import { parseFieldSelector } from '../../../src/machinery/selectors.js';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

// a kubelet event as written through core/v1
const kubeletCore = (): KObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web-7d4b9c-x2x.17c8a', namespace: 'shop', uid: '8c1e', resourceVersion: '1234', creationTimestamp: '2024-05-01T10:00:00Z' },
  involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-7d4b9c-x2x', uid: 'a1b2', apiVersion: 'v1', resourceVersion: '998', fieldPath: 'spec.containers{web}' },
  reason: 'Pulled',
  message: 'Successfully pulled image "nginx:1.27"',
  source: { component: 'kubelet', host: 'node-1' },
  firstTimestamp: '2024-05-01T10:00:00Z',
  lastTimestamp: '2024-05-01T10:05:00Z',
  count: 3,
  type: 'Normal',
  eventTime: null,
  reportingComponent: 'kubelet',
  reportingInstance: 'node-1',
});

const kubeletEvents = (): KObject => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'web-7d4b9c-x2x.17c8a', namespace: 'shop', uid: '8c1e', resourceVersion: '1234', creationTimestamp: '2024-05-01T10:00:00Z' },
  eventTime: null,
  reportingController: 'kubelet',
  reportingInstance: 'node-1',
  reason: 'Pulled',
  regarding: { kind: 'Pod', namespace: 'shop', name: 'web-7d4b9c-x2x', uid: 'a1b2', apiVersion: 'v1', resourceVersion: '998', fieldPath: 'spec.containers{web}' },
  note: 'Successfully pulled image "nginx:1.27"',
  type: 'Normal',
  deprecatedSource: { component: 'kubelet', host: 'node-1' },
  deprecatedFirstTimestamp: '2024-05-01T10:00:00Z',
  deprecatedLastTimestamp: '2024-05-01T10:05:00Z',
  deprecatedCount: 3,
});

// a scheduler event as written through events.k8s.io/v1
const schedulerEvents = (): KObject => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'web.17c8b', namespace: 'shop' },
  eventTime: '2024-05-01T10:00:00.123456Z',
  series: { count: 4, lastObservedTime: '2024-05-01T10:09:00.000001Z' },
  reportingController: 'default-scheduler',
  reportingInstance: 'default-scheduler-cp-1',
  action: 'Scheduling',
  reason: 'FailedScheduling',
  regarding: { kind: 'Pod', namespace: 'shop', name: 'web', uid: 'c3', apiVersion: 'v1', resourceVersion: '77' },
  related: { kind: 'Node', name: 'node-2', apiVersion: 'v1' },
  note: '0/3 nodes are available: 3 Insufficient cpu.',
  type: 'Warning',
});

const schedulerCore = (): KObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web.17c8b', namespace: 'shop' },
  involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web', uid: 'c3', apiVersion: 'v1', resourceVersion: '77' },
  reason: 'FailedScheduling',
  message: '0/3 nodes are available: 3 Insufficient cpu.',
  source: {},
  firstTimestamp: null,
  lastTimestamp: null,
  type: 'Warning',
  eventTime: '2024-05-01T10:00:00.123456Z',
  series: { count: 4, lastObservedTime: '2024-05-01T10:09:00.000001Z' },
  action: 'Scheduling',
  related: { kind: 'Node', name: 'node-2', apiVersion: 'v1' },
  reportingComponent: 'default-scheduler',
  reportingInstance: 'default-scheduler-cp-1',
});

describe('Event conversion', () => {
  it('core/v1 → events.k8s.io/v1 renames the fields', () => {
    assert.deepEqual(coreToEventsV1(kubeletCore()), kubeletEvents());
  });

  it('events.k8s.io/v1 → core/v1 renames them back', () => {
    assert.deepEqual(eventsV1ToCore(schedulerEvents()), schedulerCore());
    assert.deepEqual(eventsV1ToCore(kubeletEvents()), kubeletCore());
  });

  it('writes the zero values Go writes for fields that are never omitted', () => {
    const bare = { metadata: { name: 'e', namespace: 'default' } };
    assert.deepEqual(eventsV1ToCore({ apiVersion: 'events.k8s.io/v1', kind: 'Event', ...bare }), {
      apiVersion: 'v1',
      kind: 'Event',
      ...bare,
      involvedObject: {},
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    });
    assert.deepEqual(coreToEventsV1({ apiVersion: 'v1', kind: 'Event', ...bare }), {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      ...bare,
      eventTime: null,
      regarding: {},
      deprecatedSource: {},
      deprecatedFirstTimestamp: null,
      deprecatedLastTimestamp: null,
    });
  });

  it('series: core leaves a zero count out, events.k8s.io always has both fields', () => {
    const core = eventsV1ToCore({ apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e' }, series: { count: 0 }, related: {}, deprecatedSource: { component: '' } });
    assert.deepEqual(core.series, { lastObservedTime: null });
    assert.deepEqual(core.related, {});
    assert.deepEqual(core.source, {});
    const ev = coreToEventsV1({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, series: {}, related: { name: 'x' } });
    assert.deepEqual(ev.series, { count: 0, lastObservedTime: null });
    assert.deepEqual(ev.related, { name: 'x' });
  });

  it('does not fill reportingController from source.component, nor the other way round', () => {
    const ev = coreToEventsV1({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, source: { component: 'kubelet', host: 'n1' } });
    assert.equal(ev.reportingController, undefined);
    assert.equal(ev.reportingInstance, undefined);
    assert.deepEqual(ev.deprecatedSource, { component: 'kubelet', host: 'n1' });
    const core = eventsV1ToCore({ apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e' }, reportingController: 'ctl', reportingInstance: 'i' });
    assert.deepEqual(core.source, {});
    assert.equal(core.reportingComponent, 'ctl');
    assert.equal(core.reportingInstance, 'i');
  });

  it('round trips', () => {
    assert.deepEqual(coreToEventsV1(eventsV1ToCore(schedulerEvents())), {
      ...schedulerEvents(),
      deprecatedSource: {},
      deprecatedFirstTimestamp: null,
      deprecatedLastTimestamp: null,
    });
    assert.deepEqual(eventsV1ToCore(coreToEventsV1(kubeletCore())), kubeletCore());
    assert.deepEqual(eventsV1ToCore(coreToEventsV1(schedulerCore())), schedulerCore());
  });

  describe('the Converter', () => {
    it('converts by group version and leaves its input alone', () => {
      const ev = schedulerEvents();
      const before = clone(ev);
      const stored = eventConverter.toStorage(ev, 'events.k8s.io/v1');
      assert.deepEqual(stored, schedulerCore());
      assert.deepEqual(ev, before);
      (stored.metadata as Record<string, unknown>).name = 'changed';
      assert.equal(ev.metadata!.name, 'web.17c8b');
      const core = kubeletCore();
      assert.deepEqual(eventConverter.fromStorage(core, 'events.k8s.io/v1'), kubeletEvents());
      assert.deepEqual(core, kubeletCore());
    });

    it('core/v1 is the storage version', () => {
      assert.deepEqual(eventConverter.fromStorage(kubeletCore(), 'v1'), kubeletCore());
      assert.deepEqual(eventConverter.toStorage({ ...kubeletCore(), apiVersion: undefined }, 'v1'), kubeletCore());
    });

    it('rejects versions it does not know', () => {
      assert.throws(() => eventConverter.toStorage(schedulerEvents(), 'events.k8s.io/v1beta1'), /v1beta1/);
      assert.throws(() => eventConverter.fromStorage(kubeletCore(), 'v2'), /v2/);
    });
  });
});

describe('events.k8s.io/v1 field selectors', () => {
  registerBuiltinConverters();
  it('name the stored fields (regarding.* -> involvedObject.*, reportingController -> reportingComponent)', () => {
    const fs = convertFieldSelector('events.k8s.io', 'v1', 'events', parseFieldSelector('reportingController=kubelet,regarding.kind=Pod,type!=Normal'));
    assert.deepEqual(
      fs.requirements.map((r) => `${r.field}${r.op}${r.value}`),
      ['reportingComponent=kubelet', 'involvedObject.kind=Pod', 'type!=Normal'],
    );
    assert.ok(fs.matches({ reportingComponent: 'kubelet', 'involvedObject.kind': 'Pod', type: 'Warning' }));
    assert.ok(!fs.matches({ reportingComponent: 'kubelet', 'involvedObject.kind': 'Pod', type: 'Normal' }));
  });
  it('refuses the core/v1 labels it does not list, and leaves other resources alone', () => {
    assert.throws(() => convertFieldSelector('events.k8s.io', 'v1', 'events', parseFieldSelector('source=kubelet')), /field label not supported: source/);
    const core = parseFieldSelector('source=kubelet');
    assert.equal(convertFieldSelector('', 'v1', 'events', core), core);
  });
});
