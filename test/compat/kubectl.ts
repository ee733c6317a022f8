// One kubectl binary against tskube: the commands of the compatibility matrix,
// each recorded as a check (pass/fail with the reason). A command passes when
// it exits 0, prints nothing unexpected on stderr (version skew warnings
// aside) and the server then holds what the command asked for.
import { spawn, execFileSync } from 'node:child_process';
import { kubectl, request, unexpectedStderr, type TskubeServer } from '../support/tskube.js';
import type { CheckResult } from './results.js';

const configmap = (name: string, data: Record<string, string>, labels: Record<string, string> = {}) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });

const deployment = (containers: { name: string; image: string }[]) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
${containers.map((c) => `      - name: ${c.name}\n        image: ${c.image}\n`).join('')}`;

/** `kubectl version --client` of a binary, e.g. v1.31.9 */
export function kubectlVersion(bin: string): string {
  const out = execFileSync(bin, ['version', '--client', '-o', 'json'], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } });
  return (JSON.parse(out) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion;
}

function oneLine(s: string, max = 600): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

export async function runKubectlChecks(server: TskubeServer, bin: string, ns: string): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const k = (args: string[], input?: string) => kubectl(server, ['-n', ns, ...args], { bin, input, timeoutMs: 30_000 });
  const json = async (path: string) => {
    const r = await request(server, 'GET', path);
    if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${oneLine(r.body)}`);
    return r.json<{ metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }; data?: Record<string, string>; spec?: any }>();
  };
  /** evidence for a failed command: the requests that got an error status when it runs again with -v=6 */
  const failedRequests = async (args: string[], input?: string) => {
    const r = await k([...args, '-v=6'], input);
    const bad = r.stderr
      .split('\n')
      .map((l) => /\] (GET|POST|PUT|PATCH|DELETE) https?:\/\/[^/]+(\S+) (\d{3}) /.exec(l))
      .filter((m): m is RegExpExecArray => !!m && Number(m[3]) >= 400)
      .map((m) => `${m[1]} ${m[2].replace(/[?&]timeout=\d+s$/, '')} -> ${m[3]}`);
    return bad.length ? ` [requests failing under -v=6: ${[...new Set(bad)].join(', ')}]` : '';
  };
  /** run a command; it must exit 0 with no unexpected stderr, then `verify` may look at the result */
  const step = async (name: string, args: string[], input?: string, verify?: (stdout: string) => Promise<void> | void) => {
    try {
      const r = await k(args, input);
      const stray = unexpectedStderr(r.stderr);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${oneLine(r.stderr || r.stdout)}${await failedRequests(args, input)}`);
      if (stray.length) throw new Error(`kubectl ${args.join(' ')} printed on stderr: ${oneLine(stray.join(' | '))}`);
      await verify?.(r.stdout);
      results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, error: oneLine((e as Error).message) });
    }
  };
  const expect = (cond: unknown, msg: string) => {
    if (!cond) throw new Error(msg);
  };

  const nsr = await request(server, 'POST', '/api/v1/namespaces', { metadata: { name: ns } });
  if (nsr.status !== 201) throw new Error(`creating namespace ${ns}: HTTP ${nsr.status} ${nsr.body}`);
  const cm = `/api/v1/namespaces/${ns}/configmaps`;

  await step('create', ['create', '-f', '-'], configmap('created', { a: '1' }), async () => {
    const o = await json(`${cm}/created`);
    expect(o.data?.a === '1', `created object has data ${JSON.stringify(o.data)}`);
  });
  // the commands below need the objects the commands above make; when one of
  // those failed, the object is made through the API instead, so each command
  // is judged on its own
  const ensure = async (path: string, collection: string, body: unknown) => {
    if ((await request(server, 'GET', path)).status === 404) await request(server, 'POST', collection, body);
  };
  await ensure(`${cm}/created`, cm, JSON.parse(configmap('created', { a: '1' })));
  await step('get-json', ['get', 'configmap', 'created', '-o', 'json'], undefined, (out) => {
    const o = JSON.parse(out) as { apiVersion?: string; kind?: string; metadata?: { name?: string; uid?: string }; data?: Record<string, string> };
    expect(o.apiVersion === 'v1' && o.kind === 'ConfigMap', `apiVersion/kind ${o.apiVersion}/${o.kind}`);
    expect(o.metadata?.name === 'created' && o.metadata.uid && o.data?.a === '1', `unexpected object ${oneLine(out, 300)}`);
  });
  await step('apply', ['apply', '-f', '-'], deployment([{ name: 'app', image: 'registry.example/app:1' }, { name: 'sidecar', image: 'registry.example/sidecar:1' }]), async (out) => {
    expect(/created/.test(out), `first apply printed ${oneLine(out)}`);
    const d = await json(`/apis/apps/v1/namespaces/${ns}/deployments/web`);
    expect(d.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], 'no last-applied-configuration annotation');
  });
  // the second apply is a three-way strategic merge patch that changes one
  // container and deletes the other
  await ensure(`/apis/apps/v1/namespaces/${ns}/deployments/web`, `/apis/apps/v1/namespaces/${ns}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }, { name: 'sidecar', image: 'registry.example/sidecar:1' }] } },
    },
  });
  await step('apply-again', ['apply', '-f', '-'], deployment([{ name: 'app', image: 'registry.example/app:2' }]), async (out) => {
    expect(/configured/.test(out), `second apply printed ${oneLine(out)}`);
    const d = await json(`/apis/apps/v1/namespaces/${ns}/deployments/web`);
    const images = (d.spec.template.spec.containers as { name: string; image: string }[]).map((c) => `${c.name}=${c.image}`);
    expect(images.join(',') === 'app=registry.example/app:2', `containers after the second apply: ${images.join(',')}`);
  });
  await step('apply-server-side', ['apply', '--server-side', '-f', '-'], configmap('applied', { k: '1' }), async () => {
    const o = await json(`${cm}/applied`);
    expect(o.data?.k === '1', `applied object has data ${JSON.stringify(o.data)}`);
  });
  await step('apply-server-side-again', ['apply', '--server-side', '-f', '-'], configmap('applied', { k: '2' }), async () => {
    const o = await json(`${cm}/applied`);
    expect(o.data?.k === '2', `applied object has data ${JSON.stringify(o.data)}`);
  });
  await ensure(`${cm}/applied`, cm, JSON.parse(configmap('applied', { k: '1' })));
  await step('patch-merge', ['patch', 'configmap', 'created', '--type=merge', '-p', '{"data":{"b":"2"}}'], undefined, async () => {
    const o = await json(`${cm}/created`);
    expect(o.data?.a === '1' && o.data?.b === '2', `patched object has data ${JSON.stringify(o.data)}`);
  });
  await step('label', ['label', 'configmap', 'created', 'tier=compat'], undefined, async () => {
    const o = await json(`${cm}/created`);
    expect(o.metadata.labels?.tier === 'compat', `labels ${JSON.stringify(o.metadata.labels)}`);
  });
  // get -w: the initial row, then a row for a change made while it watches
  try {
    let n = 0;
    await watchBriefly(server, bin, ns, async () => {
      const r = await request(server, 'PATCH', `${cm}/created`, { data: { w: String(++n) } }, { 'Content-Type': 'application/merge-patch+json' });
      if (r.status !== 200) throw new Error(`patching during the watch: HTTP ${r.status} ${oneLine(r.body)}`);
    });
    results.push({ name: 'get-watch', ok: true });
  } catch (e) {
    results.push({ name: 'get-watch', ok: false, error: oneLine((e as Error).message) });
  }
  await step('delete', ['delete', 'configmap', 'created', 'applied'], undefined, async () => {
    for (const n of ['created', 'applied']) {
      const r = await request(server, 'GET', `${cm}/${n}`);
      expect(r.status === 404, `GET ${n} after delete: HTTP ${r.status}`);
    }
  });
  await step('delete-f', ['delete', '-f', '-'], deployment([{ name: 'app', image: 'registry.example/app:2' }]), (out) => {
    expect(/deleted/.test(out), `delete -f printed ${oneLine(out)}`);
  });
  return results;
}

/** `kubectl get configmaps -w`: wait for the row of "created", change it, wait for a second row, stop kubectl */
function watchBriefly(server: TskubeServer, bin: string, ns: string, change: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-n', ns, 'get', 'configmaps', 'created', '-w', '--output-watch-events'], {
      env: { ...process.env, KUBECONFIG: server.kubeconfig, HOME: server.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let changed = false;
    let settled = false;
    let ticker: NodeJS.Timeout | undefined;
    const finish = (e?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(ticker);
      if (child.exitCode === null) child.kill('SIGTERM');
      if (e) reject(e);
      else resolve();
    };
    const timer = setTimeout(
      () => finish(new Error(`kubectl get -w: no ${changed ? 'MODIFIED row after the change' : 'initial row'} within 15s; stdout: ${oneLine(out)}; stderr: ${oneLine(err)}`)),
      15_000,
    );
    const rows = () => out.split('\n').filter((l) => /\bcreated\b/.test(l));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!changed && rows().length >= 1) {
        // the row comes from a GET; kubectl then opens its watch (from
        // resourceVersion 0, which starts with the current state), so a change
        // made in between shows as that first state: change it until a row
        // for a change appears
        changed = true;
        change().catch(finish);
        ticker = setInterval(() => change().catch(finish), 1000);
      }
      if (changed && rows().some((l) => /^MODIFIED\b/.test(l))) {
        const stray = unexpectedStderr(err);
        finish(stray.length ? new Error(`kubectl get -w printed on stderr: ${oneLine(stray.join(' | '))}`) : undefined);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => finish(e));
    child.on('exit', (code) => finish(new Error(`kubectl get -w exited ${code} early; stdout: ${oneLine(out)}; stderr: ${oneLine(err)}`)));
  });
}
