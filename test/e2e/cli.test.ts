// Server flags that are not covered elsewhere: a bad value is refused before
// anything starts, a good one starts a serving server.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startTskube, request, tskubeBin } from '../support/tskube.js';

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = execFile(process.execPath, [tskubeBin, ...args], { timeout: 20_000 }, (_err, _stdout, stderr) => resolve({ code: p.exitCode, stderr }));
  });
}

describe('tskube server flags', function () {
  this.timeout(60_000);

  it('refuses a bad --heap-growing-percent with a message, before starting anything', async () => {
    for (const bad of ['x', '-5', '1.5', '5000']) {
      const dir = mkdtempSync(join(tmpdir(), 'tskube-cli-'));
      try {
        const r = await run(['server', '--data-dir', dir, '--secure-port', '0', `--heap-growing-percent=${bad}`]);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /--heap-growing-percent: want an integer from 0 to 1000/);
        assert.equal(existsSync(join(dir, 'admin.kubeconfig')), false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  for (const value of ['0', '50']) {
    it(`serves with --heap-growing-percent ${value}`, async () => {
      const s = await startTskube({ mode: 'apiserver', args: ['--heap-growing-percent', value] });
      try {
        assert.equal((await request(s, 'GET', '/readyz')).status, 200);
        assert.equal((await request(s, 'GET', '/api/v1/namespaces/default')).status, 200);
      } finally {
        assert.equal(await s.stop(), 0);
      }
    });
  }
});
