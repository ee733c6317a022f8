import { strict as assert } from 'node:assert';
import { ApiError } from '../../../src/machinery/errors.js';
import type { KObject } from '../../../src/machinery/objects.js';
import {
  FieldManager,
  LAST_APPLIED_ANNOTATION,
  managerFromUserAgent,
  validateFieldManager,
  type ManagedFieldsEntry,
} from '../../../src/machinery/managedfields/index.js';
import { builtinSchemaFor, tickingClock } from './helpers.js';

const RESET: Record<string, string[][]> = { '': [['status']], status: [['spec'], ['metadata']] };

function manager(extra: Partial<ConstructorParameters<typeof FieldManager>[0]> = {}): FieldManager {
  return new FieldManager({
    schemaFor: builtinSchemaFor,
    now: tickingClock(),
    resetFields: (_v, _k, sub) => RESET[sub ?? ''],
    ...extra,
  });
}

function entries(o: KObject): ManagedFieldsEntry[] {
  return (o.metadata?.managedFields ?? []) as ManagedFieldsEntry[];
}

/** [manager, operation, subresource?] of each entry, in order. */
function owners(o: KObject): string[] {
  return entries(o).map((e) => `${e.manager}/${e.operation}${e.subresource ? '/' + e.subresource : ''}`);
}

function fieldsOf(o: KObject, mgr: string, operation = 'Update'): unknown {
  return entries(o).find((e) => e.manager === mgr && e.operation === operation)?.fieldsV1;
}

/** Give an object the uid storage assigns on create. */
function stored(o: KObject): KObject {
  return { ...o, metadata: { ...o.metadata, uid: 'uid-1', resourceVersion: '1', creationTimestamp: '2024-01-01T00:00:00Z' } };
}

function conflictOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ApiError, String(e));
    return e;
  }
  assert.fail('expected an error');
}

function deployment(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', ...meta },
    spec,
  };
}

const nginxSpec = () => ({
  replicas: 1,
  selector: { matchLabels: { app: 'nginx' } },
  strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
  template: {
    metadata: { labels: { app: 'nginx' } },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx:1.25', resources: {}, terminationMessagePath: '/dev/termination-log' }],
      restartPolicy: 'Always',
    },
  },
});

describe('managedfields: FieldManager.update', () => {
  it('records the creator of a Deployment with the layout upstream produces', () => {
    const fm = manager();
    const created = fm.update(undefined, deployment(nginxSpec(), { labels: { app: 'nginx' } }), 'kubectl-create');
    assert.deepStrictEqual(entries(created), [
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2024-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:resources': {}, 'f:terminationMessagePath': {} },
                },
                'f:restartPolicy': {},
              },
            },
          },
        },
      },
    ]);
    // entry keys are in upstream's JSON field order
    assert.deepStrictEqual(Object.keys(entries(created)[0]), ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
  });

  it('records a ConfigMap create like the upstream integration test (data with ".")', () => {
    // test/integration/apiserver/apply/managedfields_parsing_test.go "create with data"
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { foo: 'bar' } };
    const created = manager().update(undefined, cm, 'm');
    assert.equal(JSON.stringify(entries(created)[0].fieldsV1), '{"f:data":{".":{},"f:foo":{}}}');
  });

  it('records nothing when only untracked metadata is set', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', uid: 'x', resourceVersion: '5' } };
    const created = manager().update(undefined, { ...cm, metadata: { name: 'c', namespace: 'default' } }, 'm');
    assert.equal(created.metadata?.managedFields, undefined);
  });

  it('moves changed fields to the writer, drops removed fields, keeps times of untouched entries', () => {
    const fm = manager();
    const cm0 = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: '1', b: '2' } }, data: { k1: 'v1', k2: 'v2' } };
    const c1 = stored(fm.update(undefined, cm0, 'creator'));
    const c2 = fm.update(c1, { ...c1, data: { k1: 'changed', k2: 'v2', k3: 'new' }, metadata: { ...c1.metadata, labels: { a: '1' } } }, 'editor');
    assert.deepStrictEqual(owners(c2), ['creator/Update', 'editor/Update']);
    assert.deepStrictEqual(fieldsOf(c2, 'creator'), { 'f:data': { '.': {}, 'f:k2': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } });
    assert.deepStrictEqual(fieldsOf(c2, 'editor'), { 'f:data': { 'f:k1': {}, 'f:k3': {} } });
    assert.deepStrictEqual(
      entries(c2).map((e) => e.time),
      ['2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z'],
    );
    // a write that changes nothing keeps entries and times
    const c3 = fm.update(c2, structuredClone(c2), 'editor');
    assert.deepStrictEqual(entries(c3), entries(c2));
    // the same manager writing again merges into its entry and gets a new time
    const c4 = fm.update(c3, { ...c3, data: { ...(c3.data as object), k2: 'mine-now' } }, 'editor');
    assert.deepStrictEqual(owners(c4), ['creator/Update', 'editor/Update']);
    assert.deepStrictEqual(fieldsOf(c4, 'editor'), { 'f:data': { 'f:k1': {}, 'f:k2': {}, 'f:k3': {} } });
    assert.equal(entries(c4)[1].time, '2024-01-01T00:00:02Z');
  });

  it('drops entries left with no fields', () => {
    const fm = manager();
    const c1 = stored(fm.update(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } }, 'a'));
    const c2 = fm.update(c1, { ...c1, data: { k: 'w' } }, 'b');
    assert.deepStrictEqual(owners(c2), ['a/Update', 'b/Update']);
    // a member without children is written as {}
    assert.deepStrictEqual(fieldsOf(c2, 'a'), { 'f:data': {} });
    const c3 = fm.update(c2, { ...c2, data: undefined }, 'b');
    assert.deepStrictEqual(owners(c3), []);
    assert.equal(c3.metadata?.managedFields, undefined);
  });

  it('keeps one entry per manager, version and subresource; unnamed writers are "unknown"', () => {
    const fm = manager();
    const c1 = stored(fm.update(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } }, ''));
    assert.deepStrictEqual(owners(c1), ['unknown/Update']);
  });

  it('sorts entries: Apply before Update, then by time, then by manager', () => {
    const fm = manager({ now: () => '2024-01-01T00:00:00Z' });
    let o = stored(fm.update(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { z: '1' } }, 'zeta'));
    o = fm.update(o, { ...o, data: { ...(o.data as object), a: '1' } }, 'alpha');
    o = fm.apply(o, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { m: '1' } }, 'mid', { force: false });
    assert.deepStrictEqual(owners(o), ['mid/Apply', 'alpha/Update', 'zeta/Update']);
  });

  describe('managedFields sent by the client', () => {
    const fm = manager();
    const base = stored(fm.update(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } }, 'creator'));
    const cases: Array<[string, unknown, string[]]> = [
      // isResetManagedFields: an empty list, or a single empty entry, clears them; the
      // object is then untracked until the next apply
      ['[] resets them', [], []],
      ['[{}] resets them', [{}], []],
      ['absent keeps the live ones', undefined, ['creator/Update', 'writer/Update']],
      ['unchanged keeps the live ones', 'live', ['creator/Update', 'writer/Update']],
      ['invalid ones fall back to the live ones', [{ manager: 'x', operation: 'Bogus', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} }], ['creator/Update', 'writer/Update']],
      ['a bad fieldsType falls back to the live ones', [{ manager: 'x', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV2', fieldsV1: {} }], ['creator/Update', 'writer/Update']],
      [
        'valid ones replace the live ones',
        [{ manager: 'other', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }],
        ['other/Update', 'writer/Update'],
      ],
    ];
    for (const [name, mf, want] of cases) {
      it(name, () => {
        const req = structuredClone(base);
        if (mf === undefined) delete req.metadata!.managedFields;
        else if (mf !== 'live') req.metadata!.managedFields = mf as unknown[];
        req.data = { a: '1', b: '2' };
        assert.deepStrictEqual(owners(fm.update(base, req, 'writer')), want);
      });
    }

    it('are ignored on subresource writes', () => {
      const req = structuredClone(base);
      req.metadata!.managedFields = [];
      (req as Record<string, unknown>).status = { x: 1 };
      assert.deepStrictEqual(owners(fm.update(base, req, 'writer', { subresource: 'status', resetFields: [] })), ['creator/Update', 'writer/Update/status']);
    });
  });

  it('does not start tracking an existing object on update (skipnonapplied)', () => {
    const fm = manager();
    const live = stored({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } });
    const out = fm.update(live, { ...live, data: { a: '2' } }, 'writer');
    assert.equal(out.metadata?.managedFields, undefined);
  });

  it('merges the oldest update entries into ancient-changes beyond 10 (capmanagers_test.go)', () => {
    const fm = manager();
    let o = stored(fm.update(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k0: 'v' } }, 'm0'));
    for (let i = 1; i <= 12; i++) {
      o = fm.update(o, { ...o, data: { ...(o.data as object), [`k${i}`]: 'v' } }, `m${i}`);
    }
    assert.equal(entries(o).length, 10);
    assert.deepStrictEqual(owners(o), [
      'ancient-changes/Update',
      'm4/Update',
      'm5/Update',
      'm6/Update',
      'm7/Update',
      'm8/Update',
      'm9/Update',
      'm10/Update',
      'm11/Update',
      'm12/Update',
    ]);
    // the bucket holds m0..m3 and the time of the newest entry merged into it
    assert.deepStrictEqual(fieldsOf(o, 'ancient-changes'), { 'f:data': { '.': {}, 'f:k0': {}, 'f:k1': {}, 'f:k2': {}, 'f:k3': {} } });
    assert.equal(entries(o)[0].time, '2024-01-01T00:00:03Z');
    // appliers are not counted
    const applied = fm.apply(o, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: '1' } }, 'applier', { force: false });
    assert.equal(entries(applied).length, 11);
  });

  it('gives status writers no spec and spec writers no status (reset fields)', () => {
    const fm = manager();
    const d0 = deployment(nginxSpec());
    (d0 as Record<string, unknown>).status = { replicas: 0 };
    const d1 = stored(fm.update(undefined, d0, 'creator'));
    assert.equal((fieldsOf(d1, 'creator') as Record<string, unknown>)['f:status'], undefined);
    const d2 = fm.update(d1, { ...d1, status: { replicas: 1, readyReplicas: 1 }, spec: { ...(d1.spec as object), replicas: 5 } }, 'controller', { subresource: 'status' });
    assert.deepStrictEqual(owners(d2), ['creator/Update', 'controller/Update/status']);
    assert.deepStrictEqual(fieldsOf(d2, 'controller'), { 'f:status': { 'f:readyReplicas': {}, 'f:replicas': {} } });
    // the creator keeps .spec.replicas: changes in reset fields take nothing from anybody
    assert.ok((fieldsOf(d2, 'creator') as { 'f:spec': Record<string, unknown> })['f:spec']['f:replicas']);
  });

  it('keeps the live entries when the object does not fit the schema', () => {
    const fm = manager();
    const d1 = stored(fm.update(undefined, deployment(nginxSpec()), 'creator'));
    const bad = structuredClone(d1);
    (bad.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.push({ image: 'no-name' });
    assert.deepStrictEqual(entries(fm.update(d1, bad, 'writer')), entries(d1));
  });
});

describe('managedfields: FieldManager.apply', () => {
  const applyCfg = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}) => deployment(spec, meta);

  it('creates the object and owns exactly what was applied', () => {
    const fm = manager();
    const out = fm.apply(undefined, applyCfg({ replicas: 2 }, { labels: { a: 'b' } }), 'ssa', { force: false });
    assert.deepStrictEqual(out.spec, { replicas: 2 });
    assert.deepStrictEqual(entries(out), [
      {
        manager: 'ssa',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2024-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { 'f:a': {} } }, 'f:spec': { 'f:replicas': {} } },
      },
    ]);
  });

  it('conflicts with an updater that owns a field it changes, naming it with its version', () => {
    const fm = manager();
    const live = stored(fm.update(undefined, deployment(nginxSpec()), 'kubectl-client-side-apply'));
    const e = conflictOf(() => fm.apply(live, applyCfg({ replicas: 3 }), 'ssa', { force: false }));
    assert.equal(e.code, 409);
    assert.equal(e.reason, 'Conflict');
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    assert.deepStrictEqual(e.toStatus(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }] },
      code: 409,
    });
  });

  it('lists several conflicts grouped by manager', () => {
    const fm = manager();
    let live = stored(fm.update(undefined, deployment(nginxSpec()), 'a'));
    live = fm.apply(live, applyCfg({ minReadySeconds: 5, paused: false }), 'b-applier', { force: false });
    const e = conflictOf(() =>
      fm.apply(live, applyCfg({ replicas: 3, minReadySeconds: 6, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } } }), 'c', { force: false }),
    );
    assert.equal(
      e.message,
      'Apply failed with 3 conflicts: conflicts with "a" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image\nconflicts with "b-applier":\n- .spec.minReadySeconds',
    );
    assert.deepStrictEqual(
      e.details?.causes?.map((c) => [c.message, c.field]),
      [
        ['conflict with "a" using apps/v1', '.spec.replicas'],
        ['conflict with "a" using apps/v1', '.spec.template.spec.containers[name="nginx"].image'],
        ['conflict with "b-applier"', '.spec.minReadySeconds'],
      ],
    );
  });

  it('names subresource managers in conflicts', () => {
    const fm = manager();
    const d = deployment(nginxSpec());
    (d as Record<string, unknown>).status = {};
    const live = stored(fm.update(undefined, d, 'creator'));
    const s = fm.update(live, { ...live, status: { replicas: 1 } }, 'ctrl', { subresource: 'status' });
    const e = conflictOf(() =>
      fm.apply(s, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, status: { replicas: 2 } } as KObject, 'x', { force: false, subresource: 'status' }),
    );
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "ctrl" with subresource "status" using apps/v1: .status.replicas');
  });

  it('takes the fields over with force', () => {
    const fm = manager();
    const live = stored(fm.update(undefined, deployment(nginxSpec()), 'creator'));
    const out = fm.apply(live, applyCfg({ replicas: 3 }), 'ssa', { force: true });
    assert.equal((out.spec as { replicas: number }).replicas, 3);
    assert.deepStrictEqual(fieldsOf(out, 'ssa', 'Apply'), { 'f:spec': { 'f:replicas': {} } });
    assert.equal((fieldsOf(out, 'creator') as { 'f:spec': Record<string, unknown> })['f:spec']['f:replicas'], undefined);
  });

  it('shares ownership when the applied value equals the live one (same_value_no_conflict)', () => {
    const fm = manager();
    const live = stored(fm.apply(undefined, applyCfg({ replicas: 3 }), 'one', { force: false }));
    const out = fm.apply(live, applyCfg({ replicas: 3 }), 'two', { force: false });
    // nothing changed: the new entry has no time, which sorts first
    assert.deepStrictEqual(owners(out), ['two/Apply', 'one/Apply']);
    assert.equal(entries(out)[0].time, undefined);
    assert.deepStrictEqual(fieldsOf(out, 'one', 'Apply'), fieldsOf(out, 'two', 'Apply'));
    // and then a change by one of them conflicts with the other
    const e = conflictOf(() => fm.apply(out, applyCfg({ replicas: 4 }), 'one', { force: false }));
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "two": .spec.replicas');
  });

  it('merges containers by name, ports by containerPort and protocol, env by name', () => {
    const fm = manager();
    const base = {
      selector: { matchLabels: { app: 'x' } },
      template: {
        metadata: { labels: { app: 'x' } },
        spec: {
          containers: [
            { name: 'app', image: 'app:1', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }] },
            { name: 'side', image: 'side:1' },
          ],
        },
      },
    };
    const live = stored(fm.apply(undefined, applyCfg(base), 'owner', { force: false }));
    const out = fm.apply(
      live,
      applyCfg({
        template: {
          spec: {
            containers: [{ name: 'app', ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 80 }], env: [{ name: 'B', value: '2' }] }],
          },
        },
      }),
      'other',
      { force: false },
    );
    const containers = (out.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers;
    assert.deepStrictEqual(containers, [
      {
        name: 'app',
        image: 'app:1',
        // port 80 without protocol is the same item as 80/TCP (key default)
        ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 80, protocol: 'TCP' }],
        env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
      },
      { name: 'side', image: 'side:1' },
    ]);
    assert.deepStrictEqual(fieldsOf(out, 'other', 'Apply'), {
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"app"}': {
                '.': {},
                'f:env': { 'k:{"name":"B"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
                'f:name': {},
                'f:ports': {
                  'k:{"containerPort":53,"protocol":"UDP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} },
                  'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                },
              },
            },
          },
        },
      },
    });
  });

  it('merges Service ports by port and protocol', () => {
    const fm = manager();
    const svc = (ports: unknown[]): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports } });
    const live = stored(fm.apply(undefined, svc([{ name: 'http', port: 80, protocol: 'TCP' }]), 'a', { force: false }));
    const out = fm.apply(live, svc([{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'http', port: 80 }]), 'b', { force: false });
    assert.deepStrictEqual((out.spec as { ports: unknown[] }).ports, [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'http', port: 80, protocol: 'TCP' },
    ]);
    assert.deepStrictEqual(Object.keys((fieldsOf(out, 'b', 'Apply') as { 'f:spec': { 'f:ports': object } })['f:spec']['f:ports']), [
      'k:{"port":53,"protocol":"UDP"}',
      'k:{"port":80,"protocol":"TCP"}',
    ]);
  });

  describe('fields a manager stops applying', () => {
    const cases: Array<{ name: string; first: Record<string, unknown>; second: Record<string, unknown>; other?: Record<string, unknown>; want: unknown }> = [
      {
        // TestApplyRemoveContainerPort
        name: 'a removed container port goes away',
        first: { template: { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } } },
        second: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } },
        want: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } },
      },
      {
        // key_test.go removing_obsolete_applied_structs
        name: 'a removed list item goes away',
        first: { template: { spec: { containers: [{ name: 'a', image: 'i' }, { name: 'b', image: 'j' }] } } },
        second: { template: { spec: { containers: [{ name: 'b', image: 'j' }] } } },
        want: { template: { spec: { containers: [{ name: 'b', image: 'j' }] } } },
      },
      {
        name: 'a removed scalar goes away (unset_scalar_sole_owner)',
        first: { replicas: 2, minReadySeconds: 3 },
        second: { replicas: 2 },
        want: { replicas: 2 },
      },
      {
        name: 'a removed label goes away, other labels stay',
        first: { template: { metadata: { labels: { a: '1', b: '2' } } } },
        second: { template: { metadata: { labels: { a: '1' } } } },
        want: { template: { metadata: { labels: { a: '1' } } } },
      },
      {
        name: 'a field another applier also owns stays (unset_scalar_shared_with_applier)',
        first: { replicas: 2, minReadySeconds: 3 },
        other: { minReadySeconds: 3 },
        second: { replicas: 2 },
        want: { replicas: 2, minReadySeconds: 3 },
      },
      {
        name: 'a list item another applier owns stays (remove_one_keep_one)',
        first: { template: { spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } } },
        other: { template: { spec: { containers: [{ name: 'c' }, { name: 'd' }] } } },
        second: { template: { spec: { containers: [{ name: 'a' }] } } },
        want: { template: { spec: { containers: [{ name: 'a' }, { name: 'c' }, { name: 'd' }] } } },
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const fm = manager();
        let o = stored(fm.apply(undefined, applyCfg(c.first), 'one', { force: false }));
        if (c.other) o = fm.apply(o, applyCfg(c.other), 'two', { force: false });
        o = fm.apply(o, applyCfg(c.second), 'one', { force: false });
        assert.deepStrictEqual(o.spec, c.want);
      });
    }

    it('a field an updater took over stays (unset_scalar_shared_with_updater)', () => {
      const fm = manager();
      let o = stored(fm.apply(undefined, applyCfg({ replicas: 2, paused: true }), 'one', { force: false }));
      o = fm.update(o, { ...o, spec: { replicas: 2, paused: false } }, 'updater');
      o = fm.apply(o, applyCfg({ replicas: 2 }), 'one', { force: false });
      assert.deepStrictEqual(o.spec, { replicas: 2, paused: false });
      assert.deepStrictEqual(fieldsOf(o, 'updater'), { 'f:spec': { 'f:paused': {} } });
    });

    it('a label applied by one and re-applied by nobody is removed, ownership with it', () => {
      const fm = manager();
      const bare = (meta: Record<string, unknown>): KObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', ...meta } });
      let o = stored(fm.apply(undefined, bare({ labels: { x: '1' } }), 'one', { force: false }));
      o = fm.apply(o, bare({}), 'one', { force: false });
      assert.equal(o.metadata?.labels, undefined);
      assert.deepStrictEqual(owners(o), []);
    });
  });

  it('gives pre-existing fields of an untracked object to before-first-apply', () => {
    const fm = manager();
    const live = stored({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { old: '1' } });
    const out = fm.apply(live, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { new: '2' } }, 'ssa', { force: false });
    assert.deepStrictEqual(out.data, { old: '1', new: '2' });
    assert.deepStrictEqual(owners(out), ['ssa/Apply', 'before-first-apply/Update']);
    assert.deepStrictEqual(fieldsOf(out, 'before-first-apply'), { 'f:data': { '.': {}, 'f:old': {} } });
    // and its fields conflict like any updater's
    const e = conflictOf(() => fm.apply(out, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { old: 'x' } }, 'ssa', { force: false }));
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.old');
  });

  it('applies through a subresource with its reset fields', () => {
    const fm = manager();
    const live = stored(fm.apply(undefined, applyCfg({ replicas: 1 }), 'one', { force: false }));
    const out = fm.apply(live, { ...applyCfg({ replicas: 9 }), status: { replicas: 1 } } as KObject, 'ctrl', { force: false, subresource: 'status' });
    assert.deepStrictEqual(owners(out), ['one/Apply', 'ctrl/Apply/status']);
    assert.deepStrictEqual(fieldsOf(out, 'ctrl', 'Apply'), { 'f:status': { 'f:replicas': {} } });
  });

  const rejects: Array<[string, KObject, ApplyExpect]> = [
    ['a configuration without apiVersion', { kind: 'Deployment', metadata: { name: 'web' } }, { code: 400, message: 'invalid object type: /, Kind=Deployment' }],
    ['a configuration without kind', { apiVersion: 'apps/v1', metadata: { name: 'web' } }, { code: 400, message: 'invalid object type: apps/v1, Kind=' }],
    ['a configuration of another kind', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } }, { code: 400, message: 'invalid object type: /v1, Kind=Pod' }],
    [
      'a configuration with managedFields',
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', managedFields: [] } },
      { code: 400, message: 'metadata.managedFields must be nil' },
    ],
    [
      'a configuration with duplicate list keys',
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'ns' }, spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'a' }] } } } },
      {
        code: 500,
        message:
          'failed to create typed patch object (ns/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="a"]',
      },
    ],
  ];
  for (const [name, cfg, want] of rejects) {
    it(`rejects ${name}`, () => {
      const e = conflictOf(() => manager().apply(undefined, cfg, 'm', { force: false, apiVersion: 'apps/v1', kind: 'Deployment' }));
      assert.equal(e.code, want.code);
      assert.equal(e.message, want.message);
    });
  }

  it('leaves live and configuration untouched and returns an independent object', () => {
    const fm = manager();
    const live = stored(fm.update(undefined, deployment(nginxSpec(), { annotations: { [LAST_APPLIED_ANNOTATION]: '{}' } }), 'creator'));
    const cfg = applyCfg({ template: { metadata: { labels: { extra: 'x' } } } });
    const liveCopy = structuredClone(live);
    const cfgCopy = structuredClone(cfg);
    const out = fm.apply(live, cfg, 'kubectl', { force: true });
    assert.deepStrictEqual(live, liveCopy);
    assert.deepStrictEqual(cfg, cfgCopy);
    (out.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels.mutated = 'y';
    (out.metadata!.annotations as Record<string, string>).mutated = 'y';
    assert.deepStrictEqual(live, liveCopy);
    assert.deepStrictEqual(cfg, cfgCopy);
  });

  it('accepts metadata.managedFields: null in a configuration', () => {
    const out = manager().apply(undefined, deployment({ paused: true }, { managedFields: null }), 'm', { force: false });
    assert.deepStrictEqual(owners(out), ['m/Apply']);
    assert.deepStrictEqual(fieldsOf(out, 'm', 'Apply'), { 'f:spec': { 'f:paused': {} } });
  });

  describe('kubectl client-side apply interplay', () => {
    const lastApplied = (cfg: KObject) => JSON.stringify(cfg);
    const csaCfg = (): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1', b: '2' } });
    const csaLive = (fm: FieldManager): KObject => {
      const cfg = csaCfg();
      const withAnnotation = { ...cfg, metadata: { ...cfg.metadata, annotations: { [LAST_APPLIED_ANNOTATION]: lastApplied(cfg) } } };
      return stored(fm.update(undefined, withAnnotation, 'kubectl-client-side-apply'));
    };

    it('lets the "kubectl" manager take over fields that still hold their last-applied values (lastappliedmanager_test.go)', () => {
      const fm = manager();
      const out = fm.apply(csaLive(fm), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'changed', b: '2' } }, 'kubectl', {
        force: false,
      });
      assert.deepStrictEqual(out.data, { a: 'changed', b: '2' });
      assert.deepStrictEqual(fieldsOf(out, 'kubectl', 'Apply'), { 'f:data': { 'f:a': {}, 'f:b': {} } });
    });

    it('still conflicts for other managers and for fields changed since the last client-side apply', () => {
      const fm = manager();
      const live = csaLive(fm);
      const e = conflictOf(() => fm.apply(live, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'x' } }, 'other', { force: false }));
      assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.a');
      const drifted = fm.update(live, { ...live, data: { a: 'drift', b: '2' } }, 'kubectl-client-side-apply');
      const e2 = conflictOf(() => fm.apply(drifted, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'x' } }, 'kubectl', { force: false }));
      assert.equal(e2.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.a');
    });

    it('keeps the annotation in sync with what "kubectl" applies (lastappliedupdater_test.go)', () => {
      const fm = manager();
      const cfg: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { b: '2', a: '1' } };
      const out = fm.apply(csaLive(fm), cfg, 'kubectl', { force: false });
      assert.equal(out.metadata?.annotations?.[LAST_APPLIED_ANNOTATION], '{"apiVersion":"v1","data":{"a":"1","b":"2"},"kind":"ConfigMap","metadata":{"name":"c"}}\n');
      // other managers leave it alone
      const other = fm.apply(csaLive(fm), cfg, 'not-kubectl', { force: true });
      assert.equal(other.metadata?.annotations?.[LAST_APPLIED_ANNOTATION], lastApplied(csaCfg()));
    });
  });
});

interface ApplyExpect {
  code: number;
  message: string;
}

describe('managedfields: field manager names', () => {
  const ua: Array<[string | undefined, string]> = [
    ['kubectl/v1.35.0 (linux/amd64) kubernetes/abcdef', 'kubectl'],
    ['kube-controller-manager/v1.35.0 (linux/amd64) kubernetes/abcdef/system:serviceaccount:kube-system:deployment-controller', 'kube-controller-manager'],
    ['curl', 'curl'],
    ['a\u0001b/1', 'ab'],
    ['', ''],
    [undefined, ''],
    ['x'.repeat(200), 'x'.repeat(128)],
    ['é'.repeat(100), 'é'.repeat(64)],
  ];
  for (const [agent, want] of ua) {
    it(`derives ${JSON.stringify(want)} from user agent ${JSON.stringify(agent)?.slice(0, 40)} (create.go prefixFromUserAgent)`, () => {
      assert.equal(managerFromUserAgent(agent), want);
    });
  }

  const bad: Array<[string | undefined, boolean, string]> = [
    [undefined, true, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch'],
    ['', true, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch'],
    ['x'.repeat(129), false, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes'],
    ['ab\u0001', true, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: "ab\\u0001": invalid character U+0001 (at position 2)'],
  ];
  for (const [name, isApply, message] of bad) {
    it(`rejects ${JSON.stringify(name)?.slice(0, 20)} with 422 (ValidatePatchOptions)`, () => {
      assert.throws(
        () => validateFieldManager(name, isApply),
        (e: unknown) => e instanceof ApiError && e.code === 422 && e.reason === 'Invalid' && e.message === message,
      );
    });
  }

  it('accepts missing names outside apply and printable ones everywhere', () => {
    validateFieldManager(undefined, false);
    validateFieldManager('kubectl-client-side-apply', true);
    validateFieldManager('x'.repeat(128), true);
    validateFieldManager('héllo wörld', true);
  });

  it('names the options kind', () => {
    assert.throws(() => validateFieldManager('x'.repeat(129), false, 'CreateOptions'), (e: unknown) => e instanceof ApiError && e.message.startsWith('CreateOptions.meta.k8s.io "" is invalid'));
  });
});

describe('managedfields: performance', () => {
  it('tracks a pod with 100 containers quickly', () => {
    const fm = manager();
    const containers = Array.from({ length: 100 }, (_, i) => ({
      name: `c${i}`,
      image: `img:${i}`,
      ports: [{ containerPort: 8000 + i, protocol: 'TCP' }],
      env: [{ name: 'A', value: String(i) }, { name: 'B', value: 'x' }],
      resources: { limits: { cpu: '1', memory: '1Gi' } },
    }));
    const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { containers } };
    const t0 = process.hrtime.bigint();
    let o = stored(fm.update(undefined, pod, 'creator'));
    for (let i = 0; i < 10; i++) {
      const next = structuredClone(o);
      (next.spec as { containers: Array<{ image: string }> }).containers[i].image = 'changed';
      o = fm.update(o, next, `w${i}`);
    }
    o = fm.apply(o, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: containers.slice(0, 50).map((c) => ({ name: c.name, image: c.image })) } }, 'ssa', {
      force: true,
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    // the forced apply took every changed image back, emptying the ten writers' entries
    assert.deepStrictEqual(owners(o), ['ssa/Apply', 'ancient-changes/Update']);
    assert.ok(ms < 1500, `took ${ms} ms`);
  });
});
