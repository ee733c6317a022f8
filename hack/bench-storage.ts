// Storage write benchmark: creates of 1 KiB values from N concurrent writers.
//
//   npx tsc -p tsconfig.json && node dist/hack/bench-storage.js [embedded|etcd|etcd3] [seconds] [writers]
//
// embedded: SqliteStorage in a temp dir (synchronous=FULL).
// etcd / etcd3: a fresh 1- or 3-member etcd on 127.0.0.1 (fsync on), via
// test/support/etcd.ts, which builds etcd with hack/etcd/build.sh if needed.
// Everything it starts is stopped and removed at the end.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStorage } from '../src/storage/embedded/SqliteStorage.js';
import { EtcdStorage } from '../src/storage/etcd/EtcdStorage.js';
import type { Storage } from '../src/storage/interface.js';
import { startEtcd } from '../test/support/etcd.js';

async function run(storage: Storage, seconds: number, writers: number): Promise<void> {
  const value = JSON.stringify({ pad: 'x'.repeat(1024 - 10) });
  const latencies: number[] = [];
  const stopAt = Date.now() + seconds * 1000;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; Date.now() < stopAt; i++) {
        const start = process.hrtime.bigint();
        await storage.create(`/registry/bench/w${w}/${i}`, value);
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  console.log(
    `${storage.name}: ${latencies.length} creates in ${elapsed.toFixed(1)} s = ` +
      `${Math.round(latencies.length / elapsed)} creates/s with ${writers} writers; ` +
      `latency p50 ${pct(50).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${pct(100).toFixed(2)} ms`,
  );
}

const [backend = 'embedded', secondsArg = '10', writersArg = '32'] = process.argv.slice(2);
const seconds = Number(secondsArg);
const writers = Number(writersArg);

if (backend === 'embedded') {
  const dir = mkdtempSync(join(tmpdir(), 'tskube-bench-'));
  const storage = SqliteStorage.open({ path: join(dir, 'bench.db'), compactIntervalMs: 0 });
  try {
    await run(storage, seconds, writers);
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
} else if (backend === 'etcd' || backend === 'etcd3') {
  const cluster = await startEtcd({ members: backend === 'etcd3' ? 3 : 1 });
  let storage: EtcdStorage | undefined;
  try {
    storage = await EtcdStorage.open({ endpoints: cluster.endpoints });
    await run(storage, seconds, writers);
  } finally {
    await storage?.close();
    await cluster.stop();
  }
} else {
  console.error(`unknown backend ${backend}; use embedded, etcd or etcd3`);
  process.exitCode = 2;
}
