// Custom resource validation against openAPIV3Schema. Expected messages
// mirror apiextensions-apiserver pkg/apiserver/validation/validation_test.go,
// pkg/apiserver/schema/listtype/validation_test.go and
// pkg/apiserver/schema/objectmeta/validation_test.go.
import assert from 'node:assert/strict';
import { fieldErrorMessage } from '../../../src/machinery/errors.js';
import { validateObject, validateScale, type JSONSchemaProps } from '../../../src/registry/apiextensions/schema/index.js';

const msgs = (schema: JSONSchemaProps, obj: unknown, path?: string, old?: unknown): string[] =>
  [...new Set(validateObject(schema, obj, path, old === undefined ? {} : { old }).map(fieldErrorMessage))].sort();

const field = (f: JSONSchemaProps): JSONSchemaProps => ({ type: 'object', properties: { field: f } });

describe('crdschema: validateObject (apiserver/validation/validation_test.go)', () => {
  const cases: { name: string; schema: JSONSchemaProps; ok?: unknown[]; bad?: [unknown, string[]][] }[] = [
    {
      name: '!nullable',
      schema: field({ type: 'object' }),
      ok: [{}, { field: {} }],
      bad: [
        [{ field: 'foo' }, ['field: Invalid value: "string": field in body must be of type object: "string"']],
        [{ field: 42 }, ['field: Invalid value: "integer": field in body must be of type object: "integer"']],
        [{ field: true }, ['field: Invalid value: "boolean": field in body must be of type object: "boolean"']],
        [{ field: 1.2 }, ['field: Invalid value: "number": field in body must be of type object: "number"']],
        [{ field: [] }, ['field: Invalid value: "array": field in body must be of type object: "array"']],
        [{ field: null }, ['field: Invalid value: "null": field in body must be of type object: "null"']],
      ],
    },
    {
      name: 'nullable',
      schema: field({ type: 'object', nullable: true }),
      ok: [{}, { field: null }, { field: {} }],
      bad: [[{ field: 'foo' }, ['field: Invalid value: "string": field in body must be of type object: "string"']]],
    },
    { name: 'nullable and no type', schema: field({ nullable: true }), ok: [{}, { field: null }, { field: 42 }, { field: 'foo' }] },
    {
      name: 'x-kubernetes-int-or-string',
      schema: field({ 'x-kubernetes-int-or-string': true }),
      ok: [{}, { field: 42 }, { field: 'foo' }],
      bad: [
        [{ field: null }, ['field: Invalid value: "null": field in body must be of type integer,string: "null"']],
        [{ field: true }, ['field: Invalid value: "boolean": field in body must be of type integer,string: "boolean"']],
        [{ field: 1.2 }, ['field: Invalid value: "number": field in body must be of type integer,string: "number"']],
        [{ field: {} }, ['field: Invalid value: "object": field in body must be of type integer,string: "object"']],
      ],
    },
    {
      name: 'nullable, x-kubernetes-int-or-string and user-provided anyOf',
      schema: field({ nullable: true, 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }),
      ok: [{}, { field: null }, { field: 42 }, { field: 'foo' }],
      bad: [
        [
          { field: true },
          [
            '<nil>: Invalid value: "": "field" must validate at least one schema (anyOf)',
            'field: Invalid value: "boolean": field in body must be of type integer,string: "boolean"',
            'field: Invalid value: "boolean": field in body must be of type integer: "boolean"',
          ],
        ],
        [
          { field: [] },
          [
            '<nil>: Invalid value: "": "field" must validate at least one schema (anyOf)',
            'field: Invalid value: "array": field in body must be of type integer,string: "array"',
            'field: Invalid value: "array": field in body must be of type integer: "array"',
          ],
        ],
      ],
    },
    {
      name: 'nullable, x-kubernetes-int-or-string and user-provided allOf',
      schema: field({ nullable: true, 'x-kubernetes-int-or-string': true, allOf: [{ anyOf: [{ type: 'integer' }, { type: 'string' }] }] }),
      ok: [{}, { field: null }, { field: 42 }, { field: 'foo' }],
      bad: [
        [
          { field: 1.2 },
          [
            '<nil>: Invalid value: "": "field" must validate all the schemas (allOf). None validated',
            '<nil>: Invalid value: "": "field" must validate at least one schema (anyOf)',
            'field: Invalid value: "number": field in body must be of type integer,string: "number"',
            'field: Invalid value: "number": field in body must be of type integer: "number"',
          ],
        ],
      ],
    },
    {
      name: 'invalid regex',
      schema: field({ type: 'string', pattern: '+' }),
      bad: [[{ field: 'foo' }, ["field: Invalid value: \"foo\": field in body should match '+, but pattern is invalid: error parsing regexp: missing argument to repetition operator: `+`'"]]],
    },
    {
      name: 'required field',
      schema: { type: 'object', required: ['field'], properties: { field: { type: 'object', required: ['nested'], properties: { nested: {} } } } },
      bad: [
        [{ test: 'a' }, ['field: Required value']],
        [{ field: {} }, ['field.nested: Required value']],
      ],
    },
    {
      name: 'enum',
      schema: field({
        type: 'object',
        required: ['nestedint', 'nestedstring'],
        properties: { nestedint: { type: 'integer', enum: [1, 2] }, nestedstring: { type: 'string', enum: ['a', 'b'] } },
      }),
      bad: [
        [{ field: {} }, ['field.nestedint: Required value', 'field.nestedstring: Required value']],
        [
          { field: { nestedint: 'x', nestedstring: true } },
          [
            'field.nestedint: Invalid value: "string": field.nestedint in body must be of type integer: "string"',
            'field.nestedint: Unsupported value: "x": supported values: "1", "2"',
            'field.nestedstring: Invalid value: "boolean": field.nestedstring in body must be of type string: "boolean"',
            'field.nestedstring: Unsupported value: true: supported values: "a", "b"',
          ],
        ],
      ],
    },
    {
      name: 'k8s-long-name and k8s-short-name formats',
      schema: { type: 'object', properties: { fieldX: { type: 'string', format: 'k8s-long-name' }, fieldY: { type: 'string', format: 'k8s-short-name' } } },
      ok: [{ fieldX: 'a.b', fieldY: 'a' }],
      bad: [
        [{ fieldX: 'a.-' }, ['fieldX: Invalid value: "a.-": fieldX in body must be of type k8s-long-name: "a.-"']],
        [{ fieldY: 'a-' }, ['fieldY: Invalid value: "a-": fieldY in body must be of type k8s-short-name: "a-"']],
      ],
    },
    {
      name: 'numbers, strings and lists',
      schema: {
        type: 'object',
        properties: {
          replicas: { type: 'integer', minimum: 1, maximum: 10 },
          ratio: { type: 'number', exclusiveMaximum: true, maximum: 1e6 },
          name: { type: 'string', minLength: 2, maxLength: 3, pattern: '^[a-z]+$' },
          items: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } },
          labels: { type: 'object', maxProperties: 1, additionalProperties: { type: 'string' } },
          when: { type: 'string', format: 'date-time' },
          step: { type: 'integer', multipleOf: 5 },
        },
      },
      ok: [{ replicas: 1, ratio: 0.5, name: 'ab', items: ['x'], labels: { a: 'b' }, when: '2024-01-02T03:04:05Z', step: 10 }],
      bad: [
        [{ replicas: 11 }, ['replicas: Invalid value: 11: replicas in body should be less than or equal to 10']],
        [{ replicas: 0 }, ['replicas: Invalid value: 0: replicas in body should be greater than or equal to 1']],
        [{ ratio: 2500000.5 }, ['ratio: Invalid value: 2500000.5: ratio in body should be less than 1e+06']],
        [{ name: 'a' }, ['name: Invalid value: "a": name in body should be at least 2 chars long']],
        [{ name: 'abcd' }, ['name: Too long: may not be more than 3 bytes']],
        [{ name: 'AB' }, ["name: Invalid value: \"AB\": name in body should match '^[a-z]+$'"]],
        [{ items: [] }, ['items: Invalid value: 0: items in body should have at least 1 items']],
        [{ items: ['a', 'b', 'c'] }, ['items: Too many: 3: must have at most 2 items']],
        [{ labels: { a: 'b', c: 'd' } }, ['labels: Too many: 2: must have at most 1 item']],
        [{ labels: { a: 1 } }, ['labels.a: Invalid value: "integer": labels.a in body must be of type string: "integer"']],
        [{ when: 'yesterday' }, ['when: Invalid value: "yesterday": when in body must be of type date-time: "yesterday"']],
        [{ step: 7 }, ['step: Invalid value: 7: step in body should be a multiple of 5']],
      ],
    },
    {
      name: 'root errors are reported on <nil> (the kube-openapi path is empty)',
      schema: { type: 'object', minProperties: 1, additionalProperties: false },
      bad: [[{}, ['<nil>: Invalid value: 0:  in body should have at least 1 properties']]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      for (const o of c.ok ?? []) assert.deepEqual(msgs(c.schema, o), [], JSON.stringify(o));
      for (const [o, want] of c.bad ?? []) assert.deepEqual(msgs(c.schema, o), [...want].sort(), JSON.stringify(o));
    });
  }

  it('a status schema validated below "status"', () => {
    const schema = { type: 'object', properties: { replicas: { type: 'integer' } } };
    assert.deepEqual(msgs(schema, { replicas: 'x' }, 'status'), ['status.replicas: Invalid value: "string": replicas in body must be of type integer: "string"']);
  });

  it('ratcheting: unchanged invalid values are tolerated on update, changed ones are not', () => {
    const schema = { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string', maxLength: 2 }, b: { type: 'string', maxLength: 2 } } } } };
    const old = { spec: { a: 'toolong', b: 'ok' } };
    assert.deepEqual(msgs(schema, { spec: { a: 'toolong', b: 'ok' } }, undefined, old), []);
    assert.deepEqual(msgs(schema, { spec: { a: 'toolong', b: 'bad!' } }, undefined, old), ['spec.b: Too long: may not be more than 2 bytes']);
    assert.deepEqual(msgs(schema, { spec: { a: 'toolonger', b: 'ok' } }, undefined, old), ['spec.a: Too long: may not be more than 2 bytes']);
  });
});

describe('crdschema: list types (schema/listtype/validation_test.go)', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: {
      set: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
      objset: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { a: { type: 'integer' } } } },
      map: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, v: { type: 'integer' } } },
      },
      map2: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['a', 'b'],
        items: { type: 'object', required: ['a', 'b'], properties: { a: { type: 'string' }, b: { type: 'integer' } } },
      },
    },
  };
  it('duplicates in sets and maps', () => {
    assert.deepEqual(
      validateObject(schema, {
        set: ['a', 'b', 'a', 'a'],
        objset: [{ a: 1 }, { a: 1 }],
        map: [{ name: 'x', v: 1 }, { name: 'x', v: 2 }],
        map2: [{ a: 'x', b: 1 }, { b: 1, a: 'x' }, { a: 'x', b: 2 }],
      }).map(fieldErrorMessage),
      [
        'map[1]: Duplicate value: {"name":"x"}',
        'map2[1]: Duplicate value: {"a":"x","b":1}',
        'objset[1]: Duplicate value: {"a":1}',
        'set[2]: Duplicate value: "a"',
      ],
    );
  });
  it('map list items must be objects', () => {
    assert.deepEqual(
      validateObject({ type: 'object', properties: { map: { ...(schema.properties as Record<string, JSONSchemaProps>).map, items: {} } } }, { map: [{ name: 'a' }, 'x'] }).map(fieldErrorMessage),
      ['map[1]: Invalid value: "x": must be an object for an array of list-type map'],
    );
  });
});

describe('crdschema: embedded resources (schema/objectmeta/validation_test.go)', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: { embedded: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } },
  };
  it('requires apiVersion and kind and checks metadata', () => {
    assert.deepEqual(validateObject(schema, { embedded: {} }).map(fieldErrorMessage), ['embedded.apiVersion: Required value', 'embedded.kind: Required value']);
    assert.deepEqual(validateObject(schema, { embedded: { apiVersion: 'a/b/c', kind: 'Foo_Bar', metadata: { name: 'in/valid' } } }).map(fieldErrorMessage), [
      'embedded.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
      "embedded.kind: Invalid value: \"Foo_Bar\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      "embedded.metadata.name: Invalid value: \"in/valid\": may not contain '/'",
    ]);
    assert.deepEqual(validateObject(schema, { embedded: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 5 } } }).map(fieldErrorMessage), [
      'embedded.metadata: Invalid value: {"name":5}: json: cannot unmarshal number into Go struct field ObjectMeta.name of type string',
    ]);
    assert.deepEqual(validateObject(schema, { embedded: { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default' } } }), []);
  });
});

describe('crdschema: scale subresource paths (registry/customresource/validator.go)', () => {
  const scale = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' };
  it('replicas must be non-negative int32 integers', () => {
    assert.deepEqual(validateScale({ spec: { replicas: 1 }, status: { replicas: 0, selector: 'a=b' } }, scale), []);
    assert.deepEqual(
      validateScale({ spec: { replicas: -1 }, status: { replicas: 'x', selector: 3 } }, scale).map(fieldErrorMessage),
      [
        '.spec.replicas: Invalid value: -1: should be a non-negative integer',
        '.status.replicas: Invalid value: 0: .status.replicas accessor error: x is of the type string, expected int64',
        '.status.selector: Invalid value: "": .status.selector accessor error: 3 is of the type int64, expected string',
      ],
    );
    assert.deepEqual(validateScale({ spec: { replicas: 2 ** 31 } }, scale, { spec: true, status: false }).map(fieldErrorMessage), [
      '.spec.replicas: Invalid value: 2147483648: should be less than or equal to 2147483647',
    ]);
  });
});
