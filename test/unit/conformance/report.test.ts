// The conformance report: ginkgo JSON → outcomes (errors count as failures),
// the focus built from test names, and docs/conformance.md's merge of reports.
import { strict as assert } from 'node:assert';
import { focusForNames, outcomesFromReport, sigOf, summaryMarkdown } from '../../../hack/conformance/run.js';
import { conformanceMarkdown, mergeOutcomes } from '../../../hack/conformance/docs.js';

const spec = (leaf: string, state: string, message?: string) => ({
  ContainerHierarchyTexts: ['[sig-api-machinery] Watchers'],
  LeafNodeText: leaf,
  LeafNodeType: 'It',
  State: state,
  RunTime: 1_500_000_000,
  Failure: message ? { Message: message } : undefined,
});

describe('conformance report', () => {
  it('maps ginkgo states: passed, skipped/pending, and every error state to failed with the first failure lines', () => {
    const out = outcomesFromReport([
      {
        SpecReports: [
          spec('a [Conformance]', 'passed'),
          spec('b [Conformance]', 'skipped'),
          spec('c [Conformance]', 'failed', 'Expected\n    <int>: 1\nto equal\n    <int>: 2'),
          spec('d [Conformance]', 'panicked'),
          spec('e [Conformance]', 'timedout'),
          spec('f [Conformance]', 'interrupted'),
          { LeafNodeType: 'SynchronizedBeforeSuite', State: 'passed' },
        ],
      },
    ]);
    assert.deepEqual(
      out.map((o) => [o.name, o.outcome]),
      [
        ['[sig-api-machinery] Watchers a [Conformance]', 'passed'],
        ['[sig-api-machinery] Watchers b [Conformance]', 'skipped'],
        ['[sig-api-machinery] Watchers c [Conformance]', 'failed'],
        ['[sig-api-machinery] Watchers d [Conformance]', 'failed'],
        ['[sig-api-machinery] Watchers e [Conformance]', 'failed'],
        ['[sig-api-machinery] Watchers f [Conformance]', 'failed'],
      ],
    );
    assert.equal(out[2].failure, 'Expected <int>: 1 to equal <int>: 2');
    assert.equal(out[3].failure, 'panicked');
    assert.equal(out[0].seconds, 1.5);
    assert.equal(out[0].sig, 'sig-api-machinery');
  });

  it('builds an unanchored focus that matches exactly the given names', () => {
    const names = ['[sig-x] A (b) should work [Conformance]', '[sig-y] C.d'];
    const re = new RegExp(focusForNames(names));
    assert.ok(re.test(names[0]));
    assert.ok(re.test(names[1]));
    assert.ok(!re.test('[sig-y] Cxd'));
    assert.equal(sigOf('no sig here'), 'unknown');
  });

  it('summarises counts by SIG and lists failures', () => {
    const md = summaryMarkdown(
      [
        { name: '[sig-a] x', sig: 'sig-a', outcome: 'passed' },
        { name: '[sig-a] y', sig: 'sig-a', outcome: 'failed', failure: 'boom | bang' },
        { name: '[sig-b] z', sig: 'sig-b', outcome: 'skipped' },
      ],
      'T',
    );
    assert.match(md, /3 tests: 1 passed, 1 failed, 1 not run\./);
    assert.match(md, /\| sig-a \| 2 \| 1 \| 1 \| 0 \|/);
    assert.match(md, /- \[sig-a\] y: boom \\\| bang/);
  });

  it('merges reports over the full list: the last report wins, unselected tests get the reason of the first matching rule', () => {
    const all = ['[sig-a] p [Conformance]', '[sig-a] q [Conformance]', '[sig-node] r [Conformance]', '[sig-x] s [Conformance]'];
    const rows = mergeOutcomes(
      all,
      [
        { date: '2026-01-01', outcomes: [{ name: all[0], sig: 'sig-a', outcome: 'failed', failure: 'old' }] },
        {
          date: '2026-01-02',
          outcomes: [
            { name: all[0], sig: 'sig-a', outcome: 'passed' },
            { name: all[1], sig: 'sig-a', outcome: 'failed', failure: 'why' },
          ],
        },
      ],
      [{ re: /\[sig-node\]/, reason: 'needs nodes' }],
    );
    assert.deepEqual(
      rows.map((r) => [r.outcome, r.note]),
      [
        ['passed', ''],
        ['failed', 'why'],
        ['not run', 'needs nodes'],
        ['not run', 'not selected in the latest run'],
      ],
    );
    const md = conformanceMarkdown(rows, { date: '2026-01-02', commit: 'abc' });
    assert.match(md, /\*\*4 conformance tests: 1 passed, 1 failed, 2 not run\.\*\*/);
    assert.match(md, /\| \[sig-a\] q \| failed \| why \|/);
    assert.match(md, /commit abc/);
  });
});
