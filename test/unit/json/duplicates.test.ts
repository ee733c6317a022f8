// Repeated keys in request bodies, worded as kube-apiserver's strict decoder
// words them (the FieldValidation conformance tests in
// test/e2e/apimachinery/field_validation.go expect these strings).
import { strict as assert } from 'node:assert';
import { parseDocument } from 'yaml';
import { duplicateFields, yamlDuplicateKeys } from '../../../src/machinery/json/duplicates.js';

describe('duplicate keys', () => {
  const cases: [string, string, string[]][] = [
    ['none', '{"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}]}', []],
    ['top level', '{"a":1,"a":2}', ['a']],
    ['nested', '{"spec":{"unknownField":"foo","replicas":2,"replicas":3}}', ['spec.replicas']],
    ['in list items', '{"spec":{"containers":[{"name":"a"},{"name":"b","name":"c"}]}}', ['spec.containers[1].name']],
    ['escaped keys and strings with braces', '{"a\\"b":"{[","a\\"b":"]}","x":{"y":1}}', ['a"b']],
    ['unicode escapes', '{"\\u0061":1,"a":2}', ['a']],
    ['three times', '{"k":1,"k":2,"k":3}', ['k', 'k']],
    ['lists of lists', '{"a":[[{"x":1,"x":2}]]}', ['a[0][0].x']],
  ];
  for (const [name, text, want] of cases) {
    it(`JSON: ${name}`, () => assert.deepEqual(duplicateFields(text), want));
  }

  it('YAML: line numbers and keys as the Go YAML decoder reports them', () => {
    const text = '\napiVersion: v1\nkind: X\nmetadata:\n  name: a\nspec:\n  unknown: uk1\n  foo: foo1\n  foo: foo2\n  "q": 1\n  q: 2\n';
    assert.deepEqual(yamlDuplicateKeys(text, parseDocument), ['line 9: key "foo" already set in map', 'line 11: key "q" already set in map']);
    assert.deepEqual(yamlDuplicateKeys('a: 1\nb: 2\n', parseDocument), []);
  });
});
