// The wire protocol at the HTTP level: discovery, errors as metav1.Status,
// negotiation, list/watch semantics, bad input.
import { strict as assert } from 'node:assert';
import https from 'node:https';
import { startTskube, request, type TskubeServer } from '../support/tskube.js';

type Obj = Record<string, any>;

describe('API protocol', function () {
  this.timeout(60_000);
  let s: TskubeServer;
  before(async () => {
    // the API server alone: no controller adds objects behind the test's back
    s = await startTskube({ mode: 'apiserver', args: ['--default-watch-cache-size', '20'] });
  });
  after(async () => {
    await s?.stop();
  });

  const cm = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = { k: 'v' }) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels },
    data,
  });

  describe('health, version, authentication', () => {
    it('serves /livez /readyz /healthz and /version without credentials', async () => {
      for (const p of ['/livez', '/readyz', '/healthz']) {
        const r = await request(s, 'GET', p, undefined, {}, { anonymous: true });
        assert.equal(r.status, 200, p);
        assert.equal(r.body, 'ok');
      }
      const v = (await request(s, 'GET', '/version', undefined, {}, { anonymous: true })).json<Obj>();
      assert.equal(v.major, '1');
      assert.equal(v.minor, '35');
      assert.match(v.gitVersion, /^v1\.35\.4-tskube/);
      const verbose = await request(s, 'GET', '/readyz?verbose', undefined, {}, { anonymous: true });
      assert.match(verbose.body, /\[\+\]informer-sync ok/);
    });

    it('answers 401 with a Status to requests without credentials', async () => {
      const r = await request(s, 'GET', '/api/v1/namespaces', undefined, {}, { anonymous: true });
      assert.equal(r.status, 401);
      const st = r.json<Obj>();
      assert.equal(st.kind, 'Status');
      assert.equal(st.reason, 'Unauthorized');
      assert.equal(st.code, 401);
    });

    it('exposes Prometheus metrics', async () => {
      await request(s, 'GET', '/api/v1/namespaces');
      const r = await request(s, 'GET', '/metrics', undefined, { Accept: 'text/plain' });
      assert.equal(r.status, 200);
      assert.match(r.body, /apiserver_request_total\{verb="LIST",group="",version="v1",resource="namespaces"/);
      assert.match(r.body, /apiserver_request_duration_seconds_bucket/);
      assert.match(r.body, /tskube_storage_request_duration_seconds/);
    });
  });

  describe('discovery', () => {
    it('legacy /api, /apis, /apis/apps and /apis/apps/v1', async () => {
      const api = (await request(s, 'GET', '/api')).json<Obj>();
      assert.equal(api.kind, 'APIVersions');
      assert.deepEqual(api.versions, ['v1']);
      const apis = (await request(s, 'GET', '/apis')).json<Obj>();
      assert.equal(apis.kind, 'APIGroupList');
      const names = apis.groups.map((g: Obj) => g.name);
      assert.equal(names[0], 'apiregistration.k8s.io');
      assert.equal(names[1], 'apps');
      const autoscaling = apis.groups.find((g: Obj) => g.name === 'autoscaling');
      assert.equal(autoscaling.preferredVersion.version, 'v2');
      const apps = (await request(s, 'GET', '/apis/apps')).json<Obj>();
      assert.equal(apps.kind, 'APIGroup');
      const list = (await request(s, 'GET', '/apis/apps/v1')).json<Obj>();
      assert.equal(list.kind, 'APIResourceList');
      const dep = list.resources.find((r: Obj) => r.name === 'deployments');
      assert.deepEqual(dep.shortNames, ['deploy']);
      assert.deepEqual(dep.categories, ['all']);
      const scale = list.resources.find((r: Obj) => r.name === 'deployments/scale');
      assert.equal(scale.kind, 'Scale');
      assert.equal(scale.group, 'autoscaling');
      assert.equal((await request(s, 'GET', '/apis/nope.example.com/v1')).status, 404);
    });

    it('aggregated discovery v2 with ETag', async () => {
      const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
      const r = await request(s, 'GET', '/apis', undefined, { Accept: accept });
      assert.equal(r.status, 200);
      assert.match(String(r.headers['content-type']), /as=APIGroupDiscoveryList/);
      const doc = r.json<Obj>();
      assert.equal(doc.kind, 'APIGroupDiscoveryList');
      const apps = doc.items.find((i: Obj) => i.metadata.name === 'apps');
      const dep = apps.versions[0].resources.find((x: Obj) => x.resource === 'deployments');
      assert.equal(dep.scope, 'Namespaced');
      assert.deepEqual(dep.responseKind, { group: 'apps', version: 'v1', kind: 'Deployment' });
      assert.ok(dep.subresources.some((x: Obj) => x.subresource === 'scale'));
      const etag = String(r.headers.etag);
      const again = await request(s, 'GET', '/apis', undefined, { Accept: accept, 'If-None-Match': etag });
      assert.equal(again.status, 304);
      const core = (await request(s, 'GET', '/api', undefined, { Accept: accept })).json<Obj>();
      assert.ok(core.items[0].versions[0].resources.some((x: Obj) => x.resource === 'pods'));
    });

    it('OpenAPI v2 and v3', async () => {
      const v3 = (await request(s, 'GET', '/openapi/v3')).json<Obj>();
      const url = v3.paths['apis/apps/v1'].serverRelativeURL as string;
      assert.match(url, /^\/openapi\/v3\/apis\/apps\/v1\?hash=/);
      const doc = await request(s, 'GET', url);
      assert.equal(doc.status, 200);
      assert.match(String(doc.headers['cache-control']), /immutable/);
      const schemas = doc.json<Obj>().components.schemas;
      assert.ok(schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']);
      const stale = await request(s, 'GET', '/openapi/v3/apis/apps/v1?hash=0000');
      assert.equal(stale.status, 301);
      const v2 = (await request(s, 'GET', '/openapi/v2')).json<Obj>();
      assert.equal(v2.swagger, '2.0');
      assert.ok(v2.definitions['io.k8s.api.core.v1.Pod']);
      assert.ok(!Object.keys(v2.paths).some((p) => p.includes('/v1beta1/')), 'no disabled versions');
    });
  });

  describe('CRUD and errors', () => {
    it('creates, gets, updates with conflict detection, deletes', async () => {
      const c = await request(s, 'POST', '/api/v1/namespaces/default/configmaps', cm('crud'));
      assert.equal(c.status, 201);
      const created = c.json<Obj>();
      assert.ok(created.metadata.uid);
      assert.ok(created.metadata.resourceVersion);
      assert.match(created.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const dup = await request(s, 'POST', '/api/v1/namespaces/default/configmaps', cm('crud'));
      assert.equal(dup.status, 409);
      assert.equal(dup.json<Obj>().reason, 'AlreadyExists');
      assert.equal(dup.json<Obj>().message, 'configmaps "crud" already exists');
      const upd = { ...created, data: { k: 'v2' } };
      const u = await request(s, 'PUT', '/api/v1/namespaces/default/configmaps/crud', upd);
      assert.equal(u.status, 200);
      assert.notEqual(u.json<Obj>().metadata.resourceVersion, created.metadata.resourceVersion);
      const stale = await request(s, 'PUT', '/api/v1/namespaces/default/configmaps/crud', upd);
      assert.equal(stale.status, 409);
      assert.equal(stale.json<Obj>().reason, 'Conflict');
      const merge = await request(s, 'PATCH', '/api/v1/namespaces/default/configmaps/crud', { data: { extra: 'x' } }, { 'Content-Type': 'application/merge-patch+json' });
      assert.equal(merge.status, 200);
      assert.deepEqual(merge.json<Obj>().data, { k: 'v2', extra: 'x' });
      const g = await request(s, 'GET', '/api/v1/namespaces/default/configmaps/crud');
      assert.equal(g.json<Obj>().data.extra, 'x');
      const d = await request(s, 'DELETE', '/api/v1/namespaces/default/configmaps/crud');
      assert.equal(d.status, 200);
      assert.equal(d.json<Obj>().status, 'Success');
      const nf = await request(s, 'GET', '/api/v1/namespaces/default/configmaps/crud');
      assert.equal(nf.status, 404);
      assert.deepEqual(nf.json<Obj>().details, { name: 'crud', kind: 'configmaps' });
    });

    it('drops unknown fields with a warning (fieldValidation=Warn)', async () => {
      const r = await request(s, 'POST', '/api/v1/namespaces/default/configmaps', { ...cm('unknownfield'), bogus: 1 });
      assert.equal(r.status, 201);
      assert.equal(r.json<Obj>().bogus, undefined);
      assert.match(String(r.headers.warning), /299 - "unknown field \\"bogus\\""/);
      await request(s, 'DELETE', '/api/v1/namespaces/default/configmaps/unknownfield');
    });

    it('generateName', async () => {
      const r = await request(s, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } });
      assert.equal(r.status, 201);
      assert.match(r.json<Obj>().metadata.name, /^gen-[a-z0-9]{5}$/);
    });

    it('rejects bad input with a Status and stores nothing', async () => {
      const before = (await request(s, 'GET', '/api/v1/namespaces/default/configmaps')).json<Obj>().items.length;
      const cases: [string, string, unknown, Record<string, string>, number, string][] = [
        ['invalid JSON', 'POST', '{"apiVersion": "v1",', {}, 400, 'BadRequest'],
        ['invalid YAML', 'POST', 'a: [b', { 'Content-Type': 'application/yaml' }, 400, 'BadRequest'],
        ['wrong kind', 'POST', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }, {}, 400, 'BadRequest'],
        ['wrong apiVersion', 'POST', { apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } }, {}, 400, 'BadRequest'],
        ['namespace mismatch', 'POST', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'other' } }, {}, 400, 'BadRequest'],
        ['invalid name', 'POST', cm('Bad_Name'), {}, 422, 'Invalid'],
        ['invalid label', 'POST', cm('okname', { 'bad key!': 'v' }), {}, 422, 'Invalid'],
        ['unsupported media type', 'POST', 'x', { 'Content-Type': 'text/plain' }, 415, 'UnsupportedMediaType'],
        ['deeply nested', 'POST', '['.repeat(100_000) + ']'.repeat(100_000), {}, 400, 'BadRequest'],
      ];
      for (const [what, method, body, headers, code, reason] of cases) {
        const r = await request(s, method, '/api/v1/namespaces/default/configmaps', body, headers);
        assert.equal(r.status, code, `${what}: ${r.body}`);
        const st = r.json<Obj>();
        assert.equal(st.kind, 'Status', what);
        assert.equal(st.reason, reason, what);
      }
      const inv = await request(s, 'POST', '/api/v1/namespaces/default/configmaps', cm('Bad_Name'));
      assert.equal(inv.json<Obj>().details.causes[0].field, 'metadata.name');
      const big = await request(s, 'POST', '/api/v1/namespaces/default/configmaps', cm('big', {}, { k: 'x'.repeat(4 * 1024 * 1024) }));
      assert.equal(big.status, 413);
      assert.equal(big.json<Obj>().reason, 'RequestEntityTooLarge');
      const huge = await request(s, 'POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'arr' }, x: new Array(300_000).fill(1) });
      assert.equal(huge.status, 400, huge.body.slice(0, 200));
      assert.match(huge.json<Obj>().message, /strict decoding error: unknown field "x"/);
      const typeErr = await request(s, 'POST', '/apis/apps/v1/namespaces/default/deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 'two' } });
      assert.equal(typeErr.status, 400);
      assert.match(typeErr.json<Obj>().message, /cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32/);
      assert.equal((await request(s, 'GET', '/api/v1/namespaces/default/configmaps')).json<Obj>().items.length, before);
      assert.equal((await request(s, 'GET', '/api/v1/namespaces/default/nothings')).status, 404);
      assert.equal((await request(s, 'GET', '/apis/apps/v1/namespaces/default/deployments?watch=true&bogus=1')).status, 400);
      assert.equal((await request(s, 'GET', '/api/v1/namespaces/default/configmaps?labelSelector=a%20in%20(')).status, 400);
      assert.equal((await request(s, 'GET', '/api/v1/namespaces/default/configmaps?fieldSelector=spec.x%3Dy')).status, 400);
      assert.equal((await request(s, 'GET', '/api/v1/namespaces/default/configmaps', undefined, { Accept: 'application/vnd.kubernetes.protobuf;as=Table' })).status, 406);
      assert.equal((await request(s, 'GET', '/api/v1/namespaces/default/configmaps', undefined, { Accept: 'application/json;as=Table;v=v9;g=meta.k8s.io' })).status, 406);
    });
  });

  describe('Table and PartialObjectMetadata', () => {
    it('returns a Table with columns and rows', async () => {
      await request(s, 'POST', '/api/v1/namespaces/default/configmaps', cm('tbl', { t: '1' }));
      const r = await request(s, 'GET', '/api/v1/namespaces/default/configmaps?labelSelector=t%3D1&includeObject=Object', undefined, {
        Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      });
      assert.equal(r.status, 200);
      const t = r.json<Obj>();
      assert.equal(t.kind, 'Table');
      assert.deepEqual(
        t.columnDefinitions.map((c: Obj) => c.name),
        ['Name', 'Data', 'Age'],
      );
      assert.equal(t.rows.length, 1);
      assert.equal(t.rows[0].cells[0], 'tbl');
      assert.equal(t.rows[0].object.kind, 'ConfigMap');
      const pom = await request(s, 'GET', '/api/v1/namespaces/default/configmaps/tbl', undefined, { Accept: 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io' });
      assert.equal(pom.json<Obj>().kind, 'PartialObjectMetadata');
      assert.equal(pom.json<Obj>().metadata.name, 'tbl');
      assert.equal(pom.json<Obj>().data, undefined);
      const poml = await request(s, 'GET', '/api/v1/namespaces/default/configmaps', undefined, { Accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io' });
      assert.equal(poml.json<Obj>().kind, 'PartialObjectMetadataList');
    });
  });

  describe('list semantics', () => {
    before(async () => {
      await request(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pages' } });
      for (let i = 0; i < 25; i++) await request(s, 'POST', '/api/v1/namespaces/pages/configmaps', cm(`p${String(i).padStart(2, '0')}`, { even: String(i % 2 === 0) }));
    });

    it('paginates with limit/continue over a consistent snapshot', async () => {
      const first = (await request(s, 'GET', '/api/v1/namespaces/pages/configmaps?limit=10')).json<Obj>();
      assert.equal(first.items.length, 10);
      assert.ok(first.metadata.continue);
      assert.equal(first.metadata.remainingItemCount, 15);
      // a write between pages is not seen by the continuation
      await request(s, 'POST', '/api/v1/namespaces/pages/configmaps', cm('p99'));
      const second = (await request(s, 'GET', `/api/v1/namespaces/pages/configmaps?limit=10&continue=${encodeURIComponent(first.metadata.continue)}`)).json<Obj>();
      const third = (await request(s, 'GET', `/api/v1/namespaces/pages/configmaps?limit=10&continue=${encodeURIComponent(second.metadata.continue)}`)).json<Obj>();
      const names = [...first.items, ...second.items, ...third.items].map((i: Obj) => i.metadata.name);
      assert.equal(names.length, 25);
      assert.ok(!names.includes('p99'));
      assert.equal(third.metadata.continue, undefined);
      assert.equal(second.metadata.resourceVersion, first.metadata.resourceVersion);
      const sel = (await request(s, 'GET', '/api/v1/namespaces/pages/configmaps?limit=5&labelSelector=even%3Dtrue')).json<Obj>();
      assert.equal(sel.items.length, 5);
      assert.ok(sel.items.every((i: Obj) => i.metadata.labels.even === 'true'));
      const bad = await request(s, 'GET', '/api/v1/namespaces/pages/configmaps?limit=5&continue=garbage');
      assert.equal(bad.status, 400);
    });

    it('honours resourceVersion semantics', async () => {
      const l = (await request(s, 'GET', '/api/v1/namespaces/pages/configmaps')).json<Obj>();
      const rv = l.metadata.resourceVersion;
      const zero = (await request(s, 'GET', '/api/v1/namespaces/pages/configmaps?resourceVersion=0')).json<Obj>();
      assert.equal(zero.items.length, l.items.length);
      const exact = await request(s, 'GET', `/api/v1/namespaces/pages/configmaps?resourceVersion=${rv}&resourceVersionMatch=Exact`);
      assert.equal(exact.status, 200);
      assert.equal(exact.json<Obj>().metadata.resourceVersion, rv);
      const notOlder = await request(s, 'GET', `/api/v1/namespaces/pages/configmaps?resourceVersion=${rv}&resourceVersionMatch=NotOlderThan`);
      assert.equal(notOlder.status, 200);
      const future = await request(s, 'GET', `/api/v1/namespaces/pages/configmaps?resourceVersion=${Number(rv) + 100000}`);
      assert.equal(future.status, 504);
      const bad = await request(s, 'GET', '/api/v1/namespaces/pages/configmaps?resourceVersionMatch=Exact');
      assert.equal(bad.status, 422);
      const all = (await request(s, 'GET', '/api/v1/configmaps')).json<Obj>();
      assert.ok(all.items.some((i: Obj) => i.metadata.namespace === 'pages'));
      assert.ok(all.items.some((i: Obj) => i.metadata.namespace === 'default'));
    });
  });

  describe('watch', () => {
    function watch(path: string, onLine: (ev: Obj) => boolean | void): Promise<Obj[]> {
      return new Promise((resolve, reject) => {
        const events: Obj[] = [];
        const req = https.request({ host: '127.0.0.1', port: s.port, path, agent: s.agent(), headers: { Accept: 'application/json' } }, (res) => {
          if (res.statusCode !== 200) {
            let b = '';
            res.on('data', (c) => (b += c));
            res.on('end', () => reject(Object.assign(new Error(`status ${res.statusCode}: ${b}`), { status: res.statusCode, body: b })));
            return;
          }
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString();
            let i;
            while ((i = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, i);
              buf = buf.slice(i + 1);
              if (!line.trim()) continue;
              const ev = JSON.parse(line) as Obj;
              events.push(ev);
              if (onLine(ev) === true) {
                req.destroy();
                resolve(events);
              }
            }
          });
          res.on('end', () => resolve(events));
        });
        req.on('error', (e) => {
          if ((e as NodeJS.ErrnoException).code === 'ECONNRESET') resolve(events);
          else reject(e);
        });
        req.end();
      });
    }

    it('streams ADDED/MODIFIED/DELETED from a resourceVersion', async () => {
      await request(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'w1' } });
      const rv = (await request(s, 'GET', '/api/v1/namespaces/w1/configmaps')).json<Obj>().metadata.resourceVersion;
      const done = watch(`/api/v1/namespaces/w1/configmaps?watch=true&resourceVersion=${rv}`, (ev) => ev.type === 'DELETED');
      const c = (await request(s, 'POST', '/api/v1/namespaces/w1/configmaps', cm('a'))).json<Obj>();
      await request(s, 'PUT', '/api/v1/namespaces/w1/configmaps/a', { ...c, data: { k: 'changed' } });
      await request(s, 'DELETE', '/api/v1/namespaces/w1/configmaps/a');
      const events = await done;
      assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
      assert.equal(events[1].object.data.k, 'changed');
      const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
      assert.ok(rvs[0] < rvs[1] && rvs[1] < rvs[2]);
    });

    it('replays history for an old resourceVersion and filters by label (moving objects in and out)', async () => {
      await request(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'w2' } });
      const rv = (await request(s, 'GET', '/api/v1/namespaces/w2/configmaps')).json<Obj>().metadata.resourceVersion;
      const a = (await request(s, 'POST', '/api/v1/namespaces/w2/configmaps', cm('a', { sel: 'yes' }))).json<Obj>();
      await request(s, 'POST', '/api/v1/namespaces/w2/configmaps', cm('b', { sel: 'no' }));
      const moved = (await request(s, 'PUT', '/api/v1/namespaces/w2/configmaps/a', { ...a, metadata: { ...a.metadata, labels: { sel: 'no' } } })).json<Obj>();
      void moved;
      const events = await watch(`/api/v1/namespaces/w2/configmaps?watch=true&resourceVersion=${rv}&labelSelector=sel%3Dyes`, (ev) => ev.type === 'DELETED');
      assert.deepEqual(events.map((e) => [e.type, e.object.metadata.name]), [
        ['ADDED', 'a'],
        ['DELETED', 'a'],
      ]);
    });

    it('delivers every event to a watcher that reads slowly (backpressure, no loss)', async () => {
      await request(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'slow' } });
      const rv = (await request(s, 'GET', '/api/v1/namespaces/slow/configmaps')).json<Obj>().metadata.resourceVersion;
      const n = 300;
      let count = 0;
      let opened: () => void = () => undefined;
      // the server answers once the watch is registered: writes start only then
      // (its watch cache keeps 20 events here, so a watch that started late would get 410)
      const open = new Promise<void>((r) => (opened = r));
      const got = new Promise<number>((resolve, reject) => {
        const req = https.request(
          { host: '127.0.0.1', port: s.port, path: `/api/v1/namespaces/slow/configmaps?watch=true&resourceVersion=${rv}`, agent: s.agent() },
          (res) => {
            if (res.statusCode !== 200) reject(new Error(`watch answered ${res.statusCode}`));
            opened();
            // read nothing for a while: the server's socket buffer fills up
            res.pause();
            setTimeout(() => res.resume(), 1500);
            let buf = '';
            res.on('data', (c: Buffer) => {
              buf += c.toString();
              let i;
              while ((i = buf.indexOf('\n')) >= 0) {
                buf = buf.slice(i + 1);
                if (++count === n) {
                  req.destroy();
                  resolve(count);
                }
              }
            });
            // a stream the server ends early is a failure, not a hang
            res.on('end', () => resolve(count));
          },
        );
        req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve(count) : reject(e)));
        req.end();
      });
      await Promise.race([open, got]);
      const big = 'x'.repeat(4000);
      // writes in waves below the server's in-flight limit, so none is refused with 429
      const codes: number[] = [];
      for (let i = 0; i < n; i += 50) {
        const wave = Array.from({ length: Math.min(50, n - i) }, (_, j) => request(s, 'POST', '/api/v1/namespaces/slow/configmaps', cm(`s${i + j}`, {}, { big })));
        for (const r of await Promise.all(wave)) codes.push(r.status);
      }
      assert.deepEqual(codes.filter((c) => c !== 201), []);
      assert.equal(await got, n);
    });

    it('sends initial events and the initial-events-end bookmark (watch-list)', async () => {
      await request(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'w3' } });
      await request(s, 'POST', '/api/v1/namespaces/w3/configmaps', cm('one'));
      await request(s, 'POST', '/api/v1/namespaces/w3/configmaps', cm('two'));
      const events = await watch('/api/v1/namespaces/w3/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true', (ev) => ev.type === 'BOOKMARK');
      assert.deepEqual(events.map((e) => e.type), ['ADDED', 'ADDED', 'BOOKMARK']);
      assert.equal(events[2].object.metadata.annotations['k8s.io/initial-events-end'], 'true');
      const bad = await request(s, 'GET', '/api/v1/namespaces/w3/configmaps?watch=true&sendInitialEvents=true');
      assert.equal(bad.status, 422);
    });

    it('ends at timeoutSeconds and refuses a too old resourceVersion with 410', async () => {
      const t0 = Date.now();
      await watch('/api/v1/namespaces/w1/configmaps?watch=true&timeoutSeconds=1', () => false);
      assert.ok(Date.now() - t0 < 5000);
      for (let i = 0; i < 25; i++) await request(s, 'POST', '/api/v1/namespaces/w1/configmaps', cm(`old-${i}`));
      const r = await request(s, 'GET', '/api/v1/namespaces/w1/configmaps?watch=true&resourceVersion=1');
      assert.equal(r.status, 410);
      assert.equal(r.json<Obj>().reason, 'Expired');
    });

    it('watches a Table (kubectl get -w) with column definitions only in the first event', async () => {
      await request(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'w4' } });
      await request(s, 'POST', '/api/v1/namespaces/w4/configmaps', cm('x'));
      const done = new Promise<Obj[]>((resolve, reject) => {
        const events: Obj[] = [];
        const req = https.request(
          {
            host: '127.0.0.1',
            port: s.port,
            path: '/api/v1/namespaces/w4/configmaps?watch=true',
            agent: s.agent(),
            headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
          },
          (res) => {
            let buf = '';
            res.on('data', (c: Buffer) => {
              buf += c.toString();
              const lines = buf.split('\n');
              buf = lines.pop()!;
              for (const l of lines) if (l.trim()) events.push(JSON.parse(l) as Obj);
              if (events.length >= 2) {
                req.destroy();
                resolve(events);
              }
            });
          },
        );
        req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve(events) : reject(e)));
        req.end();
      });
      await new Promise((r) => setTimeout(r, 300));
      await request(s, 'POST', '/api/v1/namespaces/w4/configmaps', cm('y'));
      const events = await done;
      assert.equal(events[0].object.kind, 'Table');
      assert.ok(events[0].object.columnDefinitions.length > 0);
      assert.equal(events[1].object.columnDefinitions.length, 0);
      assert.equal(events[1].object.rows[0].cells[0], 'y');
    });
  });
});
