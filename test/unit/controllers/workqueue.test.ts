import { strict as assert } from 'node:assert';
import { WorkQueue, runWorkers } from '../../../src/controllers/runtime/WorkQueue.js';

describe('WorkQueue', () => {
  it('queues a key once until it is taken', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('a');
    q.add('b');
    assert.equal(q.length, 2);
    assert.equal(await q.get(), 'a');
    assert.equal(await q.get(), 'b');
    q.shutdown();
    assert.equal(await q.get(), undefined);
  });

  it('never hands one key to two workers; a key added while it is handled comes back after', async () => {
    const q = new WorkQueue();
    q.add('k');
    const k = await q.get();
    q.add('k'); // while processing
    assert.equal(q.length, 0);
    q.done(k!);
    assert.equal(q.length, 1);
    assert.equal(await q.get(), 'k');
    q.shutdown();
  });

  it('retries failures with growing delays and forgets them after success', async () => {
    const q = new WorkQueue(10, 1000);
    const seen: number[] = [];
    let calls = 0;
    const t0 = Date.now();
    q.add('x');
    const workers = runWorkers(
      q,
      2,
      async () => {
        seen.push(Date.now() - t0);
        calls++;
        if (calls < 4) throw new Error('not yet');
        q.shutdown();
      },
      () => undefined,
    );
    await workers;
    assert.equal(calls, 4);
    // delays 10, 20, 40 ms between attempts
    assert.ok(seen[3] - seen[0] >= 60, `attempts at ${seen.join(',')}`);
  });

  it('wakes a waiting worker when a key arrives', async () => {
    const q = new WorkQueue();
    const p = q.get();
    setTimeout(() => q.add('late'), 10);
    assert.equal(await p, 'late');
    q.shutdown();
  });
});
