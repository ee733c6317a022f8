// Stock kubectl against `tskube server`, on the embedded store and on etcd:
// the everyday commands a user runs, with no errors or warnings printed
// other than version skew.
import { strict as assert } from 'node:assert';
import { writeFileSync, chmodSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startTskube, kubectl, kubectlPath, unexpectedStderr, type TskubeServer } from '../support/tskube.js';
import { startEtcd, type EtcdCluster } from '../support/etcd.js';

const deployment = (name: string, image = 'nginx:1.27') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
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
        ports:
        - containerPort: 80
`;

const configmap = (name: string, value: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  labels:
    tier: backend
data:
  key: ${value}
`;

for (const backend of ['embedded', 'etcd'] as const) {
  for (const version of [undefined, '1.33']) {
    const bin = kubectlPath(version);
    describe(`kubectl ${version ?? '(PATH)'} on the ${backend} store`, function () {
      this.timeout(120_000);
      let server: TskubeServer;
      let etcd: EtcdCluster | undefined;
      let k: (args: string[], input?: string, env?: Record<string, string>) => Promise<{ code: number; stdout: string; stderr: string }>;
      const ns = 'e2e';

      before(async function () {
        if (backend === 'etcd') etcd = await startEtcd();
        server = await startTskube({ etcdServers: etcd?.endpoints });
        k = (args, input, env) => kubectl(server, args, { input, bin, env });
        const r = await k(['create', 'namespace', ns]);
        assert.equal(r.code, 0, r.stderr);
      });

      after(async () => {
        await server?.stop();
        await etcd?.stop();
      });

      async function ok(args: string[], input?: string, env?: Record<string, string>): Promise<string> {
        const r = await k(args, input, env);
        assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
        assert.deepEqual(unexpectedStderr(r.stderr), [], `kubectl ${args.join(' ')} printed:\n${r.stderr}`);
        return r.stdout;
      }

      it('version, cluster-info, api-versions and api-resources', async () => {
        const v = JSON.parse(await ok(['version', '-o', 'json'])) as { serverVersion: { gitVersion: string; major: string; minor: string } };
        assert.match(v.serverVersion.gitVersion, /^v1\.35\.4-tskube/);
        assert.equal(v.serverVersion.major, '1');
        assert.equal(v.serverVersion.minor, '35');
        assert.match(await ok(['cluster-info']), /Kubernetes control plane is running at https:\/\/127\.0\.0\.1:/);
        const versions = (await ok(['api-versions'])).split('\n');
        for (const gv of ['v1', 'apps/v1', 'batch/v1', 'autoscaling/v2', 'rbac.authorization.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1', 'resource.k8s.io/v1'])
          assert.ok(versions.includes(gv), `api-versions lacks ${gv}`);
        const res = await ok(['api-resources']);
        assert.match(res, /^pods\s+po\s+v1\s+true\s+Pod$/m);
        assert.match(res, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
        assert.match(res, /^customresourcedefinitions\s+crd,crds\s+apiextensions\.k8s\.io\/v1\s+false\s+CustomResourceDefinition$/m);
        const wide = await ok(['api-resources', '-o', 'wide', '--api-group=apps']);
        assert.match(wide, /deployments.*create,delete,deletecollection,get,list,patch,update,watch\s+all/);
      });

      it('explain', async () => {
        const out = await ok(['explain', 'deployment.spec.replicas']);
        assert.match(out, /KIND:\s+Deployment/);
        assert.match(out, /FIELD:\s+replicas/);
        const pods = await ok(['explain', 'pods.spec.containers.image']);
        assert.match(pods, /FIELD:\s+image/);
      });

      it('create, get in every output format, label and field selectors', async () => {
        await ok(['-n', ns, 'create', '-f', '-'], deployment('web'));
        await ok(['-n', ns, 'create', 'configmap', 'cm1', '--from-literal=a=1']);
        await ok(['-n', ns, 'apply', '-f', '-'], configmap('cm2', 'v1'));
        const table = await ok(['-n', ns, 'get', 'deployments']);
        assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
        assert.match(table, /^web\s+0\/2\s+0\s+0\s+\d+s$/m);
        const wide = await ok(['-n', ns, 'get', 'deploy', '-o', 'wide']);
        assert.match(wide, /CONTAINERS\s+IMAGES\s+SELECTOR/);
        assert.match(wide, /web\s+nginx:1\.27\s+app=web/);
        const asJson = JSON.parse(await ok(['-n', ns, 'get', 'deploy', 'web', '-o', 'json'])) as Record<string, any>;
        assert.equal(asJson.kind, 'Deployment');
        assert.equal(asJson.spec.strategy.type, 'RollingUpdate');
        assert.equal(asJson.metadata.generation, 1);
        assert.match(await ok(['-n', ns, 'get', 'deploy', 'web', '-o', 'yaml']), /^kind: Deployment$/m);
        assert.equal(await ok(['-n', ns, 'get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']), '2');
        // the root CA publisher adds kube-root-ca.crt to every namespace
        assert.equal((await ok(['-n', ns, 'get', 'cm', '-o', 'name'])).trim().split('\n').sort().join(','), 'configmap/cm1,configmap/cm2,configmap/kube-root-ca.crt');
        assert.match(await ok(['-n', ns, 'get', 'serviceaccounts']), /^default\s+\d+s$/m);
        const cols = await ok(['-n', ns, 'get', 'cm', '-o', 'custom-columns=NAME:.metadata.name,KEY:.data.key']);
        assert.match(cols, /^cm2\s+v1$/m);
        const sel = await ok(['-n', ns, 'get', 'cm', '-l', 'tier=backend', '-o', 'name']);
        assert.equal(sel.trim(), 'configmap/cm2');
        const fsel = await ok(['-n', ns, 'get', 'cm', '--field-selector', 'metadata.name=cm1', '-o', 'name']);
        assert.equal(fsel.trim(), 'configmap/cm1');
        const all = await ok(['get', 'cm', '-A']);
        assert.match(all, /^NAMESPACE\s+NAME\s+DATA\s+AGE$/m);
        assert.match(all, new RegExp(`^${ns}\\s+cm1\\s+1\\s+`, 'm'));
        const ns1 = await ok(['get', 'namespaces']);
        for (const n of ['default', 'kube-system', 'kube-public', 'kube-node-lease', ns]) assert.match(ns1, new RegExp(`^${n}\\s+Active\\s+`, 'm'));
        const svc = await ok(['get', 'svc', 'kubernetes']);
        assert.match(svc, /^kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+/m);
      });

      it('lists in chunks', async () => {
        for (let i = 0; i < 12; i++) await ok(['-n', ns, 'create', 'configmap', `chunk-${i}`, '--from-literal=x=y']);
        const out = await ok(['-n', ns, 'get', 'cm', '--chunk-size=5', '-o', 'name']);
        const names = out.trim().split('\n').filter((l) => l.startsWith('configmap/chunk-'));
        assert.equal(names.length, 12);
        const r = await k(['-n', ns, 'get', 'cm', '--chunk-size=5', '-o', 'name', '-v=6']);
        assert.match(r.stderr, /limit=5/);
        assert.match(r.stderr, /continue=/);
      });

      it('describe, label, annotate, edit', async () => {
        const d = await ok(['-n', ns, 'describe', 'deployment', 'web']);
        assert.match(d, /^Name:\s+web$/m);
        assert.match(d, /^Replicas:\s+2 desired/m);
        await ok(['-n', ns, 'label', 'cm', 'cm1', 'color=blue']);
        await ok(['-n', ns, 'annotate', 'cm', 'cm1', 'note=hello']);
        const cm = JSON.parse(await ok(['-n', ns, 'get', 'cm', 'cm1', '-o', 'json'])) as Record<string, any>;
        assert.equal(cm.metadata.labels.color, 'blue');
        assert.equal(cm.metadata.annotations.note, 'hello');
        await ok(['-n', ns, 'label', 'cm', 'cm1', 'color-']);
        const editor = join(mkdtempSync(join(tmpdir(), 'editor-')), 'edit.sh');
        writeFileSync(editor, `#!/bin/sh\nsed -i 's/^  a: "1"$/  a: "2"/; s/^  a: .1.$/  a: "2"/' "$1"\n`);
        chmodSync(editor, 0o755);
        await ok(['-n', ns, 'edit', 'cm', 'cm1'], undefined, { EDITOR: editor, KUBE_EDITOR: editor });
        const after = JSON.parse(await ok(['-n', ns, 'get', 'cm', 'cm1', '-o', 'json'])) as Record<string, any>;
        assert.equal(after.data.a, '2');
        assert.equal(after.metadata.labels?.color, undefined);
        // edit of a deployment goes through strategic merge patch
        const deditor = join(mkdtempSync(join(tmpdir(), 'editor-')), 'edit.sh');
        writeFileSync(deditor, `#!/bin/sh\nsed -i 's/image: nginx:1.27/image: nginx:1.28/' "$1"\n`);
        chmodSync(deditor, 0o755);
        await ok(['-n', ns, 'edit', 'deploy', 'web'], undefined, { EDITOR: deditor, KUBE_EDITOR: deditor });
        assert.equal(await ok(['-n', ns, 'get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), 'nginx:1.28');
        assert.equal(await ok(['-n', ns, 'get', 'deploy', 'web', '-o', 'jsonpath={.metadata.generation}']), '2');
      });

      it('apply (client-side) repeatedly, removing a field', async () => {
        await ok(['-n', ns, 'apply', '-f', '-'], deployment('applied'));
        const changed = deployment('applied', 'nginx:1.29').replace('  replicas: 2\n', '');
        const out = await ok(['-n', ns, 'apply', '-f', '-'], changed);
        assert.match(out, /deployment.apps\/applied configured/);
        const again = await ok(['-n', ns, 'apply', '-f', '-'], changed);
        assert.match(again, /deployment.apps\/applied unchanged/);
        const d = JSON.parse(await ok(['-n', ns, 'get', 'deploy', 'applied', '-o', 'json'])) as Record<string, any>;
        assert.equal(d.spec.template.spec.containers[0].image, 'nginx:1.29');
        assert.equal(d.spec.replicas, 1, 'removed replicas falls back to the default');
      });

      it('watch with -w and --watch-only', async () => {
        const watcher = k(['-n', ns, 'get', 'cm', '-w', '--request-timeout=6s']);
        const only = k(['-n', ns, 'get', 'cm', '--watch-only', '-o', 'name', '--request-timeout=6s']);
        await new Promise((r) => setTimeout(r, 1500));
        await ok(['-n', ns, 'create', 'configmap', 'watched', '--from-literal=a=b']);
        const [w, o] = await Promise.all([watcher, only]);
        assert.match(w.stdout, /^NAME\s+DATA\s+AGE$/m);
        assert.match(w.stdout, /^watched\s+1\s+/m);
        assert.match(w.stdout, /^cm1\s+/m);
        assert.match(o.stdout, /configmap\/watched/);
        assert.doesNotMatch(o.stdout, /configmap\/cm1/);
      });

      it('wait --for=jsonpath and --for=delete, delete --all and -l', async () => {
        await ok(['-n', ns, 'wait', '--for=jsonpath={.data.a}=2', 'cm/cm1', '--timeout=10s']);
        const waiting = k(['-n', ns, 'wait', '--for=delete', 'cm/watched', '--timeout=20s']);
        await new Promise((r) => setTimeout(r, 500));
        await ok(['-n', ns, 'delete', 'cm', 'watched']);
        const w = await waiting;
        assert.equal(w.code, 0, w.stderr);
        await ok(['-n', ns, 'delete', 'cm', '-l', 'tier=backend']);
        assert.doesNotMatch(await ok(['-n', ns, 'get', 'cm', '-o', 'name']), /cm2/);
        await ok(['-n', ns, 'delete', 'cm', '--all']);
        const left = await ok(['-n', ns, 'get', 'cm', '-o', 'name']);
        assert.doesNotMatch(left, /chunk-|cm1/);
      });
    });
  }
}
