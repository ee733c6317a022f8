import { strict as assert } from 'node:assert';
import { fieldErrorMessage } from '../../../src/machinery/errors.js';
import { compile, evaluate, validateCelRules, validateSchemaRules, type JSONSchemaProps } from '../../../src/machinery/cel/index.js';

const msgs = (schema: JSONSchemaProps, obj: unknown, old?: unknown, base?: string) => validateCelRules(schema, obj, old, base).map(fieldErrorMessage);

const widget = (spec: JSONSchemaProps, extra: Partial<JSONSchemaProps> = {}): JSONSchemaProps => ({
  type: 'object',
  properties: { spec, status: { type: 'object', properties: { phase: { type: 'string' } } } },
  ...extra,
});

describe('cel: schema-typed values', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: {
      replicas: { type: 'integer' },
      ratio: { type: 'number' },
      name: { type: 'string' },
      'x-foo.bar/baz': { type: 'string' },
      namespace: { type: 'string' },
      port: { 'x-kubernetes-int-or-string': true },
      when: { type: 'string', format: 'date-time' },
      ttl: { type: 'string', format: 'duration' },
      data: { type: 'string', format: 'byte' },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      ports: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
      },
    },
  };
  const obj = {
    replicas: 3,
    ratio: 2,
    name: 'a',
    'x-foo.bar/baz': 'esc',
    namespace: 'ns',
    port: '80%',
    when: '2024-01-02T03:04:05Z',
    ttl: '1h',
    data: 'aGVsbG8=',
    labels: { app: 'x' },
    tags: ['a', 'b'],
    ports: [
      { name: 'http', port: 80 },
      { name: 'https', port: 443 },
    ],
  };
  const table: Array<[string, unknown]> = [
    ['self.replicas + 1', 4],
    ['self.ratio == 2.0', true],
    ['type(self.ratio) == double', true],
    ['self.x__dash__foo__dot__bar__slash__baz', 'esc'],
    ['self.__namespace__', 'ns'],
    ["type(self.port) == string && self.port.endsWith('%')", true],
    ['self.when.getFullYear()', 2024],
    ["self.when < timestamp('2025-01-01T00:00:00Z')", true],
    ["self.ttl == duration('60m')", true],
    ["self.data == b'hello'", true],
    ["self.labels.app == 'x' && 'app' in self.labels", true],
    ["self.tags == ['b', 'a']", true],
    ["self.ports.exists(p, p.name == 'https' && p.port == 443)", true],
    ['self.ports.map(p, p.port).sum()', 523],
    ['has(self.name) && !has(self.ratio2)', undefined],
  ];
  for (const [expr, want] of table) {
    it(expr, () => {
      const r = compile(expr, { hasOldSelf: false, selfSchema: schema });
      if (want === undefined) {
        assert.ok(r.error?.includes("undefined field 'ratio2'"), r.error);
        return;
      }
      assert.equal(r.error, undefined, r.error);
      const out = evaluate(r.program!, { self: obj });
      assert.equal(out.error, undefined);
      const val = typeof out.value === 'bigint' ? Number(out.value) : out.value;
      assert.deepStrictEqual(val, want);
    });
  }

  it('list-type=map and set lists compare ignoring order', () => {
    const r = compile('self.ports == oldSelf.ports && self.tags == oldSelf.tags', { hasOldSelf: true, selfSchema: schema });
    assert.equal(r.error, undefined, r.error);
    const out = evaluate(r.program!, { self: obj, oldSelf: { ...obj, ports: [...obj.ports].reverse(), tags: ['b', 'a'] } });
    assert.equal(out.value, true);
    const changed = evaluate(r.program!, { self: obj, oldSelf: { ...obj, ports: [{ name: 'http', port: 81 }, obj.ports[1]] } });
    assert.equal(changed.value, false);
  });

  it('objects of distinct schema nodes are distinct types', () => {
    const s: JSONSchemaProps = { type: 'object', properties: { a: schema.properties!.ports, b: schema.properties!.ports } };
    assert.match(compile('self.a == self.b', { hasOldSelf: false, selfSchema: s }).error!, /found no matching overload for '_==_'/);
  });

  it('resource roots declare apiVersion, kind and metadata.name', () => {
    const r = compile("self.metadata.name.startsWith('w') && self.kind == 'Widget'", { hasOldSelf: false, selfSchema: widget({ type: 'object' }), isResourceRoot: true });
    assert.equal(r.error, undefined);
    assert.equal(evaluate(r.program!, { self: { kind: 'Widget', metadata: { name: 'w1' } } }).value, true);
    const bad = compile('self.metadata.labels.size() > 0', { hasOldSelf: false, selfSchema: widget({ type: 'object' }), isResourceRoot: true });
    assert.match(bad.error!, /undefined field 'labels'/);
  });

  it('reports compile errors in cel-go form', () => {
    const r = compile('self.nope == 1', { hasOldSelf: false, selfSchema: schema });
    assert.equal(r.error, "ERROR: <input>:1:5: undefined field 'nope'\n | self.nope == 1\n | ....^");
    const r2 = compile('self.name + 1', { hasOldSelf: false, selfSchema: schema });
    assert.equal(r2.error, "ERROR: <input>:1:11: found no matching overload for '_+_' applied to '(string, int)'\n | self.name + 1\n | ..........^");
  });

  it('oldSelf is only declared when asked for', () => {
    assert.match(compile('self == oldSelf', { hasOldSelf: false }).error!, /undeclared reference to 'oldSelf'/);
    const p = compile('self == oldSelf', { hasOldSelf: true }).program!;
    assert.equal(p.usesOldSelf, true);
    assert.equal(evaluate(p, { self: 1, oldSelf: 1 }).value, true);
  });

  it('stops pathological rules at the cost limit', () => {
    const p = compile('lists.range(2000).all(i, lists.range(2000).all(j, i + j >= 0))', { hasOldSelf: false }).program!;
    const started = Date.now();
    const out = evaluate(p, { self: null });
    assert.equal(out.error, 'operation cancelled: actual cost limit exceeded');
    assert.ok(Date.now() - started < 5000);
  });
});

describe('cel: validateCelRules', () => {
  const spec: JSONSchemaProps = {
    type: 'object',
    'x-kubernetes-validations': [{ rule: '!has(self.minReplicas) || self.minReplicas <= self.maxReplicas', message: 'minReplicas must not exceed maxReplicas' }],
    properties: {
      minReplicas: { type: 'integer' },
      maxReplicas: { type: 'integer' },
      mode: { type: 'string', 'x-kubernetes-validations': [{ rule: "self in ['a', 'b']" }] },
      immutable: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'Value is immutable' }] },
      items: {
        type: 'array',
        items: { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.size > 0', messageExpression: "'size of ' + self.name + ' must be positive'" }] },
      },
      keyed: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        items: {
          type: 'object',
          properties: { name: { type: 'string' }, value: { type: 'string' } },
          'x-kubernetes-validations': [{ rule: 'self.value == oldSelf.value', message: 'value is immutable' }],
        },
      },
      plain: {
        type: 'array',
        items: { type: 'object', properties: { value: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'self.value == oldSelf.value' }] },
      },
      byKey: {
        type: 'object',
        additionalProperties: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self >= oldSelf', message: 'may not decrease' }] },
      },
    },
  };
  const schema = widget(spec);

  it('passes a valid object', () => {
    assert.deepStrictEqual(msgs(schema, { spec: { minReplicas: 1, maxReplicas: 2, mode: 'a' } }), []);
  });

  it('renders failures with the schema type as value', () => {
    assert.deepStrictEqual(msgs(schema, { spec: { minReplicas: 3, maxReplicas: 2, mode: 'c' } }), [
      'spec: Invalid value: "object": minReplicas must not exceed maxReplicas',
      'spec.mode: Invalid value: "string": failed rule: self in [\'a\', \'b\']',
    ]);
  });

  it('evaluates messageExpression and list items', () => {
    assert.deepStrictEqual(msgs(schema, { spec: { items: [{ name: 'x', size: 1 }, { name: 'y', size: 0 }] } }), ['spec.items[1]: Invalid value: "object": size of y must be positive']);
  });

  it('runtime errors name the rule', () => {
    assert.deepStrictEqual(msgs(schema, { spec: { minReplicas: 1 } }), ['spec: Invalid value: "object": no such key: maxReplicas evaluating rule: minReplicas must not exceed maxReplicas']);
    const s = widget({ type: 'object', properties: { n: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: '10 / self.n > 1' }] });
    assert.deepStrictEqual(msgs(s, { spec: { n: 0 } }), ['spec: Invalid value: "object": division by zero evaluating rule: 10 / self.n > 1']);
  });

  it('transition rules run only with an old value', () => {
    assert.deepStrictEqual(msgs(schema, { spec: { immutable: 'x' } }), []);
    assert.deepStrictEqual(msgs(schema, { spec: { immutable: 'x' } }, { spec: { immutable: 'x' } }), []);
    assert.deepStrictEqual(msgs(schema, { spec: { immutable: 'y' } }, { spec: { immutable: 'x' } }), ['spec.immutable: Invalid value: "string": Value is immutable']);
  });

  it('correlates list-type=map items by key, not plain lists', () => {
    const old = { spec: { keyed: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }], plain: [{ value: '1' }] } };
    const cur = { spec: { keyed: [{ name: 'b', value: '3' }, { name: 'c', value: '9' }, { name: 'a', value: '1' }], plain: [{ value: '2' }] } };
    assert.deepStrictEqual(msgs(schema, cur, old), ['spec.keyed[0]: Invalid value: "object": value is immutable']);
  });

  it('correlates map entries by key', () => {
    assert.deepStrictEqual(msgs(schema, { spec: { byKey: { a: 1, b: 5 } } }, { spec: { byKey: { a: 2 } } }), ['spec.byKey[a]: Invalid value: "integer": may not decrease']);
  });

  it('reason and fieldPath shape the error', () => {
    const s = widget({
      type: 'object',
      properties: { a: { type: 'string' }, m: { type: 'object', additionalProperties: { type: 'string' } } },
      'x-kubernetes-validations': [
        { rule: 'has(self.a)', reason: 'FieldValueRequired', fieldPath: '.a', message: 'a is required' },
        { rule: "self.a != 'x'", reason: 'FieldValueForbidden', message: 'x is forbidden' },
        { rule: 'false', reason: 'FieldValueDuplicate' },
        { rule: "!('k' in self.m)", fieldPath: ".m['k']", message: 'no k' },
      ],
    });
    assert.deepStrictEqual(msgs(s, { spec: { m: {} } }), [
      'spec.a: Required value: a is required',
      'spec: Invalid value: "object": no such key: a evaluating rule: x is forbidden',
      'spec: Duplicate value: "object"',
    ]);
    assert.deepStrictEqual(msgs(s, { spec: { a: 'x', m: { k: 'v' } } }), ['spec: Forbidden: x is forbidden', 'spec: Duplicate value: "object"', 'spec.m[k]: Invalid value: "object": no k']);
  });

  it('messageExpression failures fall back to the message', () => {
    const s = widget({
      type: 'object',
      properties: { n: { type: 'integer' } },
      'x-kubernetes-validations': [
        { rule: 'self.n > 1', message: 'static', messageExpression: "'bad: ' + string(10 / (self.n - self.n))" },
        { rule: 'self.n > 1', messageExpression: "'  '" },
      ],
    });
    assert.deepStrictEqual(msgs(s, { spec: { n: 1 } }), ['spec: Invalid value: "object": static', 'spec: Invalid value: "object": failed rule: self.n > 1']);
  });

  it('optionalOldSelf rules see oldSelf as an optional', () => {
    const s = widget({
      type: 'object',
      properties: { v: { type: 'integer' } },
      'x-kubernetes-validations': [{ rule: 'oldSelf.hasValue() ? self.v >= oldSelf.value().v : self.v == 0', optionalOldSelf: true, message: 'bad v' }],
    });
    assert.deepStrictEqual(msgs(s, { spec: { v: 1 } }), ['spec: Invalid value: "object": bad v']);
    assert.deepStrictEqual(msgs(s, { spec: { v: 0 } }), []);
    assert.deepStrictEqual(msgs(s, { spec: { v: 3 } }, { spec: { v: 2 } }), []);
    assert.deepStrictEqual(msgs(s, { spec: { v: 1 } }, { spec: { v: 2 } }), ['spec: Invalid value: "object": bad v']);
  });

  it('root rules print <nil> and see the resource metadata', () => {
    const s = widget({ type: 'object' }, { 'x-kubernetes-validations': [{ rule: "self.metadata.name != 'forbidden'", message: 'bad name' }] });
    assert.deepStrictEqual(msgs(s, { metadata: { name: 'forbidden' }, spec: {} }), ['<nil>: Invalid value: "object": bad name']);
    assert.deepStrictEqual(msgs(s, { metadata: { name: 'ok' }, spec: {} }), []);
  });

  it('int-or-string values are dyn: type errors surface at runtime', () => {
    const s = widget({ type: 'object', properties: { p: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-validations': [{ rule: 'self > 0' }] } } });
    assert.deepStrictEqual(msgs(s, { spec: { p: 5 } }), []);
    assert.deepStrictEqual(msgs(s, { spec: { p: '5' } }), [
      "spec.p: Invalid value: \"\": 'no such overload': call arguments did not match a supported operator, function or macro signature for rule: self > 0",
    ]);
  });

  it('rules under allOf are evaluated', () => {
    const s = widget({ type: 'object', properties: { a: { type: 'integer' } }, allOf: [{ 'x-kubernetes-validations': [{ rule: 'self.a < 10', message: 'too big' }] }] });
    assert.deepStrictEqual(msgs(s, { spec: { a: 11 } }), ['spec: Invalid value: "object": too big']);
  });

  it('compile errors are reported at evaluation too', () => {
    const s = widget({ type: 'object', 'x-kubernetes-validations': [{ rule: 'self.nope' }] });
    const out = msgs(s, { spec: {} });
    assert.equal(out.length, 1);
    assert.match(out[0], /^spec: Invalid value: "object": rule compile error: compilation failed: ERROR: <input>:1:5: undefined field 'nope'/);
  });

  it('stops at the cost budget', () => {
    const s = widget({
      type: 'object',
      properties: { xs: { type: 'array', items: { type: 'integer' } } },
      'x-kubernetes-validations': [{ rule: 'self.xs.all(a, self.xs.all(b, self.xs.all(c, a + b + c >= 0)))' }],
    });
    const xs = Array.from({ length: 200 }, (_, i) => i);
    const out = msgs(s, { spec: { xs } });
    assert.equal(out.length, 1);
    assert.match(out[0], /operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule/);
  });

  it('compiles each schema once', () => {
    const s = widget({ type: 'object', properties: { n: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self % 2 == 0' }] } } });
    const started = Date.now();
    for (let i = 0; i < 2000; i++) msgs(s, { spec: { n: i * 2 } });
    assert.ok(Date.now() - started < 3000);
  });
});

describe('cel: validateSchemaRules (CRD create/update)', () => {
  const base = 'spec.validation.openAPIV3Schema';
  it('reports compile errors with the rule value', () => {
    const s: JSONSchemaProps = { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-validations': [{ rule: 'self.x > 0' }] } } };
    const errs = validateSchemaRules(s, base).map(fieldErrorMessage);
    assert.deepStrictEqual(errs, [
      `${base}.properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:"self.x > 0", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:5: undefined field 'x'\n | self.x > 0\n | ....^`,
    ]);
  });

  it('requires boolean rules and string messageExpressions', () => {
    const s: JSONSchemaProps = { type: 'object', 'x-kubernetes-validations': [{ rule: '1', messageExpression: '2' }] };
    const errs = validateSchemaRules(s, base).map(fieldErrorMessage);
    assert.equal(errs.length, 2);
    assert.match(errs[0], /\.rule: Invalid value: apiextensions\.ValidationRule\{.*\}: cel expression must evaluate to a bool$/);
    assert.match(errs[1], /\.messageExpression: Invalid value: .*: messageExpression must evaluate to a string$/);
  });

  it('rejects oldSelf on uncorrelatable parts and bad fieldPaths', () => {
    const s: JSONSchemaProps = {
      type: 'object',
      properties: {
        l: { type: 'array', items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] } },
        o: { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'true', fieldPath: '.b' }] },
      },
    };
    const errs = validateSchemaRules(s, base).map(fieldErrorMessage);
    assert.deepStrictEqual(errs, [
      `${base}.properties[l].items.x-kubernetes-validations[0].rule: Invalid value: "self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema within ${base}.properties[l].items`,
      `${base}.properties[o].x-kubernetes-validations[0].fieldPath: Invalid value: ".b": fieldPath must be a valid path: does not refer to a valid field`,
    ]);
  });
});
