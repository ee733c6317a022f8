// The client compatibility matrix: stock client libraries and kubectl 1.27 …
// 1.33 (and the one on the PATH) against one fresh `tskube server`.
//
//   client-go    test/compat/client-go (built by its build.sh into the cache)
//   python       test/compat/python/check.py (venv made by setup.sh in the cache)
//   client-node  test/compat/client-node.ts
//   kubectl      test/compat/kubectl.ts
//
// Every check must pass, except those listed in knownServerGaps below. With
// TSKUBE_WRITE_DOCS=1 the matrix is written to docs/compatibility.md.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTskube, kubectlPath, request, repoRoot, type TskubeServer } from '../support/tskube.js';
import { runKubectlChecks, kubectlVersion } from './kubectl.js';
import { parseChecks, renderMatrix, runProgram, type ClientResult } from './results.js';

/**
 * Checks that fail because tskube itself is incompatible (not the client), as
 * "<client>/<check>"; "*" in the client matches any text ("kubectl*"). They are
 * reported in the matrix but do not fail the suite. Remove an entry when the
 * server is fixed (the suite logs a note when a listed check passes).
 */
export const knownServerGaps: string[] = [];

function gapPattern(entry: string): { client: RegExp; check: string } {
  const i = entry.lastIndexOf('/');
  const client = entry.slice(0, i).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return { client: new RegExp(`^${client}$`), check: entry.slice(i + 1) };
}
const gapPatterns = knownServerGaps.map(gapPattern);
export function isKnownGap(client: string, check: string): boolean {
  return gapPatterns.some((g) => g.client.test(client) && g.check === check);
}

const compatDir = join(repoRoot, 'test', 'compat');
const kubectlVersions = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33'];

function goModVersion(mod: string): string {
  const m = new RegExp(`^\\s*${mod.replace(/\./g, '\\.')} (v\\S+)`, 'm').exec(readFileSync(join(compatDir, 'client-go', 'go.mod'), 'utf8'));
  return m ? m[1] : '?';
}

function pinned(pkg: string): string {
  const m = new RegExp(`^${pkg}==(\\S+)`, 'm').exec(readFileSync(join(compatDir, 'python', 'requirements.txt'), 'utf8'));
  return m ? m[1] : '?';
}

/** run a setup script that prints a path on its last stdout line */
function setupScript(script: string): { path: string; seconds: number } {
  const t0 = Date.now();
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 1_500_000 });
  const path = out.trim().split('\n').pop()!;
  return { path, seconds: (Date.now() - t0) / 1000 };
}

describe('client compatibility matrix', function () {
  this.timeout(300_000);
  let server: TskubeServer;
  let serverVersion = '?';
  const results: ClientResult[] = [];

  before(async () => {
    server = await startTskube();
    const v = await request(server, 'GET', '/version');
    serverVersion = v.json<{ gitVersion: string }>().gitVersion;
  });

  after(async () => {
    await server?.stop();
    const order = (c: string) => (c === 'client-go' ? 0 : c === 'python' ? 1 : c === 'client-node' ? 2 : c === 'kubectl (PATH)' ? 4 : 3);
    results.sort((a, b) => order(a.client) - order(b.client) || a.client.localeCompare(b.client, undefined, { numeric: true }));
    for (const r of results)
      for (const c of r.checks) if (c.ok && isKnownGap(r.client, c.name)) console.log(`      note: ${r.client}/${c.name} passes now; remove it from knownServerGaps`);
    if (process.env.TSKUBE_WRITE_DOCS === '1' && results.length) {
      writeFileSync(join(repoRoot, 'docs', 'compatibility.md'), renderMatrix(results, serverVersion, isKnownGap));
      console.log('      wrote docs/compatibility.md');
    }
  });

  /** record a client's results and fail on any check not listed as a known server gap */
  function verdict(r: ClientResult): void {
    results.push(r);
    const unexpected = r.checks.filter((c) => !c.ok && !isKnownGap(r.client, c.name));
    const gaps = r.checks.filter((c) => !c.ok && isKnownGap(r.client, c.name));
    const timing = [r.prepareSeconds !== undefined ? `prepare ${r.prepareSeconds.toFixed(1)}s` : '', r.runSeconds !== undefined ? `run ${r.runSeconds.toFixed(1)}s` : ''].filter(Boolean).join(', ');
    console.log(`      ${r.client} ${r.version}: ${r.checks.filter((c) => c.ok).length}/${r.checks.length} checks passed (${timing})`);
    if (gaps.length) console.log(`      ${r.client}: known server gaps failing: ${gaps.map((c) => c.name).join(', ')}`);
    assert.deepEqual(
      unexpected.map((c) => `${c.name}: ${c.error}`),
      [],
      `${r.client} ${r.version}: ${r.checks.filter((c) => c.ok).length}/${r.checks.length} checks passed`,
    );
  }

  it('client-go (typed clientset over protobuf and JSON, watch, patches, server-side apply, informer)', async function () {
    this.timeout(1_800_000); // a cold build compiles client-go
    const built = setupScript(join(compatDir, 'client-go', 'build.sh'));
    const t0 = Date.now();
    const r = await runProgram(built.path, ['--kubeconfig', server.kubeconfig, '--namespace', 'compat-client-go']);
    verdict({
      client: 'client-go',
      version: goModVersion('k8s.io/client-go'),
      checks: parseChecks(r.stdout, r.stderr, r.code),
      prepareSeconds: built.seconds,
      runSeconds: (Date.now() - t0) / 1000,
    });
  });

  it('Python kubernetes client (typed and dynamic clients, watch, patches, server-side apply)', async function () {
    this.timeout(1_800_000); // a cold venv downloads from PyPI
    const venv = setupScript(join(compatDir, 'python', 'setup.sh'));
    const t0 = Date.now();
    const r = await runProgram(venv.path, [join(compatDir, 'python', 'check.py'), '--kubeconfig', server.kubeconfig, '--namespace', 'compat-python']);
    verdict({
      client: 'python',
      version: `kubernetes ${pinned('kubernetes')}`,
      checks: parseChecks(r.stdout, r.stderr, r.code),
      prepareSeconds: venv.seconds,
      runSeconds: (Date.now() - t0) / 1000,
    });
  });

  it('@kubernetes/client-node (typed API, watch, patches, server-side apply, informer)', async () => {
    const script = join(repoRoot, 'dist', 'test', 'compat', 'client-node.js');
    assert.ok(existsSync(script), `${script} is missing: build with npx tsc -p tsconfig.json`);
    const version = (JSON.parse(readFileSync(join(repoRoot, 'node_modules', '@kubernetes', 'client-node', 'package.json'), 'utf8')) as { version: string }).version;
    const t0 = Date.now();
    const r = await runProgram(process.execPath, [script, '--kubeconfig', server.kubeconfig, '--namespace', 'compat-client-node']);
    verdict({ client: 'client-node', version, checks: parseChecks(r.stdout, r.stderr, r.code), runSeconds: (Date.now() - t0) / 1000 });
  });

  for (const v of [...kubectlVersions, undefined]) {
    const label = v ? `kubectl ${v}` : 'kubectl (PATH)';
    it(`${label}: create, get, apply, apply --server-side, patch, label, get -w, delete`, async function () {
      const bin = kubectlPath(v);
      if (v && !existsSync(bin)) return this.skip();
      const version = kubectlVersion(bin);
      const t0 = Date.now();
      const checks = await runKubectlChecks(server, bin, `compat-kubectl-${v ? v.replace('.', '-') : 'path'}`);
      verdict({ client: v ? `kubectl ${v}` : 'kubectl (PATH)', version, checks, runSeconds: (Date.now() - t0) / 1000 });
    });
  }
});
