// Writes docs/conformance.md: the full v1.35.4 conformance list with the latest
// outcome of every test, merged from one or more conformance reports.
//
//   node dist/hack/conformance/docs.js --all FILE --report DIR/report.json [--report ...]
//        [--out docs/conformance.md]
//
// FILE lists every conformance test (`run.js --list-only` writes it as tests.txt).
// A test in several reports takes its outcome from the last report given. Tests in
// no report are "not run" with the reason from hack/conformance/not-run.txt
// (lines `REGEX<TAB>reason`, first match wins).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readTestList, sigOf, type TestOutcome } from './run.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Report {
  date: string;
  outcomes: TestOutcome[];
}

export interface NotRunRule {
  re: RegExp;
  reason: string;
}

export function readNotRunRules(path: string): NotRunRule[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [re, reason] = l.split('\t');
      return { re: new RegExp(re), reason: (reason ?? '').trim() };
    });
}

export interface Row {
  name: string;
  sig: string;
  outcome: TestOutcome['outcome'] | 'not run';
  note: string;
}

export function mergeOutcomes(all: string[], reports: Report[], rules: NotRunRule[]): Row[] {
  const latest = new Map<string, TestOutcome>();
  for (const r of reports) for (const o of r.outcomes) latest.set(o.name, o);
  return all.map((name) => {
    const o = latest.get(name);
    if (o && o.outcome !== 'skipped') return { name, sig: sigOf(name), outcome: o.outcome, note: o.outcome === 'failed' ? (o.failure ?? '') : '' };
    const rule = rules.find((r) => r.re.test(name));
    return { name, sig: sigOf(name), outcome: 'not run', note: rule?.reason ?? 'not selected in the latest run' };
  });
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

export function conformanceMarkdown(rows: Row[], meta: { date: string; commit: string }): string {
  const count = (k: Row['outcome'], rs = rows) => rs.filter((r) => r.outcome === k).length;
  const sigs = [...new Set(rows.map((r) => r.sig))].sort();
  const lines = [
    '# Conformance',
    '',
    `Upstream conformance suite of Kubernetes v1.35.4 (\`e2e.test\` built by \`make upstream\`) against \`tskube server\`,`,
    `as of ${meta.date}, commit ${meta.commit}. Regenerate with \`make conformance-docs\` after a run (see the end of this page).`,
    '',
    `**${rows.length} conformance tests: ${count('passed')} passed, ${count('failed')} failed, ${count('not run')} not run.**`,
    '',
    'A test that errored, timed out or panicked counts as failed. "Not run" tests were not selected in the',
    'runs this page is built from, with the reason given.',
    '',
    '| SIG | tests | passed | failed | not run |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...sigs.map((s) => {
      const rs = rows.filter((r) => r.sig === s);
      return `| ${s} | ${rs.length} | ${count('passed', rs)} | ${count('failed', rs)} | ${count('not run', rs)} |`;
    }),
    '',
    '`make test` runs every test of `hack/conformance/expected-pass.txt` against a fresh server',
    '(test/conformance/conformance.test.ts) and fails if one of them does not pass.',
    '',
    '## Every test',
    '',
    '| test | outcome | cause / note |',
    '| --- | --- | --- |',
    ...[...rows].sort((a, b) => a.name.localeCompare(b.name)).map((r) => `| ${cell(r.name.replace(/ \[Conformance\]$/, ''))} | ${r.outcome} | ${cell(r.note)} |`),
    '',
    '## How to reproduce',
    '',
    '```sh',
    'make upstream                                   # e2e.test and friends, cached under ~/.cache/tskube',
    "make conformance FOCUS='\\[sig-api-machinery\\].*Watchers'   # any subset; report in dist/conformance/",
    'make conformance TESTS=hack/conformance/expected-pass.txt    # the subset CI runs',
    'make conformance-docs REPORTS="dist/conformance/report.json"  # rewrite this page',
    '```',
    '',
  ];
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      all: { type: 'string' },
      report: { type: 'string', multiple: true, default: [] },
      out: { type: 'string', default: join(root, 'docs', 'conformance.md') },
      'not-run': { type: 'string', default: join(root, 'hack', 'conformance', 'not-run.txt') },
    },
  });
  if (!values.all) throw new Error('--all FILE is required (run.js --list-only writes it)');
  const all = readTestList(values.all);
  const reports = values.report!.map((p) => JSON.parse(readFileSync(p, 'utf8')) as Report);
  const rows = mergeOutcomes(all, reports, readNotRunRules(values['not-run']!));
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  const date = reports.map((r) => r.date.slice(0, 10)).sort().pop() ?? new Date().toISOString().slice(0, 10);
  writeFileSync(values.out!, conformanceMarkdown(rows, { date, commit }));
  process.stdout.write(`wrote ${values.out}: ${rows.length} tests\n`);
}
