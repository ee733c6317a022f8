// fieldValidation=Strict|Warn|Ignore on create, update and patch: unknown and
// duplicate fields give upstream's error or Warning header text, and a refused
// request stores nothing.
import { strict as assert } from 'node:assert';
import { startTskube, request, type TskubeServer } from '../support/tskube.js';

type Obj = Record<string, any>;

// the body of the FieldValidation conformance test for typed objects
const deploymentWithProblems = `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "my-dep", "labels": {"app": "nginx"}},
  "spec": {
    "unknownField": "foo",
    "replicas": 2,
    "replicas": 3,
    "selector": {"matchLabels": {"app": "nginx"}},
    "template": {"metadata": {"labels": {"app": "nginx"}}, "spec": {"containers": [{"name": "nginx", "image": "nginx:latest"}]}}
  }
}`;

const base = '/apis/apps/v1/namespaces/default/deployments';

describe('field validation', function () {
  this.timeout(60_000);
  let s: TskubeServer;
  before(async () => {
    s = await startTskube();
  });
  after(async () => s?.stop());

  it('Strict refuses unknown and duplicate fields with upstream text and stores nothing', async () => {
    const r = await request(s, 'POST', `${base}?fieldValidation=Strict`, deploymentWithProblems);
    assert.equal(r.status, 400, r.body);
    assert.equal(
      r.json<Obj>().message,
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.unknownField", duplicate field "spec.replicas"',
    );
    assert.equal((await request(s, 'GET', `${base}/my-dep`)).status, 404);
    const meta = await request(s, 'POST', `${base}?fieldValidation=Strict`, deploymentWithProblems.replace('"labels": {"app": "nginx"}},', '"unknownMeta": "foo", "labels": {"app": "nginx"}},').replace('"replicas": 3,', '').replace('"unknownField": "foo",', ''));
    assert.equal(meta.status, 400, meta.body);
    assert.match(meta.json<Obj>().message, /strict decoding error: unknown field "metadata\.unknownMeta"$/);
  });

  it('Warn (the default) stores the object and returns one Warning header per problem', async () => {
    const r = await request(s, 'POST', base, deploymentWithProblems);
    assert.equal(r.status, 201, r.body);
    const warnings = ([] as string[]).concat(r.headers.warning ?? []).join('\n');
    assert.match(warnings, /299 - "unknown field \\"spec\.unknownField\\""/);
    assert.match(warnings, /299 - "duplicate field \\"spec\.replicas\\""/);
    const d = r.json<Obj>();
    assert.equal(d.spec.replicas, 3, 'the last duplicate wins');
    assert.equal(d.spec.unknownField, undefined, 'unknown fields are dropped');
  });

  it('Ignore says nothing; update and patch are checked the same way', async () => {
    const cur = (await request(s, 'GET', `${base}/my-dep`)).json<Obj>();
    const text = JSON.stringify({ ...cur, spec: { ...cur.spec, bogus: 1 } });
    const ign = await request(s, 'PUT', `${base}/my-dep?fieldValidation=Ignore`, text);
    assert.equal(ign.status, 200, ign.body);
    assert.equal(ign.headers.warning, undefined);
    const strictPut = await request(s, 'PUT', `${base}/my-dep?fieldValidation=Strict`, JSON.stringify({ ...ign.json<Obj>(), spec: { ...cur.spec, bogus: 1 } }));
    assert.equal(strictPut.status, 400);
    assert.match(strictPut.json<Obj>().message, /strict decoding error: unknown field "spec\.bogus"/);
    const p = await request(s, 'PATCH', `${base}/my-dep?fieldValidation=Strict`, '{"spec":{"replicas":4,"replicas":5}}', { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(p.status, 400, p.body);
    assert.match(p.json<Obj>().message, /duplicate field "spec\.replicas"/);
    const pu = await request(s, 'PATCH', `${base}/my-dep?fieldValidation=Strict`, '{"spec":{"nope":1}}', { 'Content-Type': 'application/strategic-merge-patch+json' });
    assert.equal(pu.status, 400, pu.body);
    assert.match(pu.json<Obj>().message, /unknown field "spec\.nope"/);
    assert.equal((await request(s, 'GET', `${base}/my-dep`)).json<Obj>().spec.replicas, 3);
    const bad = await request(s, 'POST', `${base}?fieldValidation=Sometimes`, deploymentWithProblems);
    assert.equal(bad.status, 400);
    assert.equal(bad.json<Obj>().message, 'fieldValidation: Unsupported value: "Sometimes": supported values: "Ignore", "Strict", "Warn"');
  });

  it('YAML bodies: repeated keys are reported with their line', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\ndata:\n  a: "1"\n  a: "2"\n';
    const r = await request(s, 'POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', yaml, { 'Content-Type': 'application/yaml' });
    assert.equal(r.status, 400, r.body);
    assert.match(r.json<Obj>().message, /strict decoding error: yaml: unmarshal errors:\n {2}line 7: key "a" already set in map/);
    const w = await request(s, 'POST', '/api/v1/namespaces/default/configmaps', yaml, { 'Content-Type': 'application/yaml' });
    assert.equal(w.status, 201, w.body);
    assert.equal(w.json<Obj>().data.a, '2');
  });
});
