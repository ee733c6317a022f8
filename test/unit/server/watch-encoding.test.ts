// The watch writer's shared bytes: an event is encoded and framed once per
// fan-out (every watcher gets the same Buffer), and nothing is kept afterwards.
import assert from 'node:assert/strict';
import { frameOf, sharedPayload } from '../../../src/server/watch.js';
import type { KObject } from '../../../src/machinery/objects.js';

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe('watch event bytes', () => {
  it('frames a payload as one HTTP/1.1 chunk', () => {
    const payload = Buffer.from('{"type":"ADDED","object":{"ü":1}}\n', 'utf8');
    const f = frameOf(payload);
    const head = `${payload.length.toString(16)}\r\n`;
    assert.equal(f.subarray(0, head.length).toString('latin1'), head);
    assert.ok(f.subarray(head.length, head.length + payload.length).equals(payload));
    assert.equal(f.subarray(head.length + payload.length).toString('latin1'), '\r\n');
    assert.equal(f.length, head.length + payload.length + 2);
  });

  it('encodes an event once per fan-out and per type, and forgets it afterwards', async () => {
    const obj: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '7' } };
    let made = 0;
    const make = (type: string, o: KObject) => {
      made++;
      return `${type} ${JSON.stringify(o)}\n`;
    };
    // one synchronous fan-out: 100 watchers, the same bytes
    const first = sharedPayload(obj, 'json', 'MODIFIED', make);
    for (let i = 0; i < 99; i++) {
      assert.equal(sharedPayload(obj, 'json', 'MODIFIED', make), first);
      assert.equal(frameOf(first), frameOf(first));
    }
    assert.equal(made, 1);
    assert.equal(first.toString('utf8'), `MODIFIED ${JSON.stringify(obj)}\n`);
    // another type or format of the same object is made apart
    assert.notEqual(sharedPayload(obj, 'json', 'DELETED', make), first);
    assert.notEqual(sharedPayload(obj, 'pb', 'MODIFIED', () => Buffer.from([1, 2])), first);
    assert.equal(made, 2);
    const framed = frameOf(first);
    // a later fan-out (a watcher replaying history) encodes again
    await nextTurn();
    const again = sharedPayload(obj, 'json', 'MODIFIED', make);
    assert.equal(made, 3);
    assert.notEqual(again, first);
    assert.ok(again.equals(first));
    assert.notEqual(frameOf(again), framed);
    assert.ok(frameOf(again).equals(framed));
  });
});
