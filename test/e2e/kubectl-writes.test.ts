// Stock kubectl's write commands against `tskube server` on both stores:
// patch of every type, replace, set image, scale, diff, --dry-run=server,
// rollout history annotations, and malformed patches that change nothing.
import { strict as assert } from 'node:assert';
import { startTskube, kubectl, unexpectedStderr, type TskubeServer } from '../support/tskube.js';
import { startEtcd, type EtcdCluster } from '../support/etcd.js';

type Obj = Record<string, any>;

const deployment = (name: string, image = 'nginx:1.27', extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: web
        image: ${image}
        env:
        - name: A
          value: "1"${extra}
      - name: side
        image: busybox:1.36
`;

for (const backend of ['embedded', 'etcd'] as const) {
  describe(`kubectl writes on the ${backend} store`, function () {
    this.timeout(120_000);
    let server: TskubeServer;
    let etcd: EtcdCluster | undefined;
    const ns = 'writes';

    const k = (args: string[], input?: string) => kubectl(server, ['-n', ns, ...args], { input });
    async function ok(args: string[], input?: string): Promise<string> {
      const r = await k(args, input);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
      assert.deepEqual(unexpectedStderr(r.stderr), [], `kubectl ${args.join(' ')} printed:\n${r.stderr}`);
      return r.stdout;
    }
    const getJson = async (what: string[]): Promise<Obj> => JSON.parse(await ok(['get', ...what, '-o', 'json'])) as Obj;

    before(async () => {
      if (backend === 'etcd') etcd = await startEtcd();
      server = await startTskube({ etcdServers: etcd?.endpoints });
      const r = await kubectl(server, ['create', 'namespace', ns]);
      assert.equal(r.code, 0, r.stderr);
    });
    after(async () => {
      await server?.stop();
      await etcd?.stop();
    });

    it('patch --type=strategic|merge|json', async () => {
      await ok(['apply', '-f', '-'], deployment('p'));
      // strategic: containers merge by name, env by name
      await ok(['patch', 'deployment', 'p', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"B","value":"2"}]}]}}}}']);
      let d = await getJson(['deployment', 'p']);
      assert.deepEqual(
        d.spec.template.spec.containers.map((c: Obj) => c.name),
        ['web', 'side'],
      );
      assert.deepEqual(
        d.spec.template.spec.containers[0].env.map((e: Obj) => e.name),
        ['B', 'A'],
      );
      // $patch: delete removes one container by its merge key
      await ok(['patch', 'deployment', 'p', '--type=strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}']);
      d = await getJson(['deployment', 'p']);
      assert.deepEqual(
        d.spec.template.spec.containers.map((c: Obj) => c.name),
        ['web'],
      );
      // merge: lists are replaced
      await ok(['patch', 'deployment', 'p', '--type=merge', '-p', '{"metadata":{"labels":{"x":"y"}},"spec":{"replicas":5}}']);
      d = await getJson(['deployment', 'p']);
      assert.equal(d.spec.replicas, 5);
      assert.equal(d.metadata.labels.x, 'y');
      // json: test + replace
      await ok(['patch', 'deployment', 'p', '--type=json', '-p', '[{"op":"test","path":"/spec/replicas","value":5},{"op":"replace","path":"/spec/replicas","value":1}]']);
      assert.equal((await getJson(['deployment', 'p'])).spec.replicas, 1);
      // a failing test operation changes nothing
      const before = await getJson(['deployment', 'p']);
      const bad = await k(['patch', 'deployment', 'p', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":9},{"op":"test","path":"/spec/replicas","value":5}]']);
      assert.notEqual(bad.code, 0);
      // upstream answers a failed test operation with a generic 422 (the JSON patch error is in details.causes)
      assert.match(bad.stderr, /The request is invalid: the server rejected our request due to an error in our request/);
      const after = await getJson(['deployment', 'p']);
      assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
    });

    it('malformed patches of each type are refused with a Status and change nothing', async () => {
      const before = await getJson(['deployment', 'p']);
      const cases: [string, string, RegExp][] = [
        ['strategic', '{"spec":', /unexpected end of JSON input|Unexpected end/i],
        ['merge', '[1,2]', /cannot unmarshal array/],
        ['json', '{"op":"add"}', /cannot unmarshal object|json: cannot unmarshal/],
        ['json', '[{"op":"frobnicate","path":"/x"}]', /The request is invalid: the server rejected our request/],
        ['strategic', '{"spec":{"replicas":"many"}}', /cannot unmarshal string|invalid type|must be of type/i],
        ['merge', '{"spec":{"replicas":-1}}', /must be greater than or equal to 0/],
      ];
      for (const [type, patch, re] of cases) {
        const r = await k(['patch', 'deployment', 'p', `--type=${type}`, '-p', patch]);
        assert.notEqual(r.code, 0, `${type} ${patch} was accepted`);
        assert.match(r.stderr, re, `${type} ${patch}: ${r.stderr}`);
      }
      const after = await getJson(['deployment', 'p']);
      assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
    });

    it('replace, set image, scale, and rollout history change-cause annotations', async () => {
      const d = await getJson(['deployment', 'p']);
      d.spec.template.spec.containers[0].image = 'nginx:1.28';
      delete d.metadata.resourceVersion;
      await ok(['replace', '-f', '-'], JSON.stringify(d));
      assert.equal((await getJson(['deployment', 'p'])).spec.template.spec.containers[0].image, 'nginx:1.28');
      // a uid in a replaced object is a precondition
      const wrongUid = { ...d, metadata: { ...d.metadata, uid: '00000000-0000-0000-0000-000000000000' } };
      const stale = await k(['replace', '-f', '-'], JSON.stringify(wrongUid));
      assert.notEqual(stale.code, 0);
      assert.match(stale.stderr, /Conflict.*Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000, UID in object meta: /);
      await ok(['set', 'image', 'deployment/p', 'web=nginx:1.29']);
      const after = await getJson(['deployment', 'p']);
      assert.equal(after.spec.template.spec.containers[0].image, 'nginx:1.29');
      assert.ok(after.metadata.generation > d.metadata.generation);
      await ok(['scale', 'deployment', 'p', '--replicas=3']);
      assert.equal((await getJson(['deployment', 'p'])).spec.replicas, 3);
      const scale = JSON.parse(await ok(['get', '--raw', `/apis/apps/v1/namespaces/${ns}/deployments/p/scale`])) as Obj;
      assert.equal(scale.spec.replicas, 3);
      await ok(['annotate', 'deployment', 'p', 'kubernetes.io/change-cause=set image to nginx:1.29']);
      assert.equal((await getJson(['deployment', 'p'])).metadata.annotations['kubernetes.io/change-cause'], 'set image to nginx:1.29');
      const hist = await ok(['rollout', 'history', 'deployment/p']);
      assert.match(hist, /deployment\.apps\/p/);
    });

    it('--dry-run=server on create, apply, patch, scale and delete stores nothing', async () => {
      const out = await ok(['create', 'configmap', 'dry', '--from-literal=a=b', '--dry-run=server', '-o', 'json']);
      const dry = JSON.parse(out) as Obj;
      assert.equal(dry.metadata.name, 'dry');
      assert.ok(dry.metadata.uid, 'the response is what would be stored');
      assert.equal((await k(['get', 'configmap', 'dry'])).code, 1);
      await ok(['apply', '--dry-run=server', '-f', '-'], deployment('dryapply'));
      assert.equal((await k(['get', 'deployment', 'dryapply'])).code, 1);
      const before = await getJson(['deployment', 'p']);
      const patched = JSON.parse(await ok(['patch', 'deployment', 'p', '--type=merge', '-p', '{"spec":{"replicas":7}}', '--dry-run=server', '-o', 'json'])) as Obj;
      assert.equal(patched.spec.replicas, 7);
      await ok(['scale', 'deployment', 'p', '--replicas=8', '--dry-run=server']);
      await ok(['delete', 'deployment', 'p', '--dry-run=server']);
      const after = await getJson(['deployment', 'p']);
      assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
      assert.equal(after.spec.replicas, before.spec.replicas);
    });

    it('apply --server-side: conflicts with another manager, --force-conflicts, removal, migration from client-side apply', async () => {
      await ok(['apply', '--server-side', '-f', '-'], deployment('ssa'));
      let d = await getJson(['deployment', 'ssa', '--show-managed-fields']);
      assert.ok(d.metadata.managedFields.some((m: Obj) => m.manager === 'kubectl' && m.operation === 'Apply'));
      await ok(['scale', 'deployment', 'ssa', '--replicas=5']);
      const conflict = await k(['apply', '--server-side', '-f', '-'], deployment('ssa').replace('replicas: 2', 'replicas: 3'));
      assert.notEqual(conflict.code, 0);
      assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: \.spec\.replicas/);
      assert.equal((await getJson(['deployment', 'ssa'])).spec.replicas, 5, 'a refused apply changes nothing');
      await ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], deployment('ssa').replace('replicas: 2', 'replicas: 3'));
      d = await getJson(['deployment', 'ssa', '--show-managed-fields']);
      assert.equal(d.spec.replicas, 3);
      assert.ok(!d.metadata.managedFields.some((m: Obj) => m.subresource === 'scale'), 'the scale manager lost its only field');
      // the sidecar container is no longer applied: it goes
      const withoutSide = deployment('ssa').replace('replicas: 2', 'replicas: 3').replace(/      - name: side\n        image: busybox:1.36\n/, '');
      await ok(['apply', '--server-side', '-f', '-'], withoutSide);
      d = await getJson(['deployment', 'ssa']);
      assert.deepEqual(
        d.spec.template.spec.containers.map((c: Obj) => c.name),
        ['web'],
      );
      // an object managed by client-side apply moves to server-side apply without conflicts
      await ok(['apply', '-f', '-'], deployment('csa'));
      await ok(['apply', '--server-side', '-f', '-'], deployment('csa', 'nginx:1.31'));
      assert.equal((await getJson(['deployment', 'csa'])).spec.template.spec.containers[0].image, 'nginx:1.31');
    });

    it('diff shows what apply would change, and nothing when in sync', async () => {
      await ok(['apply', '-f', '-'], deployment('d'));
      const same = await k(['diff', '-f', '-'], deployment('d'));
      assert.equal(same.code, 0, same.stderr + same.stdout);
      assert.equal(same.stdout.trim(), '');
      const changed = await k(['diff', '-f', '-'], deployment('d', 'nginx:1.30'));
      // kubectl diff exits 1 when there are differences
      assert.equal(changed.code, 1, changed.stderr);
      assert.match(changed.stdout, /-\s+image: nginx:1\.27/);
      assert.match(changed.stdout, /\+\s+image: nginx:1\.30/);
      assert.deepEqual(unexpectedStderr(changed.stderr), []);
      // diff stored nothing
      assert.equal((await getJson(['deployment', 'd'])).spec.template.spec.containers[0].image, 'nginx:1.27');
    });
  });
}
