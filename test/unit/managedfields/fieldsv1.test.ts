import { strict as assert } from 'node:assert';
import {
  FieldSet,
  FieldsV1Error,
  fieldElement,
  indexElement,
  keyElement,
  pathString,
  valueElement,
} from '../../../src/machinery/managedfields/index.js';
import { P } from './helpers.js';

const stringify = (s: FieldSet): string => JSON.stringify(s.toFieldsV1());

describe('managedfields: fieldsV1 encoding', () => {
  // Mirrors structured-merge-diff fieldpath/serialize_test.go TestSerializeV1GoldenData:
  // decoding then encoding gives back exactly the same bytes.
  const golden = [
    `{"f:aaa":{},"f:aab":{},"f:aac":{},"f:aad":{},"f:aae":{},"f:aaf":{},"k:{\\"name\\":\\"first\\"}":{},"k:{\\"name\\":\\"second\\"}":{},"k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}":{},"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{},"v:1":{},"v:2":{},"v:3":{},"v:\\"aa\\"":{},"v:\\"ab\\"":{},"v:true":{},"i:1":{},"i:2":{},"i:3":{},"i:4":{}}`,
    `{"f:aaa":{"k:{\\"name\\":\\"second\\"}":{"v:3":{"f:aab":{}}},"v:3":{},"v:true":{}},"f:aab":{"f:aaa":{},"f:aaf":{"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{"k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}":{}}},"k:{\\"name\\":\\"first\\"}":{}},"f:aac":{"f:aaa":{"v:1":{}},"f:aac":{},"v:3":{"k:{\\"name\\":\\"second\\"}":{}}},"f:aad":{"f:aac":{"v:1":{}},"f:aaf":{"k:{\\"name\\":\\"first\\"}":{"k:{\\"name\\":\\"first\\"}":{}}},"i:1":{"i:1":{},"i:3":{"v:true":{}}}},"f:aae":{"f:aae":{},"k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}":{"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{}},"i:4":{"f:aaf":{}}},"f:aaf":{"i:1":{"f:aac":{}},"i:2":{},"i:3":{}},"k:{\\"name\\":\\"first\\"}":{"f:aad":{"f:aaf":{}}},"k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}":{"f:aaa":{"f:aad":{}}},"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{"f:aac":{},"k:{\\"name\\":\\"first\\"}":{"i:3":{}},"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{"i:4":{}}},"v:1":{"f:aac":{"i:4":{}},"f:aaf":{},"k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}":{}},"v:2":{"f:aad":{"f:aaf":{}},"i:1":{}},"v:3":{"f:aaa":{},"k:{\\"name\\":\\"first\\"}":{},"i:2":{}},"v:\\"aa\\"":{"f:aab":{"f:aaf":{}},"f:aae":{},"k:{\\"name\\":\\"first\\"}":{"f:aad":{}},"i:2":{}},"v:\\"ab\\"":{"f:aaf":{"i:4":{}},"k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}":{},"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{},"v:1":{"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{}},"i:1":{"f:aae":{"i:4":{}}}},"v:true":{"k:{\\"name\\":\\"second\\"}":{"f:aaa":{}},"i:2":{"k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}":{}}},"i:1":{"i:3":{"f:aaf":{}}},"i:2":{"f:aae":{},"k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}":{"v:1":{}}},"i:3":{"f:aab":{"v:true":{"v:\\"aa\\"":{}}},"f:aaf":{},"i:1":{}},"i:4":{"v:\\"aa\\"":{"f:aab":{"k:{\\"name\\":\\"second\\"}":{}}}}}`,
    `{"f:spec":{".":{},"f:apps":{".":{},"k:{\\"name\\":\\" app-💻\\"}":{".":{},"f:container":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\\"name\\":\\"port 🔑\\"}":{".":{},"f:containerPort":{},"f:name":{}}}},"f:name":{}},"k:{\\"name\\":\\" app-🚀\\"}":{".":{},"f:container":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\\"name\\":\\"port-✅ \\"}":{".":{},"f:containerPort":{},"f:name":{}}}},"f:name":{}}}}}`,
  ];
  golden.forEach((text, i) => {
    it(`round-trips golden set ${i} byte for byte (serialize_test.go TestSerializeV1GoldenData)`, () => {
      const s = FieldSet.fromFieldsV1(JSON.parse(text));
      assert.equal(stringify(s), text);
    });
  });

  // Mirrors serialize_test.go TestDeserializeForValidNonNormalized: keys out of
  // order, spaces inside keys and values are normalized on the way back out.
  it('normalizes key order and JSON spacing inside path elements', () => {
    const input = {
      'f:aad': {},
      'f:aaa': {},
      'k:{ "protocol":"udp","port":443}': {},
      'k:{"name":"first"}': {},
      'v: 3': {},
      'v:"aa"': {},
      'i:2': {},
      'i:1': {},
    };
    assert.equal(
      stringify(FieldSet.fromFieldsV1(input)),
      `{"f:aaa":{},"f:aad":{},"k:{\\"name\\":\\"first\\"}":{},"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{},"v:3":{},"v:\\"aa\\"":{},"i:1":{},"i:2":{}}`,
    );
  });

  const layouts: Array<{ name: string; paths: ReturnType<typeof P>[]; want: unknown }> = [
    { name: 'a leaf', paths: [P('spec', 'replicas')], want: { 'f:spec': { 'f:replicas': {} } } },
    {
      name: 'a node that is member and parent gets "." first',
      paths: [P('metadata', 'labels'), P('metadata', 'labels', 'app')],
      want: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
    },
    {
      name: 'associative list items by key, keys sorted by name',
      paths: [P('ports', { protocol: 'TCP', containerPort: 80 }), P('ports', { protocol: 'TCP', containerPort: 80 }, 'containerPort')],
      want: { 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } },
    },
    {
      name: 'set items by value; numbers sort before strings',
      paths: [P('finalizers', ['=', 'b']), P('finalizers', ['=', 'a']), P('finalizers', ['=', 2])],
      want: { 'f:finalizers': { 'v:2': {}, 'v:"a"': {}, 'v:"b"': {} } },
    },
    {
      name: 'fields sort before keys, values and indexes',
      paths: [[indexElement(0)], [valueElement(true)], [keyElement([['name', 'x']])], [fieldElement('z')]],
      want: { 'f:z': {}, 'k:{"name":"x"}': {}, 'v:true': {}, 'i:0': {} },
    },
    {
      name: 'HTML characters in key values are escaped like Go',
      paths: [P('items', { name: 'a<b>&c' })],
      want: { 'f:items': { 'k:{"name":"a\\u003cb\\u003e\\u0026c"}': {} } },
    },
    { name: 'the empty path is never a member', paths: [[]], want: {} },
  ];
  for (const c of layouts) {
    it(`lays out ${c.name}`, () => {
      const s = FieldSet.of(...c.paths);
      assert.deepStrictEqual(s.toFieldsV1(), c.want);
      assert.ok(FieldSet.fromFieldsV1(s.toFieldsV1()).equals(s), 'round trip');
    });
  }

  it('reads a key with only "." or {} as a member, and one with children as a parent only', () => {
    const s = FieldSet.fromFieldsV1({ 'f:a': { '.': {} }, 'f:b': {}, 'f:c': { 'f:d': {} } });
    assert.deepStrictEqual(s.toStrings(), ['.a', '.b', '.c.d']);
  });

  it('skips path elements of unknown types (a parent left without children becomes a member)', () => {
    const s = FieldSet.fromFieldsV1({ 'x:future': {}, 'f:a': { 'z:b': {} }, 'f:c': {} });
    assert.deepStrictEqual(s.toStrings(), ['.a', '.c']);
  });

  const malformed: Array<[string, unknown, RegExp]> = [
    ['a one-character key', { f: {} }, /key must be 2 characters long/],
    ['a key without colon', { 'fx': {} }, /missing colon/],
    ['a key element that is not JSON', { 'k:{name}': {} }, /invalid JSON in path element/],
    ['a key element that is not an object', { 'k:[1]': {} }, /not a JSON object/],
    ['a value element with trailing data', { 'v:"a" {"trailing":"data"}': {} }, /invalid JSON/],
    ['a key element with trailing data', { 'k:{"uid":"abc"} {"trailing":"data"}': {} }, /invalid JSON/],
    ['a non-numeric index', { 'i:x': {} }, /invalid index/],
    ['a non-object child', { 'f:a': 1 }, /expected a JSON object/],
  ];
  for (const [name, input, re] of malformed) {
    it(`rejects ${name}`, () => {
      assert.throws(() => FieldSet.fromFieldsV1(input), (e: unknown) => e instanceof FieldsV1Error && re.test((e as Error).message));
    });
  }

  it('prints paths like upstream conflict messages', () => {
    assert.equal(pathString(P('spec', 'replicas')), '.spec.replicas');
    assert.equal(pathString(P('spec', 'containers', { name: 'nginx' }, 'image')), '.spec.containers[name="nginx"].image');
    assert.equal(pathString(P('ports', { protocol: 'TCP', containerPort: 80 })), '.ports[containerPort=80,protocol="TCP"]');
    assert.equal(pathString(P('metadata', 'finalizers', ['=', 'a'])), '.metadata.finalizers[="a"]');
    assert.equal(pathString([fieldElement('args'), indexElement(2)]), '.args[2]');
  });

  it('round-trips random sets', () => {
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const names = ['aaa', 'aab', 'b', 'ü', '💻'];
    const element = () => {
      switch (rnd(4)) {
        case 0:
          return fieldElement(names[rnd(names.length)]);
        case 1:
          return keyElement([['name', names[rnd(names.length)]], ['port', rnd(3)]]);
        case 2:
          return valueElement(rnd(2) ? rnd(5) : names[rnd(names.length)]);
        default:
          return indexElement(rnd(4));
      }
    };
    for (let i = 0; i < 200; i++) {
      const s = new FieldSet();
      for (let j = 0; j < 30; j++) {
        const len = 1 + rnd(4);
        s.insert(Array.from({ length: len }, element));
      }
      const text = JSON.stringify(s.toFieldsV1());
      const back = FieldSet.fromFieldsV1(JSON.parse(text));
      assert.ok(back.equals(s), text);
      assert.equal(JSON.stringify(back.toFieldsV1()), text);
    }
  });
});

describe('managedfields: field set operations', () => {
  const a = FieldSet.of(P('a'), P('b', 'c'), P('b', 'd'), P('e'));
  const b = FieldSet.of(P('b'), P('b', 'c'), P('e'), P('f'));
  const cases: Array<[string, FieldSet, string[]]> = [
    ['union', a.union(b), ['.a', '.b', '.e', '.f', '.b.c', '.b.d']],
    ['intersection', a.intersection(b), ['.e', '.b.c']],
    // a member of the right side does not remove the left side's children
    ['difference', a.difference(b), ['.a', '.b.d']],
    // a member of the right side removes everything below it
    ['recursive difference', a.recursiveDifference(FieldSet.of(P('b'))), ['.a', '.e']],
  ];
  for (const [name, got, want] of cases) {
    it(`computes the ${name} (set_test.go)`, () => assert.deepStrictEqual(got.toStrings(), want));
  }

  it('iterates members of a level before its children, each sorted', () => {
    const s = FieldSet.of(P('spec', 'template', 'x'), P('spec', 'replicas'), P('metadata', 'labels', 'a'));
    assert.deepStrictEqual(s.toStrings(), ['.metadata.labels.a', '.spec.replicas', '.spec.template.x']);
  });

  it('has() only sees members', () => {
    assert.ok(a.has(P('b', 'c')));
    assert.ok(!a.has(P('b')));
    assert.ok(!a.has([]));
  });
});
