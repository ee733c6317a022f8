// Runs the upstream conformance suite (e2e.test built by hack/upstream) against
// a fresh `tskube server` and writes a per-test report.
//
//   node dist/hack/conformance/run.js [--focus RE] [--skip RE] [--out DIR]
//        [--expected FILE] [--list-only] [--etcd] [--timeout 2h]
//
// Report: OUT/report.json (every selected test: name, sig, outcome, first failure
// line, duration) and OUT/summary.md (counts by SIG). A test that errored counts
// as failed, never as skipped. With --expected FILE (one test name per line),
// the run fails when any listed test did not pass.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync, openSync, closeSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface TestOutcome {
  name: string;
  sig: string;
  outcome: 'passed' | 'failed' | 'skipped';
  failure?: string;
  seconds?: number;
}

interface GinkgoSpecReport {
  ContainerHierarchyTexts?: string[] | null;
  LeafNodeText?: string;
  LeafNodeType?: string;
  State?: string;
  Failure?: { Message?: string; ForwardedPanic?: string };
  RunTime?: number;
}

interface GinkgoReport {
  SpecReports?: GinkgoSpecReport[] | null;
}

export function specName(s: GinkgoSpecReport): string {
  return [...(s.ContainerHierarchyTexts ?? []), s.LeafNodeText ?? ''].filter(Boolean).join(' ');
}

/** test names from a file: one per line, # comments */
export function readTestList(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** a ginkgo focus matching exactly these full test names */
export function focusForNames(names: string[]): string {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // ginkgo matches against a text that does not start with the name: no anchors
  return names.map((n) => esc(n)).join('|');
}

export function sigOf(name: string): string {
  const m = /\[(sig-[a-z-]+)\]/.exec(name);
  return m ? m[1] : 'unknown';
}

/** Turn a ginkgo JSON report into outcomes (errors, panics, timeouts, interrupts are failures). */
export function outcomesFromReport(reports: GinkgoReport[]): TestOutcome[] {
  const out: TestOutcome[] = [];
  for (const r of reports) {
    for (const s of r.SpecReports ?? []) {
      if (s.LeafNodeType && s.LeafNodeType !== 'It') continue;
      const name = specName(s);
      const state = s.State ?? 'unknown';
      let outcome: TestOutcome['outcome'];
      if (state === 'passed') outcome = 'passed';
      else if (state === 'skipped' || state === 'pending') outcome = 'skipped';
      else outcome = 'failed';
      const o: TestOutcome = { name, sig: sigOf(name), outcome, seconds: s.RunTime ? Math.round(s.RunTime / 1e7) / 100 : undefined };
      if (outcome === 'failed') {
        const msg = s.Failure?.Message || s.Failure?.ForwardedPanic || state;
        // the first lines of the failure, joined (gomega's first line alone is often just "Expected")
        o.failure = msg
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .join(' ')
          .slice(0, 300);
      }
      out.push(o);
    }
  }
  return out;
}

export function summaryMarkdown(outcomes: TestOutcome[], title: string): string {
  const bySig = new Map<string, { total: number; passed: number; failed: number; skipped: number }>();
  for (const o of outcomes) {
    const e = bySig.get(o.sig) ?? { total: 0, passed: 0, failed: 0, skipped: 0 };
    e.total++;
    e[o.outcome]++;
    bySig.set(o.sig, e);
  }
  const tot = outcomes.length;
  const passed = outcomes.filter((o) => o.outcome === 'passed').length;
  const failed = outcomes.filter((o) => o.outcome === 'failed').length;
  const skipped = outcomes.filter((o) => o.outcome === 'skipped').length;
  const lines = [
    `# ${title}`,
    '',
    `${tot} tests: ${passed} passed, ${failed} failed, ${skipped} not run.`,
    '',
    '| SIG | tests | passed | failed | not run |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...[...bySig].sort(([a], [b]) => a.localeCompare(b)).map(([sig, e]) => `| ${sig} | ${e.total} | ${e.passed} | ${e.failed} | ${e.skipped} |`),
    '',
  ];
  const failures = outcomes.filter((o) => o.outcome === 'failed');
  if (failures.length) {
    lines.push('## Failed', '');
    for (const f of failures) lines.push(`- ${f.name}: ${(f.failure ?? '').replace(/\|/g, '\\|')}`);
    lines.push('');
  }
  return lines.join('\n');
}

function upstreamBinary(name: string): string {
  const out = execFileSync('bash', [join(root, 'hack', 'upstream', 'build.sh'), name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const path = out
    .trim()
    .split('\n')
    .filter((l) => l.endsWith(`/${name}`))
    .pop();
  if (!path || !existsSync(path)) throw new Error(`could not build ${name}: ${out}`);
  return path;
}

async function startServer(dataDir: string, etcd: boolean, logFile: string): Promise<{ kubeconfig: string; stop: () => Promise<void> }> {
  const args = [join(root, 'bin', 'tskube'), 'server', '--data-dir', dataDir, '--secure-port', '0', '--log-level', 'warn'];
  let stopEtcd: (() => Promise<void>) | undefined;
  if (etcd) {
    const { startEtcd } = await import('../../test/support/etcd.js');
    const e = await startEtcd();
    args.push('--etcd-servers', e.endpoints.join(','));
    stopEtcd = () => e.stop();
  }
  // the server's warnings and errors go to OUT/server.log, next to e2e.log
  const logFd = openSync(logFile, 'w');
  const proc = spawn(process.execPath, args, { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const kubeconfig = join(dataDir, 'admin.kubeconfig');
  const t0 = Date.now();
  while (!existsSync(kubeconfig)) {
    if (proc.exitCode !== null) throw new Error(`tskube exited with ${proc.exitCode}`);
    if (Date.now() - t0 > 60_000) throw new Error('tskube did not start within 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    kubeconfig,
    stop: async () => {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
      await stopEtcd?.();
    },
  };
}

function kubectlPath(): string {
  return execFileSync('bash', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
}

export interface RunOptions {
  focus: string;
  /** exactly these full test names (overrides focus) */
  tests?: string[];
  skip?: string;
  out: string;
  expected?: string;
  listOnly?: boolean;
  etcd?: boolean;
  timeout: string;
  /** ginkgo's random seed, to replay the order of an earlier run */
  seed?: string;
}

/** The conformance spec names selected by focus/skip, without running them. */
export function listTests(e2e: string, focus: string, skip: string | undefined, workDir: string): string[] {
  const report = join(workDir, 'dry-run.json');
  const args = ['--ginkgo.dry-run', `--ginkgo.focus=${focus}`, `--ginkgo.json-report=${report}`, '--ginkgo.no-color', '--kubeconfig=/dev/null', '--provider=skeleton'];
  if (skip) args.push(`--ginkgo.skip=${skip}`);
  try {
    execFileSync(e2e, args, { stdio: ['ignore', 'ignore', 'ignore'], timeout: 300_000 });
  } catch {
    /* a dry run exits non-zero in some versions; the report is what counts */
  }
  const reports = JSON.parse(readFileSync(report, 'utf8')) as GinkgoReport[];
  // a dry run reports the selected specs as passed and the others as skipped
  return outcomesFromReport(reports)
    .filter((o) => o.outcome !== 'skipped')
    .map((o) => o.name);
}

export async function run(o: RunOptions): Promise<{ outcomes: TestOutcome[]; ok: boolean }> {
  mkdirSync(o.out, { recursive: true });
  if (o.tests) {
    // an empty list would make an empty focus, which selects every test
    if (!o.tests.length) throw new Error('the list of tests is empty');
    o = { ...o, focus: focusForNames(o.tests) };
  }
  const e2e = upstreamBinary('e2e.test');
  const work = mkdtempSync(join(tmpdir(), 'tskube-conformance-'));
  try {
    const selected = listTests(e2e, o.focus, o.skip, work);
    if (o.listOnly) {
      writeFileSync(join(o.out, 'tests.txt'), selected.join('\n') + '\n');
      process.stdout.write(`${selected.length} tests selected\n`);
      return { outcomes: [], ok: true };
    }
    const server = await startServer(join(work, 'data'), Boolean(o.etcd), join(o.out, 'server.log'));
    const report = join(work, 'report.json');
    const args = [
      `--kubeconfig=${server.kubeconfig}`,
      '--provider=skeleton',
      `--ginkgo.focus=${o.focus}`,
      `--ginkgo.json-report=${report}`,
      `--ginkgo.timeout=${o.timeout}`,
      '--ginkgo.no-color',
      '--ginkgo.v',
      '--allowed-not-ready-nodes=-1',
      // no nodes yet: do not wait for schedulable ones
      '--num-nodes=0',
      '--kube-api-content-type=application/json',
      `--kubectl-path=${kubectlPath()}`,
      `--report-dir=${join(work, 'junit')}`,
    ];
    if (o.skip) args.push(`--ginkgo.skip=${o.skip}`);
    if (o.seed) args.push(`--ginkgo.seed=${o.seed}`);
    const log = join(o.out, 'e2e.log');
    const started = Date.now();
    // the log is written as the suite runs, so a long run can be followed with tail -f
    const logFd = openSync(log, 'w');
    const code = await new Promise<number | null>((resolveExit) => {
      const p = spawn(e2e, args, { stdio: ['ignore', logFd, logFd] });
      p.on('exit', (c) => resolveExit(c));
    });
    closeSync(logFd);
    await server.stop();
    process.stdout.write(`e2e.test exited with ${code} after ${Math.round((Date.now() - started) / 1000)} s\n`);
    const ran = existsSync(report) ? outcomesFromReport(JSON.parse(readFileSync(report, 'utf8')) as GinkgoReport[]) : [];
    const byName = new Map(ran.map((t) => [t.name, t]));
    // every selected test appears: one without a result (the run died) is a failure
    const outcomes: TestOutcome[] = selected.map(
      (name) => byName.get(name) ?? { name, sig: sigOf(name), outcome: 'failed', failure: `no result (e2e.test exited with ${code})` },
    );
    writeFileSync(join(o.out, 'report.json'), JSON.stringify({ date: new Date().toISOString(), focus: o.focus, skip: o.skip ?? '', seconds: Math.round((Date.now() - started) / 1000), outcomes }, null, 1));
    writeFileSync(join(o.out, 'summary.md'), summaryMarkdown(outcomes, 'Conformance run'));
    let ok = true;
    if (o.expected) {
      const want = readTestList(o.expected);
      const passed = new Set(outcomes.filter((t) => t.outcome === 'passed').map((t) => t.name));
      const regressed = want.filter((w) => !passed.has(w));
      if (regressed.length) {
        ok = false;
        process.stderr.write(`tests expected to pass did not:\n${regressed.map((r) => `  ${r}: ${byName.get(r)?.failure ?? 'not run'}`).join('\n')}\n`);
      }
    }
    const counts = (k: TestOutcome['outcome']) => outcomes.filter((t) => t.outcome === k).length;
    process.stdout.write(`conformance: ${outcomes.length} selected, ${counts('passed')} passed, ${counts('failed')} failed, ${counts('skipped')} not run; report in ${o.out}\n`);
    return { outcomes, ok };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      focus: { type: 'string', default: '\\[Conformance\\]' },
      skip: { type: 'string' },
      out: { type: 'string', default: join(root, 'dist', 'conformance') },
      expected: { type: 'string' },
      'list-only': { type: 'boolean', default: false },
      etcd: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '3h' },
      tests: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  // --tests FILE: exactly the named tests (one full name per line)
  if (values.tests) values.focus = focusForNames(readTestList(values.tests));
  run({
    focus: values.focus!,
    skip: values.skip,
    out: resolve(values.out!),
    expected: values.expected,
    listOnly: values['list-only'],
    etcd: values.etcd,
    timeout: values.timeout!,
    seed: values.seed,
  })
    .then((r) => process.exit(r.ok ? 0 : 1))
    .catch((e: unknown) => {
      process.stderr.write(`conformance: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    });
}
