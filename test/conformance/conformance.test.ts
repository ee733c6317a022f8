// The conformance subset CI runs: every test in hack/conformance/expected-pass.txt
// runs against a fresh `tskube server` through the upstream e2e.test, and each must
// pass. The first run on a machine builds e2e.test from the pinned module (about
// 10-15 minutes on two cores); later runs reuse the cached binary.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTestList, run } from '../../hack/conformance/run.js';
import { repoRoot } from '../support/tskube.js';

describe('upstream conformance subset (e2e.test v1.35.4)', function () {
  // the cold build of e2e.test dominates the first run
  this.timeout(60 * 60_000);
  const expected = join(repoRoot, 'hack', 'conformance', 'expected-pass.txt');
  let out: string;

  before(() => {
    out = mkdtempSync(join(tmpdir(), 'tskube-conformance-ci-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('passes every test listed in hack/conformance/expected-pass.txt', async () => {
    const want = readTestList(expected);
    assert.ok(want.length >= 40, `expected-pass.txt lists ${want.length} tests`);
    const { outcomes, ok } = await run({ focus: '', tests: want, expected, out, timeout: '40m' });
    const failed = outcomes.filter((o) => o.outcome !== 'passed');
    assert.ok(existsSync(join(out, 'report.json')));
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { outcomes: unknown[] };
    assert.equal(report.outcomes.length, want.length, 'every listed test has an outcome in the report');
    assert.deepEqual(
      failed.map((f) => `${f.name}: ${f.outcome} ${f.failure ?? ''}`),
      [],
    );
    assert.ok(ok);
  });
});
