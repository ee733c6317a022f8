// Child process for the SIGKILL durability test: opens the embedded store and
// writes forever from several concurrent writers, printing one line per
// acknowledged write to stdout:
//   C <key> <revision>            a create resolved
//   U <key> <revision> <value>    an update resolved
// The parent kills it with SIGKILL at a random moment and checks that every
// printed write is in the store after reopening.
//
// usage: node sqlite-writer.js <db path> <key prefix> [writers]

import { SqliteStorage } from '../../src/storage/embedded/SqliteStorage.js';

const [path, prefix, writersArg] = process.argv.slice(2);
if (!path || !prefix) {
  process.stderr.write('usage: sqlite-writer <db path> <key prefix> [writers]\n');
  process.exit(2);
}
const writers = Number(writersArg ?? 16);
const store = SqliteStorage.open({ path, compactIntervalMs: 0 });
const value = 'x'.repeat(512);

function ack(line: string): void {
  // stdout to a pipe is written synchronously on Linux: once this returns the
  // parent can read the line even if we are killed right after
  process.stdout.write(line + '\n');
}

async function writer(id: number): Promise<void> {
  for (let i = 0; ; i++) {
    const key = `${prefix}w${String(id).padStart(3, '0')}/${String(i).padStart(8, '0')}`;
    const created = await store.create(key, value);
    ack(`C ${key} ${created.modRevision}`);
    const v = `${value}-${i}`;
    const updated = await store.update(key, v, created.modRevision);
    ack(`U ${key} ${updated.modRevision} ${v.length}`);
  }
}

ack('READY');
await Promise.all(Array.from({ length: writers }, (_, i) => writer(i)));
