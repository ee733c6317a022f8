import { strict as assert } from 'node:assert';
import { applyStrategicMergePatch, schemaForKind } from '../../../src/machinery/patch/index.js';
import { checkCase } from './assertions.js';
import { GVK, smpCases } from './smp-cases.js';

describe('patch: strategic merge patch', () => {
  for (const c of smpCases) {
    it(c.name, () => {
      const { group, version, kind } = GVK[c.kind];
      const schema = schemaForKind(group, version, kind);
      assert.ok(schema, `no schema for ${kind}`);
      checkCase(c, (o, p) => applyStrategicMergePatch(o as object, p as object, schema));
    });
  }

  describe('without a schema (no patch metadata)', () => {
    it('merges maps recursively and replaces lists', () => {
      const out = applyStrategicMergePatch(
        { spec: { a: { b: 1, c: 2 }, list: [{ name: 'x' }, { name: 'y' }] } },
        { spec: { a: { c: null, d: 3 }, list: [{ name: 'z' }] } },
        undefined,
      );
      assert.deepStrictEqual(out, { spec: { a: { b: 1, d: 3 }, list: [{ name: 'z' }] } });
    });

    it('still honours map directives and $retainKeys', () => {
      const out = applyStrategicMergePatch(
        { a: { x: 1, y: 2 }, b: { k: 1 }, c: { p: 1, q: 2 } },
        { a: { $patch: 'replace', z: 3 }, b: { $patch: 'delete' }, c: { $retainKeys: ['q'], q: 5 } },
        undefined,
      );
      assert.deepStrictEqual(out, { a: { z: 3 }, b: {}, c: { q: 5 } });
    });

    it('treats $deleteFromPrimitiveList as a delete list even without merge strategy', () => {
      const out = applyStrategicMergePatch({ l: ['a', 'b', 'c'] }, { '$deleteFromPrimitiveList/l': ['b'] }, undefined);
      assert.deepStrictEqual(out, { l: ['a', 'c'] });
    });
  });

  it('a member named "__proto__" is an ordinary key', () => {
    const schema = schemaForKind('', 'v1', 'ConfigMap');
    const out = applyStrategicMergePatch({ data: { a: '1' } }, JSON.parse('{"data":{"__proto__":"x"},"__proto__":{"b":1}}') as object, schema);
    assert.deepStrictEqual(out, JSON.parse('{"data":{"a":"1","__proto__":"x"},"__proto__":{"b":1}}'));
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });

  it('a null patch leaves the object unchanged', () => {
    const schema = schemaForKind('', 'v1', 'Pod');
    const original = { metadata: { name: 'p' } };
    assert.deepStrictEqual(applyStrategicMergePatch(original, null as unknown as object, schema), original);
  });
});
