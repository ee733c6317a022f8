// Bytes written by the real apimachinery protobuf serializer (test/fixtures/protobuf/gen,
// `go run .`) against the JSON the Go JSON serializer writes for the same objects.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../src/api/paths.js';
import {
  decodeProtobufObject,
  decodeProtobufWatchEvent,
  encodeProtobufList,
  encodeProtobufObject,
  encodeProtobufWatchEvent,
  formatGoDuration,
  parseGoDuration,
} from '../../../src/machinery/protobuf/codec.js';
import type { KObject } from '../../../src/machinery/objects.js';

const dir = join(packageRoot, 'test', 'fixtures', 'protobuf');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.bin'))
  .map((f) => f.slice(0, -4))
  .sort();

function fixture(name: string): { bin: Buffer; json: Record<string, unknown> } {
  return {
    bin: readFileSync(join(dir, `${name}.bin`)),
    json: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Record<string, unknown>,
  };
}

/** first differing offset, for readable failures */
function assertSameBytes(actual: Buffer, expected: Buffer, what: string): void {
  if (actual.equals(expected)) return;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  assert.fail(
    `${what}: ${actual.length} bytes vs ${expected.length}, first difference at ${i}: ` +
      `${actual.subarray(Math.max(0, i - 16), i + 16).toString('hex')} vs ${expected.subarray(Math.max(0, i - 16), i + 16).toString('hex')}`,
  );
}

describe('protobuf codec against client-go fixtures', () => {
  it('has the fixtures', () => {
    for (const n of ['pod', 'deployment', 'service', 'secret', 'configmap', 'node', 'namespace', 'lease', 'event', 'crd', 'podlist', 'watch-added']) {
      assert.ok(names.includes(n), `missing fixture ${n}`);
    }
  });

  for (const name of names.filter((n) => !n.startsWith('watch-'))) {
    it(`decodes ${name}.bin to the JSON client-go sends`, () => {
      const { bin, json } = fixture(name);
      assert.deepStrictEqual(decodeProtobufObject(bin), json);
    });
    if (name.startsWith('decode-only')) continue;
    it(`encodes ${name}.json to the bytes client-go writes`, () => {
      const { bin, json } = fixture(name);
      const out = String(json.kind).endsWith('List')
        ? encodeProtobufList(json as { apiVersion: string; kind: string })
        : encodeProtobufObject(json as KObject);
      assertSameBytes(out, bin, name);
    });
  }

  for (const name of names.filter((n) => n.startsWith('watch-'))) {
    it(`reads and writes the watch frame ${name}`, () => {
      const { bin, json } = fixture(name);
      const ev = decodeProtobufWatchEvent(bin);
      assert.equal(ev.size, bin.length);
      assert.deepStrictEqual({ type: ev.type, object: ev.object }, json);
      assertSameBytes(encodeProtobufWatchEvent(json.type as string, json.object as KObject), bin, name);
    });
  }

  it('drops the sub-second part of metav1.Time as the Go decoder does', () => {
    const { bin } = fixture('decode-only-time-nanos');
    const obj = decodeProtobufObject(bin);
    assert.equal(obj.metadata?.creationTimestamp, '2024-01-02T03:04:05Z');
  });

  it('formats and parses durations like Go time.Duration', () => {
    const pairs = JSON.parse(readFileSync(join(dir, 'durations.json'), 'utf8')) as [number, string][];
    for (const [ns, text] of pairs) {
      assert.equal(formatGoDuration(ns), text);
      assert.equal(parseGoDuration(text), ns);
    }
  });
});
