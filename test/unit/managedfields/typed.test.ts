import { strict as assert } from 'node:assert';
import { compare, merge, removeItems, toFieldSet, typeOf, TypedError, FieldSet } from '../../../src/machinery/managedfields/index.js';
import { assocList, bool, builtinSchemaFor, listOf, mapOf, num, P, setOf, str, struct } from './helpers.js';

const untypedAtomic = { mapType: 'atomic' } as const;

// typed/toset_test.go "struct grab bag"
const grabBag = struct({
  numeric: num,
  string: str,
  bool,
  setStr: setOf(str),
  setBool: setOf(bool),
  setNumeric: setOf(num),
  color: struct({ R: num, G: num, B: num }, { mapType: 'atomic' }),
  arbitraryWavelengthColor: mapOf(num, { mapType: 'atomic' }),
  args: listOf(struct({ key: str, value: str }), { listType: 'atomic' }),
  value: untypedAtomic,
});

// typed/toset_test.go and merge_test.go "associative list"
const myRoot = struct({
  list: assocList(struct({ key: str, id: num, value: mapOf(str), bv: bool, nv: num }), ['key', 'id']),
  atomicList: listOf(str, { listType: 'atomic' }),
});

describe('managedfields: field sets of objects', () => {
  const cases: Array<{ schema: typeof grabBag; obj: unknown; want: string[] }> = [
    { schema: grabBag, obj: { numeric: 1 }, want: ['.numeric'] },
    { schema: grabBag, obj: { numeric: 3.14159 }, want: ['.numeric'] },
    { schema: grabBag, obj: { string: 'aoeu' }, want: ['.string'] },
    { schema: grabBag, obj: { bool: false }, want: ['.bool'] },
    { schema: grabBag, obj: { setStr: ['a', 'b', 'c'] }, want: ['.setStr[="a"]', '.setStr[="b"]', '.setStr[="c"]'] },
    { schema: grabBag, obj: { setStr: ['a', 'b', 'c', 'a', 'b', 'c', 'c'] }, want: ['.setStr[="a"]', '.setStr[="b"]', '.setStr[="c"]'] },
    { schema: grabBag, obj: { setBool: [true, false, true] }, want: ['.setBool[=false]', '.setBool[=true]'] },
    { schema: grabBag, obj: { setNumeric: [1, 2, 3, 3.14159] }, want: ['.setNumeric[=1]', '.setNumeric[=2]', '.setNumeric[=3]', '.setNumeric[=3.14159]'] },
    { schema: grabBag, obj: { color: {} }, want: ['.color'] },
    { schema: grabBag, obj: { color: null }, want: ['.color'] },
    { schema: grabBag, obj: { color: { R: 255, G: 0, B: 0 } }, want: ['.color'] },
    { schema: grabBag, obj: { arbitraryWavelengthColor: { IR: 255 } }, want: ['.arbitraryWavelengthColor'] },
    { schema: grabBag, obj: { args: [] }, want: ['.args'] },
    { schema: grabBag, obj: { args: null }, want: ['.args'] },
    { schema: grabBag, obj: { args: [{ key: 'a', value: 'b' }, { key: 'c', value: 'd' }] }, want: ['.args'] },
    { schema: grabBag, obj: { value: { a: 'b' } }, want: ['.value'] },
    { schema: myRoot, obj: { list: [] }, want: [] },
    {
      schema: myRoot,
      obj: { list: [{ key: 'a', id: 1, value: { a: 'a' } }] },
      want: ['.list[id=1,key="a"]', '.list[id=1,key="a"].id', '.list[id=1,key="a"].key', '.list[id=1,key="a"].value.a'],
    },
    {
      schema: myRoot,
      obj: { list: [{ key: 'a', id: 1, nv: 2 }, { key: 'a', id: 2, nv: 3 }, { key: 'b', id: 1 }, { key: 'a', id: 2, bv: true }] },
      // a duplicated key is owned as a whole
      want: [
        '.list[id=1,key="a"]',
        '.list[id=1,key="b"]',
        '.list[id=2,key="a"]',
        '.list[id=1,key="a"].id',
        '.list[id=1,key="a"].key',
        '.list[id=1,key="a"].nv',
        '.list[id=1,key="b"].id',
        '.list[id=1,key="b"].key',
      ],
    },
    { schema: myRoot, obj: { atomicList: ['a', 'a', 'a'] }, want: ['.atomicList'] },
  ];
  cases.forEach((c, i) => {
    it(`case ${i}: ${JSON.stringify(c.obj)} (toset_test.go)`, () => {
      assert.deepStrictEqual(toFieldSet(c.obj, typeOf(c.schema)).toStrings().sort(), [...c.want].sort());
    });
  });

  it('owns map keys and struct fields set to {} or null, but not non-empty struct fields themselves', () => {
    const s = struct({ meta: struct({ labels: mapOf(str) }), sc: struct({ runAsUser: num }), extra: mapOf(mapOf(str)) });
    const got = toFieldSet({ meta: { labels: { a: 'x' } }, sc: {}, extra: { k: { x: 'y' } } }, typeOf(s)).toStrings();
    assert.deepStrictEqual(got, ['.sc', '.extra.k', '.extra.k.x', '.meta.labels.a']);
  });

  it('treats values without schema as deduced: granular maps, atomic lists', () => {
    const got = toFieldSet({ a: { b: 1, c: [1, 2] }, d: [] }, typeOf(undefined)).toStrings();
    assert.deepStrictEqual(got, ['.a', '.d', '.a.b', '.a.c']);
  });

  it('rejects duplicate keys in an applied configuration', () => {
    assert.throws(
      () => toFieldSet({ list: [{ key: 'a', id: 1 }, { key: 'a', id: 1 }] }, typeOf(myRoot), true),
      (e: unknown) => e instanceof TypedError && e.message === '.list: duplicate entries for key [id=1,key="a"]',
    );
  });

  it('rejects items of keyed lists without any key', () => {
    assert.throws(
      () => toFieldSet({ list: [{ nv: 1 }] }, typeOf(myRoot)),
      /\.list: element 0: associative list with keys has an element that omits all key fields \["key" "id"\]/,
    );
  });

  it('derives list types from the built-in schema (list-type map, merge keys, sets, atomic)', () => {
    const pod = typeOf(builtinSchemaFor('v1', 'Pod'));
    const obj = {
      metadata: { finalizers: ['a'], ownerReferences: [{ uid: 'u', name: 'o', kind: 'K', apiVersion: 'v1' }] },
      spec: {
        containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }], env: [{ name: 'E', value: '1' }], resources: { limits: { cpu: '1' } } }],
        tolerations: [{ key: 'k' }],
      },
    };
    assert.deepStrictEqual(toFieldSet(obj, pod).toStrings(), [
      '.metadata.finalizers[="a"]',
      // owner references are atomic structs, owned whole
      '.metadata.ownerReferences[uid="u"]',
      '.spec.tolerations',
      '.spec.containers[name="c"]',
      '.spec.containers[name="c"].image',
      '.spec.containers[name="c"].name',
      '.spec.containers[name="c"].env[name="E"]',
      '.spec.containers[name="c"].env[name="E"].name',
      '.spec.containers[name="c"].env[name="E"].value',
      // ports are keyed by containerPort and protocol, protocol defaulting to TCP
      '.spec.containers[name="c"].ports[containerPort=80,protocol="TCP"]',
      '.spec.containers[name="c"].ports[containerPort=80,protocol="TCP"].containerPort',
      // quantities are leaves
      '.spec.containers[name="c"].resources.limits.cpu',
    ]);
  });
});

describe('managedfields: merge', () => {
  // typed/merge_test.go "associative list" triplets: [live, applied, result]
  const triplets: Array<[unknown, unknown, unknown]> = [
    [{ list: [{ key: 'a', id: 1, value: { a: 'a' } }] }, { list: [{ key: 'a', id: 1, value: { a: 'a' } }] }, { list: [{ key: 'a', id: 1, value: { a: 'a' } }] }],
    [
      { list: [{ key: 'a', id: 1, value: { a: 'a' } }] },
      { list: [{ key: 'a', id: 2, value: { a: 'a' } }] },
      { list: [{ key: 'a', id: 1, value: { a: 'a' } }, { key: 'a', id: 2, value: { a: 'a' } }] },
    ],
    [
      { list: [{ key: 'a', id: 1 }, { key: 'b', id: 1 }] },
      { list: [{ key: 'a', id: 1 }, { key: 'a', id: 2 }] },
      { list: [{ key: 'a', id: 1 }, { key: 'b', id: 1 }, { key: 'a', id: 2 }] },
    ],
    [
      { list: [{ key: 'b', id: 2 }] },
      { list: [{ key: 'a', id: 1 }, { key: 'b', id: 2 }, { key: 'c', id: 3 }] },
      { list: [{ key: 'a', id: 1 }, { key: 'b', id: 2 }, { key: 'c', id: 3 }] },
    ],
    [
      { list: [{ key: 'a', id: 1 }, { key: 'b', id: 2 }, { key: 'c', id: 3 }] },
      { list: [{ key: 'c', id: 3 }, { key: 'b', id: 2 }] },
      { list: [{ key: 'a', id: 1 }, { key: 'c', id: 3 }, { key: 'b', id: 2 }] },
    ],
    [
      { list: [{ key: 'a', id: 1 }, { key: 'b', id: 2 }, { key: 'c', id: 3 }] },
      { list: [{ key: 'c', id: 3 }, { key: 'a', id: 1 }] },
      { list: [{ key: 'b', id: 2 }, { key: 'c', id: 3 }, { key: 'a', id: 1 }] },
    ],
    [{ atomicList: ['a', 'a', 'a'] }, { atomicList: null }, { atomicList: null }],
    [{ atomicList: ['a', 'b', 'c'] }, { atomicList: [] }, { atomicList: [] }],
    [{ atomicList: ['a', 'a', 'a'] }, { atomicList: ['a', 'a'] }, { atomicList: ['a', 'a'] }],
    [
      { list: [{ key: 'a', id: 1, bv: true }, { key: 'b', id: 2 }, { key: 'a', id: 1, bv: false, nv: 2 }] },
      { list: [{ key: 'a', id: 1, nv: 3 }, { key: 'c', id: 3 }, { key: 'b', id: 2 }] },
      { list: [{ key: 'a', id: 1, nv: 3 }, { key: 'c', id: 3 }, { key: 'b', id: 2 }] },
    ],
    [
      { list: [{ key: 'a', id: 1, nv: 1 }, { key: 'a', id: 1, nv: 2 }] },
      { list: [] },
      { list: [{ key: 'a', id: 1, nv: 1 }, { key: 'a', id: 1, nv: 2 }] },
    ],
    [{ list: [{ key: 'a', id: 1, nv: 1 }, { key: 'a', id: 1, nv: 2 }] }, {}, { list: [{ key: 'a', id: 1, nv: 1 }, { key: 'a', id: 1, nv: 2 }] }],
  ];
  triplets.forEach(([lhs, rhs, out], i) => {
    it(`associative list triplet ${i} (merge_test.go)`, () => {
      assert.deepStrictEqual(merge(lhs, rhs, typeOf(myRoot)), out);
    });
  });

  const more: Array<[string, unknown, unknown, unknown, unknown]> = [
    ['scalars take the applied value', grabBag, { numeric: 1, string: 'a' }, { numeric: 2 }, { numeric: 2, string: 'a' }],
    ['sets union, applied items first up to the last shared one', grabBag, { setStr: ['a', 'b'] }, { setStr: ['c', 'a'] }, { setStr: ['c', 'a', 'b'] }],
    ['atomic maps are replaced', grabBag, { color: { R: 1, G: 2 } }, { color: { B: 3 } }, { color: { B: 3 } }],
    ['granular maps merge by key', struct({ m: mapOf(str) }), { m: { a: '1', b: '2' } }, { m: { b: '3', c: '4' } }, { m: { a: '1', b: '3', c: '4' } }],
    ['null/empty maps keep the applied form', struct({ m: mapOf(str) }), { m: null }, { m: {} }, { m: {} }],
    ['deduced maps merge, deduced lists are replaced', undefined, { a: { x: 1, l: [1, 2] } }, { a: { y: 2, l: [3] } }, { a: { x: 1, l: [3], y: 2 } }],
  ];
  for (const [name, schema, lhs, rhs, out] of more) {
    it(name, () => assert.deepStrictEqual(merge(lhs, rhs, typeOf(schema as typeof grabBag | undefined)), out));
  }

  it('rejects duplicate keys in the applied configuration', () => {
    assert.throws(() => merge({}, { list: [{ key: 'a', id: 1 }, { key: 'a', id: 1 }] }, typeOf(myRoot)), /duplicate entries for key \[id=1,key="a"\]/);
  });
});

describe('managedfields: compare', () => {
  const cases: Array<[string, unknown, unknown, unknown, { added?: string[]; modified?: string[]; removed?: string[] }]> = [
    ['equal objects', myRoot, { list: [{ key: 'a', id: 1 }] }, { list: [{ key: 'a', id: 1 }] }, {}],
    ['a changed leaf', grabBag, { numeric: 1 }, { numeric: 2 }, { modified: ['.numeric'] }],
    ['an added leaf', grabBag, {}, { string: 'x' }, { added: ['.string'] }],
    ['a removed leaf', grabBag, { string: 'x' }, {}, { removed: ['.string'] }],
    ['an atomic map is one leaf', grabBag, { color: { R: 1 } }, { color: { R: 2 } }, { modified: ['.color'] }],
    ['set items', grabBag, { setStr: ['a', 'b'] }, { setStr: ['b', 'c'] }, { added: ['.setStr[="c"]'], removed: ['.setStr[="a"]'] }],
    [
      'an added list item and everything in it',
      myRoot,
      { list: [] },
      { list: [{ key: 'a', id: 1, nv: 1 }] },
      { added: ['.list[id=1,key="a"]', '.list[id=1,key="a"].id', '.list[id=1,key="a"].key', '.list[id=1,key="a"].nv'] },
    ],
    ['an added map and its keys', struct({ m: mapOf(str) }), {}, { m: { a: 'x' } }, { added: ['.m', '.m.a'] }],
    ['a map that was null gets keys', struct({ m: mapOf(str) }), { m: null }, { m: { a: 'x' } }, { added: ['.m.a'] }],
    ['null versus {}', struct({ m: mapOf(str) }), { m: null }, { m: {} }, { modified: ['.m'] }],
    ['items whose key became duplicated', myRoot, { list: [{ key: 'a', id: 1 }] }, { list: [{ key: 'a', id: 1 }, { key: 'a', id: 1, nv: 1 }] }, {
      // the single item is removed recursively and the duplicated key added as one path
      added: ['.list[id=1,key="a"]'],
      removed: ['.list[id=1,key="a"]', '.list[id=1,key="a"].id', '.list[id=1,key="a"].key'],
    }],
  ];
  for (const [name, schema, lhs, rhs, want] of cases) {
    it(name, () => {
      const c = compare(lhs, rhs, typeOf(schema as typeof grabBag));
      assert.deepStrictEqual(
        { added: c.added.toStrings(), modified: c.modified.toStrings(), removed: c.removed.toStrings() },
        { added: want.added ?? [], modified: want.modified ?? [], removed: want.removed ?? [] },
      );
    });
  }
});

describe('managedfields: removeItems', () => {
  const t = typeOf(struct({ list: myRoot.properties!.list, m: mapOf(str), s: struct({ a: str, b: str }) }));
  const cases: Array<[string, unknown, FieldSet, unknown]> = [
    ['a map key', { m: { a: '1', b: '2' } }, FieldSet.of(P('m', 'a')), { m: { b: '2' } }],
    ['a list item by key', { list: [{ key: 'a', id: 1 }, { key: 'b', id: 2 }] }, FieldSet.of(P('list', { key: 'a', id: 1 })), { list: [{ key: 'b', id: 2 }] }],
    ['a field inside an item', { list: [{ key: 'a', id: 1, nv: 3 }] }, FieldSet.of(P('list', { key: 'a', id: 1 }, 'nv')), { list: [{ key: 'a', id: 1 }] }],
    ['the last key of a map drops the map', { m: { a: '1' }, s: { a: 'x' } }, FieldSet.of(P('m', 'a')), { s: { a: 'x' } }],
    ['a whole struct field', { s: { a: 'x', b: 'y' } }, FieldSet.of(P('s')), undefined],
  ];
  for (const [name, v, set, want] of cases) {
    it(`removes ${name}`, () => assert.deepStrictEqual(removeItems(v, set, t), want));
  }
});
