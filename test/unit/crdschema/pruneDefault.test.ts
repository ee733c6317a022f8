// Pruning, defaulting and the custom resource decoder's normalization.
// Cases mirror apiextensions-apiserver pkg/apiserver/schema/pruning/algorithm_test.go,
// pkg/apiserver/schema/defaulting/algorithm_test.go and prunenulls_test.go,
// and pkg/apiserver/schema/objectmeta/coerce_test.go.
import assert from 'node:assert/strict';
import { fieldErrorMessage } from '../../../src/machinery/errors.js';
import { applyDefaults, normalizeCustomResource, prune, pruneNulls, type JSONSchemaProps } from '../../../src/registry/apiextensions/schema/index.js';

type O = Record<string, unknown>;

describe('crdschema: prune (schema/pruning/algorithm_test.go)', () => {
  const cases: { name: string; json: unknown; schema?: JSONSchemaProps; want: unknown; pruned: string[] }[] = [
    {
      name: 'object array',
      json: [{ a: 1 }, { b: 1 }, { a: 1, b: 2, c: 3 }],
      schema: { items: { properties: { a: {}, c: {} } } },
      want: [{ a: 1 }, {}, { a: 1, c: 3 }],
      pruned: ['[1].b', '[2].b'],
    },
    { name: 'object array with nil schema', json: [{ a: 1 }, { b: 1 }, { a: 1, b: 2, c: 3 }], want: [{}, {}, {}], pruned: ['[0].a', '[1].b', '[2].a', '[2].b', '[2].c'] },
    {
      name: 'object array object',
      json: { array: [{ a: 1 }, { b: 1 }, { a: 1, b: 2, c: 3 }], unspecified: { a: 1 }, specified: { a: 1, b: 2, c: 3 } },
      schema: { properties: { array: { items: { properties: { a: {}, c: {} } } }, specified: { properties: { a: {}, c: {} } } } },
      want: { array: [{ a: 1 }, {}, { a: 1, c: 3 }], specified: { a: 1, c: 3 } },
      pruned: ['array[1].b', 'array[2].b', 'specified.b', 'unspecified'],
    },
    {
      name: 'nested x-kubernetes-preserve-unknown-fields',
      json: {
        unspecified: 'bar',
        alpha: 'abc',
        pruning: { unspecified: 'bar', apiVersion: 'unknown', preserving: { unspecified: 'bar' } },
        preserving: { unspecified: 'bar', pruning: { unspecified: 'bar' } },
        additional: { foo: { specified: 1, unspecified: 2 } },
      },
      schema: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: {
          alpha: { type: 'string' },
          pruning: { type: 'object', properties: { preserving: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
          preserving: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { pruning: { type: 'object' } } },
          additional: { type: 'object', additionalProperties: { type: 'object', properties: { specified: { type: 'integer' } } } },
        },
      },
      want: {
        unspecified: 'bar',
        alpha: 'abc',
        pruning: { preserving: { unspecified: 'bar' } },
        preserving: { unspecified: 'bar', pruning: {} },
        additional: { foo: { specified: 1 } },
      },
      pruned: ['additional.foo.unspecified', 'preserving.pruning.unspecified', 'pruning.apiVersion', 'pruning.unspecified'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const obj = structuredClone(c.json);
      assert.deepEqual(prune(obj, c.schema, { isResourceRoot: false }), c.pruned);
      assert.deepEqual(obj, c.want);
    });
  }

  it('keeps apiVersion, kind and metadata of the resource and of embedded resources', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: { type: 'object', properties: { template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } } } },
      },
    };
    const obj: O = {
      apiVersion: 'a/v1',
      kind: 'A',
      metadata: { name: 'x' },
      spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {}, extra: 1 }, foo: 1 },
      status: {},
    };
    assert.deepEqual(prune(obj, schema), ['spec.foo', 'spec.template.extra', 'status']);
    assert.deepEqual(obj, { apiVersion: 'a/v1', kind: 'A', metadata: { name: 'x' }, spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} } } });
  });
});

describe('crdschema: applyDefaults (schema/defaulting/algorithm_test.go)', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: {
      a: { type: 'string', default: 'A' },
      b: { type: 'object', nullable: true, default: { x: 1 }, properties: { x: { type: 'integer' }, y: { type: 'integer', default: 2 } } },
      c: { type: 'array', items: { type: 'object', properties: { x: { type: 'string', default: 'X' } } } },
      d: { type: 'object', additionalProperties: { type: 'object', default: {}, properties: { z: { type: 'integer', default: 3 } } } },
      e: { type: 'string', default: 'E' },
    },
  };
  it('fills absent fields, list items and map values; nullable null stays', () => {
    const obj: O = { b: null, c: [{}, { x: 'given' }, null], d: { k: {}, n: null }, e: null };
    applyDefaults(obj, schema);
    assert.deepEqual(obj, { a: 'A', b: null, c: [{ x: 'X' }, { x: 'given' }, null], d: { k: { z: 3 }, n: { z: 3 } }, e: 'E' });
    const obj2: O = {};
    applyDefaults(obj2, schema);
    assert.deepEqual(obj2, { a: 'A', b: { x: 1, y: 2 }, e: 'E' });
  });
  it('pruneNulls drops non-nullable nulls without defaults (prunenulls_test.go)', () => {
    const obj: O = { a: null, b: null, c: [null], x: null, f: { g: null } };
    pruneNulls(obj, { type: 'object', properties: { a: { type: 'string' }, b: { type: 'object', nullable: true }, c: { type: 'array', items: { type: 'object' } }, f: { type: 'object', properties: { g: { type: 'string', default: 'z' } } } } });
    assert.deepEqual(obj, { b: null, c: [null], x: null, f: { g: null } });
  });
});

describe('crdschema: normalizeCustomResource (customresource_handler.go unstructuredSchemaCoercer, objectmeta/coerce_test.go)', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: { spec: { type: 'object', properties: { t: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } } },
  };
  it('reports unknown fields of root metadata, the schema and embedded metadata', () => {
    const obj: O = { apiVersion: 'a/v1', kind: 'A', metadata: { name: 'x', foo: 1, labels: {} }, spec: { t: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', bar: 2, creationTimestamp: null } }, u: 1 } };
    const r = normalizeCustomResource(obj, schema);
    assert.equal(r.error, undefined);
    assert.deepEqual(r.unknownFields, ['metadata.foo', 'spec.u', 'spec.t.metadata.bar']);
    assert.deepEqual(obj, { apiVersion: 'a/v1', kind: 'A', metadata: { name: 'x' }, spec: { t: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } } } });
  });
  it('malformed embedded metadata is an error unless dropped', () => {
    const bad = (): O => ({ apiVersion: 'a/v1', kind: 'A', metadata: { name: 'x' }, spec: { t: { apiVersion: 1, kind: 'Pod', metadata: { name: 'p', generation: 'x' } } } });
    const r = normalizeCustomResource(bad(), schema);
    assert.deepEqual(r.error && fieldErrorMessage(r.error), 'spec.t.apiVersion: Invalid value: 1: must be a string');
    const obj = bad();
    assert.equal(normalizeCustomResource(obj, schema, { dropInvalidMetadata: true }).error, undefined);
    assert.deepEqual(obj.spec, { t: { kind: 'Pod', metadata: { name: 'p' } } });
  });
});
