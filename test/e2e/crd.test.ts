// CustomResourceDefinitions: serving (names, Established, discovery, every verb,
// versions, status subresource, watch) and deletion (instances removed first,
// endpoints gone after), through the HTTP API and stock kubectl.
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import https from 'node:https';
import { startTskube, request, kubectl, unexpectedStderr, type TskubeServer } from '../support/tskube.js';

type Obj = Record<string, any>;

async function eventually<T>(what: string, f: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function crontabCRD(over: Obj = {}): Obj {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'], categories: ['all'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: { type: 'object', properties: { cronSpec: { type: 'string' }, image: { type: 'string' }, replicas: { type: 'integer' } } },
                status: { type: 'object', properties: { replicas: { type: 'integer' } } },
              },
            },
          },
          subresources: { status: {} },
        },
        {
          name: 'v1beta1',
          served: true,
          storage: false,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
      ...over,
    },
  };
}

const cronTab = (name: string, version = 'v1', spec: Obj = { cronSpec: '* * * * */5', image: 'img' }): Obj => ({
  apiVersion: `stable.example.com/${version}`,
  kind: 'CronTab',
  metadata: { name },
  spec,
});

const base = '/apis/stable.example.com/v1/namespaces/default/crontabs';

async function established(s: TskubeServer, name: string): Promise<Obj> {
  return eventually(`${name} established`, async () => {
    const r = await request(s, 'GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
    const crd = r.json<Obj>();
    const ok = (crd.status?.conditions ?? []).some((c: Obj) => c.type === 'Established' && c.status === 'True');
    return ok ? crd : undefined;
  });
}

describe('CustomResourceDefinitions', function () {
  this.timeout(120_000);
  let s: TskubeServer;
  before(async () => {
    s = await startTskube({ keepData: true });
  });
  after(async () => {
    await s?.stop();
    if (s) rmSync(s.dataDir, { recursive: true, force: true });
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(s.logs().slice(-3000));
  });

  it('serves a new CRD on every verb once it is Established, with accepted names and conditions', async () => {
    const c = await request(s, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crontabCRD());
    assert.equal(c.status, 201, c.body);
    const crd = await established(s, 'crontabs.stable.example.com');
    assert.deepEqual(crd.status.acceptedNames, { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList', shortNames: ['ct'], categories: ['all'] });
    const names = crd.status.conditions.find((x: Obj) => x.type === 'NamesAccepted');
    assert.deepEqual([names.status, names.reason, names.message], ['True', 'NoConflicts', 'no conflicts found']);
    const est = crd.status.conditions.find((x: Obj) => x.type === 'Established');
    assert.deepEqual([est.reason, est.message], ['InitialNamesAccepted', 'the initial names have been accepted']);
    assert.deepEqual(crd.status.storedVersions, ['v1']);
    const created = await request(s, 'POST', base, cronTab('a'));
    assert.equal(created.status, 201, created.body);
    const o = created.json<Obj>();
    assert.equal(o.apiVersion, 'stable.example.com/v1');
    assert.equal(o.metadata.generation, 1);
    assert.ok(o.metadata.uid);
    // get, list, update, merge patch, json patch, delete
    assert.equal((await request(s, 'GET', `${base}/a`)).json<Obj>().spec.image, 'img');
    const list = (await request(s, 'GET', base)).json<Obj>();
    assert.equal(list.kind, 'CronTabList');
    assert.equal(list.items.length, 1);
    const all = (await request(s, 'GET', '/apis/stable.example.com/v1/crontabs')).json<Obj>();
    assert.equal(all.items.length, 1);
    const upd = await request(s, 'PUT', `${base}/a`, { ...o, spec: { ...o.spec, replicas: 2 } });
    assert.equal(upd.status, 200, upd.body);
    assert.equal(upd.json<Obj>().metadata.generation, 2);
    const mp = await request(s, 'PATCH', `${base}/a`, { spec: { image: 'img2' } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(mp.status, 200, mp.body);
    assert.equal(mp.json<Obj>().spec.image, 'img2');
    const jp = await request(s, 'PATCH', `${base}/a`, [{ op: 'replace', path: '/spec/replicas', value: 3 }], { 'Content-Type': 'application/json-patch+json' });
    assert.equal(jp.json<Obj>().spec.replicas, 3);
    // strategic merge patch is not offered for custom resources
    const smp = await request(s, 'PATCH', `${base}/a`, { spec: {} }, { 'Content-Type': 'application/strategic-merge-patch+json' });
    assert.equal(smp.status, 415, smp.body);
    // unknown kind for the URL
    const wrong = await request(s, 'POST', base, { ...cronTab('b'), kind: 'Other' });
    assert.equal(wrong.status, 400, wrong.body);
  });

  it('shows up in legacy and aggregated discovery and in kubectl api-resources', async () => {
    const gv = (await request(s, 'GET', '/apis/stable.example.com/v1')).json<Obj>();
    const r = gv.resources.find((x: Obj) => x.name === 'crontabs');
    assert.deepEqual(
      { kind: r.kind, namespaced: r.namespaced, singularName: r.singularName, shortNames: r.shortNames, categories: r.categories, verbs: r.verbs },
      {
        kind: 'CronTab',
        namespaced: true,
        singularName: 'crontab',
        shortNames: ['ct'],
        categories: ['all'],
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      },
    );
    assert.ok(gv.resources.some((x: Obj) => x.name === 'crontabs/status'));
    const group = (await request(s, 'GET', '/apis')).json<Obj>().groups.find((g: Obj) => g.name === 'stable.example.com');
    // v1 is preferred over v1beta1
    assert.deepEqual(
      group.versions.map((v: Obj) => v.version),
      ['v1', 'v1beta1'],
    );
    assert.equal(group.preferredVersion.version, 'v1');
    const agg = (
      await request(s, 'GET', '/apis', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' })
    ).json<Obj>();
    const ag = agg.items.find((g: Obj) => g.metadata.name === 'stable.example.com');
    assert.ok(ag, 'group in aggregated discovery');
    assert.ok(ag.versions[0].resources.some((x: Obj) => x.resource === 'crontabs'));
    const k = await kubectl(s, ['api-resources', '--api-group=stable.example.com']);
    assert.equal(k.code, 0, k.stderr);
    assert.match(k.stdout, /crontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab/);
    const g = await kubectl(s, ['get', 'ct', '-o', 'name']);
    assert.equal(g.code, 0, g.stderr);
    assert.deepEqual(unexpectedStderr(g.stderr), []);
    assert.equal(g.stdout.trim(), 'crontab.stable.example.com/a');
  });

  it('keeps objects in the storage version and serves every served version', async () => {
    const c = await request(s, 'POST', '/apis/stable.example.com/v1beta1/namespaces/default/crontabs', cronTab('beta', 'v1beta1'));
    assert.equal(c.status, 201, c.body);
    assert.equal(c.json<Obj>().apiVersion, 'stable.example.com/v1beta1');
    const v1 = (await request(s, 'GET', `${base}/beta`)).json<Obj>();
    assert.equal(v1.apiVersion, 'stable.example.com/v1');
    const list = (await request(s, 'GET', '/apis/stable.example.com/v1beta1/namespaces/default/crontabs')).json<Obj>();
    assert.deepEqual(
      list.items.map((i: Obj) => i.apiVersion),
      ['stable.example.com/v1beta1', 'stable.example.com/v1beta1'],
    );
    await request(s, 'DELETE', `${base}/beta`);
  });

  it('splits spec and status with the status subresource', async () => {
    const cur = (await request(s, 'GET', `${base}/a`)).json<Obj>();
    const st = await request(s, 'PUT', `${base}/a/status`, { ...cur, spec: { image: 'ignored' }, status: { replicas: 7 } });
    assert.equal(st.status, 200, st.body);
    const after = st.json<Obj>();
    assert.equal(after.status.replicas, 7);
    assert.equal(after.spec.image, cur.spec.image);
    assert.equal(after.metadata.generation, cur.metadata.generation);
    // the main resource ignores status
    const m = await request(s, 'PATCH', `${base}/a`, { status: { replicas: 1 } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(m.json<Obj>().status.replicas, 7);
  });

  it('scales through the scale subresource at the CRD paths (kubectl scale)', async () => {
    const crd = crontabCRD({
      names: { plural: 'scalers', singular: 'scaler', kind: 'Scaler' },
    });
    crd.metadata.name = 'scalers.stable.example.com';
    crd.spec.versions = [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        subresources: { status: {}, scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.size', labelSelectorPath: '.status.selector' } },
      },
    ];
    assert.equal((await request(s, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status, 201);
    await established(s, 'scalers.stable.example.com');
    const sb = '/apis/stable.example.com/v1/namespaces/default/scalers';
    assert.equal((await request(s, 'POST', sb, { apiVersion: 'stable.example.com/v1', kind: 'Scaler', metadata: { name: 'x' }, spec: { size: 1 } })).status, 201);
    const cur = (await request(s, 'GET', `${sb}/x`)).json<Obj>();
    await request(s, 'PUT', `${sb}/x/status`, { ...cur, status: { size: 1, selector: 'app=x' } });
    const sc = (await request(s, 'GET', `${sb}/x/scale`)).json<Obj>();
    assert.deepEqual([sc.apiVersion, sc.kind, sc.spec, sc.status], ['autoscaling/v1', 'Scale', { replicas: 1 }, { replicas: 1, selector: 'app=x' }]);
    const k = await kubectl(s, ['scale', 'scalers.stable.example.com', 'x', '--replicas=4']);
    assert.equal(k.code, 0, k.stderr);
    assert.deepEqual(unexpectedStderr(k.stderr), []);
    assert.equal((await request(s, 'GET', `${sb}/x`)).json<Obj>().spec.size, 4);
    const p = await request(s, 'PATCH', `${sb}/x/scale`, { spec: { replicas: 2 } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(p.status, 200, p.body);
    assert.equal((await request(s, 'GET', `${sb}/x`)).json<Obj>().spec.size, 2);
    assert.equal((await request(s, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/scalers.stable.example.com')).status, 200);
    await eventually('scalers gone', async () => (await request(s, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/scalers.stable.example.com')).status === 404);
  });

  it('filters lists by the selectableFields of the CRD', async () => {
    const crd = crontabCRD({ names: { plural: 'shirts', singular: 'shirt', kind: 'Shirt' }, scope: 'Cluster' });
    crd.metadata.name = 'shirts.stable.example.com';
    crd.spec.versions = [
      {
        name: 'v1',
        served: true,
        storage: true,
        selectableFields: [{ jsonPath: '.spec.color' }, { jsonPath: '.spec.size' }],
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { color: { type: 'string' }, size: { type: 'integer' } } } } } },
      },
    ];
    assert.equal((await request(s, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status, 201);
    await established(s, 'shirts.stable.example.com');
    const sb = '/apis/stable.example.com/v1/shirts';
    for (const [name, color, size] of [['s1', 'blue', 1], ['s2', 'red', 2], ['s3', 'blue', 3]] as const)
      assert.equal((await request(s, 'POST', sb, { apiVersion: 'stable.example.com/v1', kind: 'Shirt', metadata: { name }, spec: { color, size } })).status, 201);
    const blue = (await request(s, 'GET', `${sb}?fieldSelector=spec.color%3Dblue`)).json<Obj>();
    assert.deepEqual(
      blue.items.map((i: Obj) => i.metadata.name),
      ['s1', 's3'],
    );
    const notBlue = (await request(s, 'GET', `${sb}?fieldSelector=spec.color!%3Dblue,spec.size%3D2`)).json<Obj>();
    assert.deepEqual(
      notBlue.items.map((i: Obj) => i.metadata.name),
      ['s2'],
    );
    const bad = await request(s, 'GET', `${sb}?fieldSelector=spec.weight%3D1`);
    assert.equal(bad.status, 400, bad.body);
    assert.match(bad.json<Obj>().message, /field label not supported: spec\.weight/);
    const k = await kubectl(s, ['get', 'shirts', '--field-selector', 'spec.color=red', '-o', 'name']);
    assert.equal(k.stdout.trim(), 'shirt.stable.example.com/s2', k.stderr);
    assert.equal((await request(s, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/shirts.stable.example.com')).status, 200);
    await eventually('shirts gone', async () => (await request(s, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/shirts.stable.example.com')).status === 404);
  });

  it('streams watch events for custom resources', async () => {
    const list = (await request(s, 'GET', base)).json<Obj>();
    const events: Obj[] = [];
    const req = https.request({
      host: '127.0.0.1',
      port: s.port,
      path: `${base}?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
      agent: s.agent(),
      headers: { Accept: 'application/json' },
    });
    let buf = '';
    req.on('response', (res) => {
      res.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, i)) as Obj);
          buf = buf.slice(i + 1);
        }
      });
    });
    req.end();
    await new Promise((r) => setTimeout(r, 200));
    await request(s, 'POST', base, cronTab('w'));
    await request(s, 'PATCH', `${base}/w`, { spec: { image: 'x' } }, { 'Content-Type': 'application/merge-patch+json' });
    await request(s, 'DELETE', `${base}/w`);
    await eventually('3 events', async () => events.length >= 3);
    req.destroy();
    assert.deepEqual(
      events.map((e) => [e.type, e.object.metadata.name, e.object.kind]),
      [
        ['ADDED', 'w', 'CronTab'],
        ['MODIFIED', 'w', 'CronTab'],
        ['DELETED', 'w', 'CronTab'],
      ],
    );
  });

  it('refuses names another CRD of the group already uses (NamesAccepted False), and never serves them', async () => {
    const other = crontabCRD({ names: { plural: 'crontabs2', singular: 'crontab2', kind: 'CronTab', shortNames: ['ct2'] } });
    other.metadata.name = 'crontabs2.stable.example.com';
    assert.equal((await request(s, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', other)).status, 201);
    const crd = await eventually('conflict', async () => {
      const c = (await request(s, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/crontabs2.stable.example.com')).json<Obj>();
      return (c.status?.conditions ?? []).some((x: Obj) => x.type === 'NamesAccepted') ? c : undefined;
    });
    const names = crd.status.conditions.find((x: Obj) => x.type === 'NamesAccepted');
    // kind and listKind both conflict: the last check made names the condition, as upstream's naming controller does
    assert.deepEqual([names.status, names.reason, names.message], ['False', 'ListKindConflict', '"CronTabList" is already in use']);
    assert.deepEqual(crd.status.acceptedNames, { plural: 'crontabs2', singular: 'crontab2', shortNames: ['ct2'] });
    const est = crd.status.conditions.find((x: Obj) => x.type === 'Established');
    assert.equal(est.status, 'False');
    assert.equal((await request(s, 'GET', '/apis/stable.example.com/v1/namespaces/default/crontabs2')).status, 404);
    assert.equal((await request(s, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/crontabs2.stable.example.com')).status, 200);
  });

  it('deleting a CRD deletes its instances first, refuses new ones meanwhile, then stops serving it', async () => {
    // an instance with a finalizer holds the CRD in Terminating
    const held = cronTab('held');
    held.metadata.finalizers = ['example.com/hold'];
    assert.equal((await request(s, 'POST', base, held)).status, 201);
    const d = await request(s, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/crontabs.stable.example.com');
    assert.equal(d.status, 200, d.body);
    const crd = d.json<Obj>();
    assert.ok(crd.metadata.deletionTimestamp);
    assert.ok(crd.metadata.finalizers.includes('customresourcecleanup.apiextensions.k8s.io'));
    await eventually('instances marked for deletion', async () => {
      const l = (await request(s, 'GET', base)).json<Obj>();
      return l.items.length === 1 && l.items[0].metadata.deletionTimestamp ? true : undefined;
    });
    const refused = await request(s, 'POST', base, cronTab('late'));
    assert.equal(refused.status, 405, refused.body);
    assert.equal(refused.json<Obj>().message, 'create not allowed while custom resource definition is terminating');
    const term = (await request(s, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/crontabs.stable.example.com')).json<Obj>();
    assert.equal(term.status.conditions.find((x: Obj) => x.type === 'Terminating')?.status, 'True');
    // release the instance: the CRD goes, and so do its endpoints and discovery entries
    const p = await request(s, 'PATCH', `${base}/held`, { metadata: { finalizers: null } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(p.status, 200, p.body);
    await eventually('CRD gone', async () => (await request(s, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/crontabs.stable.example.com')).status === 404);
    await eventually('endpoint gone', async () => (await request(s, 'GET', base)).status === 404);
    const groups = (await request(s, 'GET', '/apis')).json<Obj>().groups.map((g: Obj) => g.name);
    assert.ok(!groups.includes('stable.example.com'));
    // a new CRD of the same name starts empty
    assert.equal((await request(s, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crontabCRD())).status, 201);
    await established(s, 'crontabs.stable.example.com');
    assert.equal((await request(s, 'GET', base)).json<Obj>().items.length, 0);
  });

  describe('a CRD with a schema, CEL rules, defaults, subresources and printer columns', () => {
    const widgets = '/apis/example.tskube.io/v1/namespaces/default/widgets';
    const widget = (name: string, spec: Obj): Obj => ({ apiVersion: 'example.tskube.io/v1', kind: 'Widget', metadata: { name }, spec });
    before(async () => {
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.tskube.io' },
        spec: {
          group: 'example.tskube.io',
          scope: 'Namespaced',
          names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
              additionalPrinterColumns: [
                { name: 'Color', type: 'string', jsonPath: '.spec.color' },
                { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
                { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
              ],
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  description: 'A Widget is a test object.',
                  properties: {
                    spec: {
                      type: 'object',
                      description: 'What the widget should look like.',
                      required: ['color'],
                      'x-kubernetes-validations': [
                        { rule: 'self.minReplicas <= self.replicas', message: 'replicas must not be below minReplicas' },
                        { rule: '!has(oldSelf.color) || self.color == oldSelf.color || self.color != "black"', message: 'cannot turn black' },
                      ],
                      properties: {
                        color: { type: 'string', enum: ['red', 'green', 'blue', 'black'], description: 'The color.' },
                        replicas: { type: 'integer', minimum: 0, default: 1 },
                        minReplicas: { type: 'integer', default: 0 },
                        size: { type: 'string', pattern: '^[0-9]+(cm|m)$' },
                        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
                      },
                    },
                    status: { type: 'object', properties: { replicas: { type: 'integer' } } },
                  },
                },
              },
            },
          ],
        },
      };
      const c = await request(s, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
      assert.equal(c.status, 201, c.body);
      await established(s, 'widgets.example.tskube.io');
    });

    it('applies defaults and prunes unknown fields (with a warning)', async () => {
      const r = await request(s, 'POST', widgets, widget('w1', { color: 'red', extra: 'x' }));
      assert.equal(r.status, 201, r.body);
      const o = r.json<Obj>();
      assert.deepEqual(o.spec, { color: 'red', replicas: 1, minReplicas: 0 });
      assert.match(String(r.headers.warning), /unknown field \\"spec\.extra\\"/);
      const strict = await request(s, 'POST', `${widgets}?fieldValidation=Strict`, widget('w9', { color: 'red', extra: 'x' }));
      assert.equal(strict.status, 400, strict.body);
      assert.match(strict.json<Obj>().message, /strict decoding error: unknown field "spec\.extra"/);
    });

    it('refuses invalid instances with upstream messages (schema and CEL), storing nothing', async () => {
      const cases: [Obj, RegExp][] = [
        [{ replicas: 1 }, /spec\.color: Required value/],
        [{ color: 'pink' }, /spec\.color: Unsupported value: "pink": supported values: "red", "green", "blue", "black"/],
        [{ color: 'red', replicas: -1, minReplicas: -5 }, /spec\.replicas: Invalid value: -1: spec\.replicas in body should be greater than or equal to 0/],
        [{ color: 'red', size: 'big' }, /spec\.size: Invalid value: "big": spec\.size in body should match '\^\[0-9\]\+\(cm\|m\)\$'/],
        [{ color: 'red', replicas: '3' }, /spec\.replicas: Invalid value: "string": spec\.replicas in body must be of type integer: "string"/],
        [{ color: 'red', replicas: 1, minReplicas: 2 }, /spec: Invalid value: "object": replicas must not be below minReplicas/],
        [{ color: 'red', tags: ['a', 'a'] }, /spec\.tags\[1\]: Duplicate value: "a"/],
      ];
      for (const [spec, re] of cases) {
        const r = await request(s, 'POST', widgets, widget('bad', spec));
        assert.equal(r.status, 422, `${JSON.stringify(spec)}: ${r.body}`);
        const st = r.json<Obj>();
        assert.equal(st.reason, 'Invalid');
        assert.match(st.message, re, JSON.stringify(spec));
        assert.match(st.message, /^Widget\.example\.tskube\.io "bad" is invalid: /);
      }
      assert.equal((await request(s, 'GET', `${widgets}/bad`)).status, 404);
    });

    it('evaluates transition rules against the old object', async () => {
      const cur = (await request(s, 'GET', `${widgets}/w1`)).json<Obj>();
      const black = await request(s, 'PUT', `${widgets}/w1`, { ...cur, spec: { ...cur.spec, color: 'black' } });
      assert.equal(black.status, 422, black.body);
      assert.match(black.json<Obj>().message, /spec: Invalid value: "object": cannot turn black/);
      const green = await request(s, 'PATCH', `${widgets}/w1`, { spec: { color: 'green' } }, { 'Content-Type': 'application/merge-patch+json' });
      assert.equal(green.status, 200, green.body);
    });

    it('kubectl get shows the printer columns; explain reads the published schema; scale works', async () => {
      const g = await kubectl(s, ['get', 'widgets']);
      assert.equal(g.code, 0, g.stderr);
      const [header, row] = g.stdout.trim().split('\n');
      assert.match(header, /^NAME\s+COLOR\s+REPLICAS\s+AGE$/);
      assert.match(row, /^w1\s+green\s+1\s+\d+s$/);
      const e = await kubectl(s, ['explain', 'widgets.spec']);
      assert.equal(e.code, 0, e.stderr);
      assert.match(e.stdout, /KIND:\s+Widget/);
      assert.match(e.stdout, /What the widget should look like\./);
      assert.match(e.stdout, /color\s+<string> -required-/);
      const em = await kubectl(s, ['explain', 'widgets.metadata']);
      assert.match(em.stdout, /FIELDS:[\s\S]*creationTimestamp\s+<string>/, em.stderr);
      const e2 = await kubectl(s, ['explain', 'widget.spec.color']);
      assert.match(e2.stdout, /The color\./, e2.stderr);
      const sc = await kubectl(s, ['scale', 'widget', 'w1', '--replicas=3']);
      assert.equal(sc.code, 0, sc.stderr);
      assert.equal((await request(s, 'GET', `${widgets}/w1`)).json<Obj>().spec.replicas, 3);
      const v2 = (await request(s, 'GET', '/openapi/v2')).json<Obj>();
      assert.ok(v2.definitions['io.tskube.example.v1.Widget'], 'the kind is in /openapi/v2');
      const v3 = (await request(s, 'GET', '/openapi/v3')).json<Obj>();
      assert.ok(v3.paths['apis/example.tskube.io/v1'], 'the group version is in /openapi/v3');
    });

    it('server-side apply on custom resources: ownership, conflicts, force (kubectl)', async () => {
      const manifest = (replicas: number) =>
        `apiVersion: example.tskube.io/v1\nkind: Widget\nmetadata:\n  name: applied\n  namespace: default\nspec:\n  color: blue\n  replicas: ${replicas}\n  tags: [a, b]\n`;
      const a = await kubectl(s, ['apply', '--server-side', '-f', '-'], { input: manifest(2) });
      assert.equal(a.code, 0, a.stderr);
      const other = await request(s, 'PATCH', `${widgets}/applied?fieldManager=other`, { spec: { replicas: 5 } }, { 'Content-Type': 'application/merge-patch+json' });
      assert.equal(other.status, 200, other.body);
      const c = await kubectl(s, ['apply', '--server-side', '-f', '-'], { input: manifest(3) });
      assert.notEqual(c.code, 0);
      assert.match(c.stderr, /Apply failed with 1 conflict: conflict with "other" using example\.tskube\.io\/v1: \.spec\.replicas/);
      const f = await kubectl(s, ['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: manifest(3) });
      assert.equal(f.code, 0, f.stderr);
      const o = (await request(s, 'GET', `${widgets}/applied`)).json<Obj>();
      assert.equal(o.spec.replicas, 3);
      const managers = o.metadata.managedFields.map((m: Obj) => `${m.manager}/${m.operation}`);
      assert.ok(managers.includes('kubectl/Apply'), managers.join(','));
      // a field the manager stops applying is removed
      const r = await kubectl(s, ['apply', '--server-side', '-f', '-'], { input: manifest(3).replace('  tags: [a, b]\n', '') });
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await request(s, 'GET', `${widgets}/applied`)).json<Obj>().spec.tags, undefined);
    });
  });

  it('serves the CRDs again after a restart', async () => {
    assert.equal((await request(s, 'POST', base, cronTab('persist'))).status, 201);
    await s.stop();
    s = await startTskube({ dataDir: s.dataDir });
    const g = await request(s, 'GET', `${base}/persist`);
    assert.equal(g.status, 200, g.body);
  });
});
