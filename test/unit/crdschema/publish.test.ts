// Published OpenAPI, printer columns, JSONPath and the patch schema.
// Mirrors apiextensions-apiserver pkg/controller/openapi/builder/builder_test.go,
// pkg/controller/openapi/v2/conversion_test.go,
// pkg/registry/customresource/tableconvertor/tableconvertor_test.go and
// client-go util/jsonpath/jsonpath_test.go.
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/machinery/objects.js';
import { JSONPath, printerColumnsFor, publishOpenAPI, selectableFieldValues, toPatchSchema, type JSONSchemaProps } from '../../../src/registry/apiextensions/schema/index.js';

type O = Record<string, unknown>;

function crd(schema?: JSONSchemaProps, version: O = {}): O {
  return {
    metadata: { name: 'foos.bar.k8s.io' },
    spec: {
      group: 'bar.k8s.io',
      scope: 'Namespaced',
      names: { plural: 'foos', singular: 'foo', kind: 'Foo', listKind: 'FooList' },
      versions: [{ name: 'v1', served: true, storage: true, ...(schema ? { schema: { openAPIV3Schema: schema } } : {}), ...version }],
    },
  };
}

/** drop the TypeMeta/ObjectMeta descriptions like the upstream test does */
function strip(s: O): O {
  const c = structuredClone(s);
  const props = c.properties as Record<string, O> | undefined;
  if (props) for (const k of ['apiVersion', 'kind', 'metadata']) if (props[k]) delete props[k].description;
  return c;
}

const gvk = [{ group: 'bar.k8s.io', kind: 'Foo', version: 'v1' }];

describe('crdschema: publishOpenAPI (controller/openapi/builder/builder_test.go)', () => {
  it('names definitions with the reversed group', () => {
    const p = publishOpenAPI(crd(), 'v1');
    assert.equal(p.kindName, 'io.k8s.bar.v1.Foo');
    assert.equal(p.listName, 'io.k8s.bar.v1.FooList');
    assert.deepEqual(p.v2['io.k8s.bar.v1.Foo'], { type: 'object', 'x-kubernetes-group-version-kind': gvk });
  });

  it('v2 with properties', () => {
    const p = publishOpenAPI(crd({ type: 'object', properties: { spec: { type: 'object' }, status: { type: 'object' } } }), 'v1');
    assert.deepEqual(strip(p.v2[p.kindName]), {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
        spec: { type: 'object' },
        status: { type: 'object' },
      },
      'x-kubernetes-group-version-kind': gvk,
    });
    assert.deepEqual(strip(p.v3[p.kindName]), {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }] },
        spec: { type: 'object' },
        status: { type: 'object' },
      },
      'x-kubernetes-group-version-kind': gvk,
    });
  });

  it('v2 is lossy: oneOf, nullable, preserve-unknown-fields and defaults go; v3 keeps them', () => {
    const schema = {
      type: 'object',
      properties: {
        foo: { type: 'string', oneOf: [{ pattern: 'a' }, { pattern: 'b' }] },
        spec: { type: 'object', nullable: true, properties: { field: { type: 'string', default: 'foo' } } },
        ios: { 'x-kubernetes-int-or-string': true },
        embedded: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    };
    const p = publishOpenAPI(crd(schema), 'v1');
    const v2 = p.v2[p.kindName].properties as Record<string, O>;
    assert.deepEqual(v2.foo, { type: 'string' });
    assert.deepEqual(v2.spec, {});
    assert.deepEqual(v2.ios, { 'x-kubernetes-int-or-string': true });
    assert.deepEqual(v2.embedded, { 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true });
    const v3 = p.v3[p.kindName].properties as Record<string, O>;
    assert.deepEqual(v3.foo, { type: 'string', oneOf: [{ pattern: 'a' }, { pattern: 'b' }] });
    assert.deepEqual(v3.spec, { type: 'object', nullable: true, properties: { field: { type: 'string', default: 'foo' } } });
    assert.deepEqual(v3.ios, { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true });
    const emb = v3.embedded as O;
    assert.deepEqual(Object.keys(emb.properties as O), ['apiVersion', 'kind', 'metadata']);
    assert.deepEqual(emb.required, ['kind', 'apiVersion']);
  });

  it('non-structural or invalid schemas publish only the type', () => {
    for (const s of [{ type: 'object', properties: { foo: { type: 'array' } } }, { type: 'object', properties: { spec: { type: 'bug' } } }]) {
      const p = publishOpenAPI(crd(s), 'v1');
      assert.deepEqual(p.v2[p.kindName], { type: 'object', 'x-kubernetes-group-version-kind': gvk });
    }
  });

  it('the list kind and selectable fields', () => {
    const p = publishOpenAPI(crd({ type: 'object', properties: { foo: { type: 'string' } } }, { selectableFields: [{ jsonPath: '.foo' }] }), 'v1');
    const list = p.v3[p.listName];
    assert.deepEqual(list.required, ['items']);
    assert.equal(list.description, 'FooList is a list of Foo');
    assert.deepEqual((list.properties as Record<string, O>).items.items, { $ref: '#/components/schemas/io.k8s.bar.v1.Foo' });
    assert.deepEqual((p.v2[p.listName].properties as Record<string, O>).metadata.$ref, '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta');
    assert.deepEqual(list['x-kubernetes-group-version-kind'], [{ group: 'bar.k8s.io', kind: 'FooList', version: 'v1' }]);
    assert.deepEqual(p.v2[p.kindName]['x-kubernetes-selectable-fields'], [{ fieldPath: 'foo' }]);
  });
});

describe('crdschema: printer columns (registry/customresource/tableconvertor/tableconvertor_test.go)', () => {
  const now = new Date('2024-01-01T01:00:00Z');
  const obj = (o: O): KObject => ({ apiVersion: 'bar.k8s.io/v1', kind: 'Foo', metadata: { name: 'x', creationTimestamp: '2024-01-01T00:00:00Z' }, ...o }) as KObject;

  it('defaults to Name and Age', () => {
    const t = printerColumnsFor(crd({ type: 'object' }), 'v1');
    assert.deepEqual(t.columns.map((c) => [c.name, c.type, c.format]), [['Name', 'string', 'name'], ['Age', 'date', '']]);
    assert.deepEqual(t.cells(obj({}), now), ['x', '60m']);
  });

  it('typed cells', () => {
    const cols = [
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio' },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: 'Obj', type: 'string', jsonPath: '.spec.obj' },
      { name: 'Float', type: 'string', jsonPath: '.spec.ratio' },
      { name: 'Missing', type: 'string', jsonPath: '.spec.nope' },
      { name: 'Bool', type: 'boolean', jsonPath: '.spec.replicas' },
      { name: 'When', type: 'date', jsonPath: '.spec.when' },
      { name: 'Bad', type: 'date', jsonPath: '.spec.obj.b' },
    ];
    const t = printerColumnsFor(crd({ type: 'object' }, { additionalPrinterColumns: cols }), 'v1');
    assert.equal(t.columns[3].description, 'Custom resource definition column (in JSONPath format): .status.conditions[?(@.type=="Ready")].status');
    const cells = t.cells(
      obj({ spec: { replicas: 3, ratio: 1.5, obj: { b: 'x', a: [1] }, when: '2023-12-31T23:00:00Z' }, status: { conditions: [{ type: 'Other', status: 'False' }, { type: 'Ready', status: 'True' }] } }),
      now,
    );
    assert.deepEqual(cells, ['x', 3, 1.5, 'True', '{"a":[1],"b":"x"}', '1.5', null, null, '120m', '<invalid>']);
  });

  it('stops at a column that does not parse', () => {
    const t = printerColumnsFor(crd({ type: 'object' }, { additionalPrinterColumns: [{ name: 'A', type: 'string', jsonPath: '.a' }, { name: 'B', type: 'string', jsonPath: '.b[' }] }), 'v1');
    assert.deepEqual(t.columns.map((c) => c.name), ['Name', 'A']);
    assert.equal(t.error, 'unrecognized column definition ".b["');
  });

  it('selectable field values', () => {
    const c = crd({ type: 'object' }, { selectableFields: [{ jsonPath: '.spec.color' }, { jsonPath: '.spec.size' }, { jsonPath: '.spec.on' }] });
    assert.deepEqual(selectableFieldValues(c, 'v1', { spec: { color: 'red', size: 3, on: true } }), { 'spec.color': 'red', 'spec.size': '3', 'spec.on': 'true' });
    assert.deepEqual(selectableFieldValues(c, 'v1', { spec: {} }), { 'spec.color': '', 'spec.size': '', 'spec.on': '' });
  });
});

describe('crdschema: JSONPath (client-go util/jsonpath/jsonpath_test.go)', () => {
  const data = { store: { book: [{ category: 'reference', price: 8.95 }, { category: 'fiction', price: 12.5 }, { category: 'fiction', price: 8.5 }], bicycle: { color: 'red' } } };
  const find = (t: string): unknown[][] => new JSONPath(t, { allowMissingKeys: true }).findResults(data);
  it('fields, indexes, slices, wildcards, unions, recursion and filters', () => {
    assert.deepEqual(find('{.store.bicycle.color}'), [['red']]);
    assert.deepEqual(find("{.store['bicycle'].color}"), [['red']]);
    assert.deepEqual(find('{.store.book[1].price}'), [[12.5]]);
    assert.deepEqual(find('{.store.book[-1].price}'), [[8.5]]);
    assert.deepEqual(find('{.store.book[0:2].category}'), [['reference', 'fiction']]);
    assert.deepEqual(find('{.store.book[*].price}'), [[8.95, 12.5, 8.5]]);
    assert.deepEqual(find('{.store.book[0,2].price}'), [[8.95, 8.5]]);
    assert.deepEqual(find('{..color}'), [['red']]);
    assert.deepEqual(find('{.store.book[?(@.price<10.5)].price}'), [[8.95, 8.5]]);
    // an integer literal against a float is a comparison of different kinds
    assert.throws(() => find('{.store.book[?(@.price<10)].price}'), /incompatible types for comparison/);
    assert.deepEqual(find('{.store.book[?(@.category=="fiction")].price}'), [[12.5, 8.5]]);
    assert.deepEqual(find('{.store.nope}'), [[]]);
  });
  it('errors', () => {
    assert.throws(() => new JSONPath('{.a'), /unclosed action/);
    assert.throws(() => new JSONPath('{.a[}'), /unterminated array|invalid array index/);
    assert.throws(() => new JSONPath('{.store.book[9]}').findResults(data), /array index out of bounds: index 9, length 3/);
    assert.throws(() => new JSONPath('{.nope}').findResults(data), /nope is not found/);
  });
});

describe('crdschema: toPatchSchema', () => {
  it('carries list and map types and ObjectMeta at the root', () => {
    const n = toPatchSchema({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'], items: { type: 'object', properties: { port: { type: 'integer' } } } },
            sel: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: { type: 'string' } },
            ios: { 'x-kubernetes-int-or-string': true },
          },
        },
      },
    });
    const spec = n.properties?.spec;
    assert.equal(spec?.properties?.ports.listType, 'map');
    assert.deepEqual(spec?.properties?.ports.listMapKeys, ['port', 'protocol']);
    assert.equal(spec?.properties?.ports.items?.properties?.port.type, 'integer');
    assert.equal(spec?.properties?.sel.mapType, 'atomic');
    assert.equal(spec?.properties?.sel.additionalProperties?.type, 'string');
    assert.equal(spec?.properties?.ios.type, undefined);
    assert.equal(n.properties?.metadata.properties?.ownerReferences.listType, 'map');
    assert.equal(n.properties?.kind.type, 'string');
  });
});
