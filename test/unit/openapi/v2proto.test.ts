// /openapi/v2 as the gnostic openapi_v2.Document protobuf (what kubectl 1.27/1.28
// request). Decodes what openapiV2ToProtobuf writes with the generated descriptor,
// and has real Go clients (gnostic + kube-openapi, test/fixtures/openapiv2proto)
// read it and compare it with gnostic's own conversion of the same JSON.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedPath, packageRoot } from '../../../src/api/paths.js';
import { openapiV2DocumentType, openapiV2ToProtobuf, toYaml } from '../../../src/server/openapiV2Proto.js';

/** a decoded message as a plain object (protobufjs toObject) */
type M = Record<string, any>;

function decode(buf: Buffer): M {
  const t = openapiV2DocumentType();
  return t.toObject(t.decode(buf), { longs: Number, oneofs: false }) as M;
}

function byName(list: M[] | undefined, name: string): M {
  const hit = (list ?? []).find((x) => x.name === name);
  assert.ok(hit, `no entry named ${name}`);
  return hit.value as M;
}

function ext(msg: M, name: string): string {
  return (byName(msg.vendor_extension as M[], name) as { yaml: string }).yaml;
}

// A small document that walks the branches of the conversion: every oneof
// alternative gnostic can pick, every kind of security definition, Any values
// in enum/default/example, YAML styles, empty and absent sub-messages.
const SYNTHETIC = {
  swagger: '2.0',
  info: {
    title: 'synthetic',
    version: 'v0',
    description: 'd',
    termsOfService: 'tos',
    contact: { name: 'n', url: 'https://c', email: 'e@x', 'x-contact': 1 },
    license: { name: 'Apache-2.0', url: 'https://l' },
    'x-info': true,
  },
  host: 'example.com',
  basePath: '/base',
  schemes: ['https', 'wss'],
  consumes: ['application/json'],
  produces: ['application/json', 'application/yaml'],
  paths: {
    'x-paths': { a: 1 },
    '/things/{name}': {
      parameters: [
        { name: 'name', in: 'path', required: true, type: 'string', uniqueItems: true, description: 'name of the thing' },
        { $ref: '#/parameters/pretty' },
      ],
      get: {
        operationId: 'readThing',
        tags: ['things'],
        summary: 's',
        description: 'd',
        consumes: ['*/*'],
        produces: ['application/json'],
        schemes: ['https'],
        deprecated: true,
        parameters: [
          { name: 'X-Trace', in: 'header', type: 'string', description: 'trace id' },
          {
            name: 'ids',
            in: 'query',
            type: 'array',
            items: { type: 'integer', format: 'int32', minimum: 1, maximum: 5, exclusiveMaximum: true, enum: [1, 2, 3], default: 2 },
            collectionFormat: 'multi',
            allowEmptyValue: true,
          },
          { name: 'upload', in: 'formData', type: 'file', required: true },
          { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/Thing' }, 'x-body': 'y' },
        ],
        responses: {
          '200': {
            description: 'OK',
            schema: { $ref: '#/definitions/Thing' },
            headers: { 'X-Rate': { type: 'integer', description: 'rate', 'x-h': 1 } },
            examples: { 'application/json': { a: [1, 'two'] } },
          },
          '201': { description: 'a file', schema: { type: 'file' } },
          '202': { description: 'text', schema: { type: 'string' } },
          '401': { $ref: '#/responses/Unauthorized' },
          default: { description: 'error' },
          'x-responses': [1],
        },
        security: [{ BearerToken: [] }, { implicit: ['read', 'write'] }],
        externalDocs: { url: 'https://docs', description: 'more' },
        'x-kubernetes-action': 'get',
      },
      put: { responses: { '200': { description: 'OK' } } },
      post: { responses: { '201': { description: 'Created' } } },
      delete: { responses: { '200': { description: 'OK' } } },
      options: { responses: { '200': { description: 'OK' } } },
      head: { responses: { '200': { description: 'OK' } } },
      patch: {
        parameters: [{ $ref: '#/parameters/body' }],
        responses: { '200': { description: 'OK' } },
        'x-kubernetes-group-version-kind': { group: 'example.com', kind: 'Thing', version: 'v1' },
      },
      'x-path': 'p',
    },
  },
  definitions: {
    Thing: {
      type: 'object',
      title: 'Thing',
      description: 'A thing.\nOver two lines.',
      required: ['spec'],
      properties: {
        spec: { $ref: '#/definitions/Spec', description: 'the spec' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        free: { type: 'object', additionalProperties: true },
        closed: { type: 'object', additionalProperties: false },
        list: {
          type: 'array',
          items: { $ref: '#/definitions/Spec' },
          minItems: 1,
          maxItems: 10,
          uniqueItems: true,
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name', 'port'],
          'x-kubernetes-patch-strategy': 'merge,retainKeys',
        },
        number: { type: 'number', format: 'double', multipleOf: 0.5, minimum: -1.5, exclusiveMinimum: true, maximum: 100, default: 1.5 },
        text: {
          type: 'string',
          enum: ['a', '', 'true', 'null', '1.5', 'yes', 'a: b', '#x', ' x', 'multi\nline', '2020-01-01', "it's", '- x', 'tab\tx'],
          pattern: '^[a-z]+$',
          minLength: 1,
          maxLength: 63,
          default: 'a',
          example: 'b',
          readOnly: true,
        },
        nullable: { type: ['string', 'null'] },
        empty: { type: 'object', properties: {} },
        composed: {
          allOf: [{ $ref: '#/definitions/Spec' }, { type: 'object' }],
          discriminator: 'kind',
          xml: { name: 'x', namespace: 'ns', prefix: 'p', attribute: true, wrapped: true },
          externalDocs: { url: 'https://x' },
        },
        bounded: { type: 'object', minProperties: 1, maxProperties: 3 },
        intOrString: { format: 'int-or-string', 'x-kubernetes-int-or-string': true },
        defaulted: { type: 'object', default: { a: [1, { b: null }], c: {}, d: [], e: [[1, 2], [3]] } },
        zero: { type: 'integer', minimum: 0, maxLength: 0, default: 0 },
      },
      'x-kubernetes-group-version-kind': [{ group: 'example.com', kind: 'Thing', version: 'v1' }],
    },
    Spec: {
      type: 'object',
      properties: { name: { type: 'string' }, port: { type: 'integer', format: 'int32' } },
      'x-kubernetes-unions': [{ discriminator: 'type', 'fields-to-discriminateBy': { a: 'A', b: 'B' } }],
    },
  },
  parameters: {
    pretty: { name: 'pretty', in: 'query', type: 'string', uniqueItems: true },
    body: { name: 'body', in: 'body', required: true, schema: { type: 'object' } },
  },
  responses: { Unauthorized: { description: 'Unauthorized', schema: { type: 'string' } } },
  security: [{ BearerToken: [] }],
  securityDefinitions: {
    BearerToken: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' },
    basic: { type: 'basic', description: 'b' },
    implicit: { type: 'oauth2', flow: 'implicit', authorizationUrl: 'https://a', scopes: { read: 'r', write: 'w' } },
    password: { type: 'oauth2', flow: 'password', tokenUrl: 'https://t', scopes: {} },
    application: { type: 'oauth2', flow: 'application', tokenUrl: 'https://t', description: 'app' },
    accessCode: { type: 'oauth2', flow: 'accessCode', authorizationUrl: 'https://a', tokenUrl: 'https://t', 'x-sec': 1 },
  },
  tags: [{ name: 'things', description: 'tag', externalDocs: { url: 'https://t' }, 'x-tag': 1 }],
  externalDocs: { url: 'https://docs', description: 'docs' },
  'x-document': { k: ['v'] },
};

describe('openapi v2 as gnostic protobuf', function () {
  const kubeText = readFileSync(generatedPath('openapi-v2.json'), 'utf8');
  const kubeJson = JSON.parse(kubeText) as { paths: Record<string, M>; definitions: Record<string, M> };
  const kubeBytes = openapiV2ToProtobuf(JSON.parse(kubeText) as object);
  const kube = decode(kubeBytes);
  const synthBytes = openapiV2ToProtobuf(SYNTHETIC);
  const synth = decode(synthBytes);

  describe('the built-in Kubernetes document', function () {
    it('keeps every path and definition, in document order', function () {
      assert.equal(kube.swagger, '2.0');
      assert.deepEqual(
        (kube.paths.path as M[]).map((p) => p.name),
        Object.keys(kubeJson.paths).filter((k) => k.startsWith('/')),
      );
      assert.deepEqual(
        (kube.definitions.additional_properties as M[]).map((d) => d.name),
        Object.keys(kubeJson.definitions),
      );
    });

    it('writes vendor extensions as NamedAny with YAML values', function () {
      const deployment = byName(kube.definitions.additional_properties, 'io.k8s.api.apps.v1.Deployment');
      assert.equal(ext(deployment, 'x-kubernetes-group-version-kind'), '- group: apps\n  kind: Deployment\n  version: v1\n');
      const podSpec = byName(kube.definitions.additional_properties, 'io.k8s.api.core.v1.PodSpec');
      const containers = byName(podSpec.properties.additional_properties, 'containers');
      assert.equal(ext(containers, 'x-kubernetes-patch-merge-key'), 'name\n');
      assert.equal(ext(containers, 'x-kubernetes-patch-strategy'), 'merge\n');
      assert.equal(ext(containers, 'x-kubernetes-list-type'), 'map\n');
      assert.equal(ext(containers, 'x-kubernetes-list-map-keys'), '- name\n');
    });

    it('keeps $ref, items, type and additionalProperties', function () {
      const deployment = byName(kube.definitions.additional_properties, 'io.k8s.api.apps.v1.Deployment');
      assert.equal(byName(deployment.properties.additional_properties, 'metadata')._ref, '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
      assert.deepEqual(byName(deployment.properties.additional_properties, 'kind').type, { value: ['string'] });
      const meta = byName(kube.definitions.additional_properties, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
      const labels = byName(meta.properties.additional_properties, 'labels');
      assert.deepEqual(labels.type, { value: ['object'] });
      assert.deepEqual(labels.additional_properties, { schema: { type: { value: ['string'] } } });
      const finalizers = byName(meta.properties.additional_properties, 'finalizers');
      assert.deepEqual(finalizers.items.schema, [{ type: { value: ['string'] } }]);
      const refs = byName(meta.properties.additional_properties, 'ownerReferences');
      assert.equal(refs.items.schema[0]._ref, '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference');
    });

    it('encodes parameters and responses with gnostic oneofs', function () {
      const item = byName(kube.paths.path, '/apis/apps/v1/namespaces/{namespace}/deployments/{name}');
      const pathParams = item.parameters as M[];
      assert.equal(pathParams[0].parameter.non_body_parameter.path_parameter_sub_schema.name, 'name');
      assert.equal(pathParams[0].parameter.non_body_parameter.path_parameter_sub_schema.required, true);
      assert.match(pathParams[1].json_reference._ref as string, /^#\/parameters\/namespace-/);
      const patch = item.patch as M;
      assert.equal(ext(patch, 'x-kubernetes-action'), 'patch\n');
      assert.equal(ext(patch, 'x-kubernetes-group-version-kind'), 'group: apps\nkind: Deployment\nversion: v1\n');
      const params = patch.parameters as M[];
      const bodyRef = params.find((p) => (p.json_reference?._ref as string | undefined)?.startsWith('#/parameters/body-'))?.json_reference._ref as string;
      assert.ok(bodyRef, 'the PATCH body is a #/parameters reference');
      const body = byName(kube.parameters.additional_properties, bodyRef.slice('#/parameters/'.length)).body_parameter as M;
      assert.equal(body.name, 'body');
      assert.equal(body.required, true);
      assert.equal(body.schema._ref, '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch');
      const queries = params.map((p) => p.parameter?.non_body_parameter?.query_parameter_sub_schema?.name).filter(Boolean);
      assert.deepEqual(queries, ['dryRun', 'fieldValidation']);
      const ok = byName(patch.responses.response_code, '200').response as M;
      assert.equal(ok.description, 'OK');
      assert.equal(ok.schema.schema._ref, '#/definitions/io.k8s.api.apps.v1.Deployment');
      assert.deepEqual(kube.security, [{ additional_properties: [{ name: 'BearerToken', value: {} }] }]);
      assert.ok(byName(kube.security_definitions.additional_properties, 'BearerToken').api_key_security);
    });
  });

  describe('a synthetic document', function () {
    const thing = (): M => byName(synth.definitions.additional_properties, 'Thing');
    const prop = (name: string): M => byName(thing().properties.additional_properties, name);

    it('picks the oneof alternative gnostic picks', function () {
      const item = byName(synth.paths.path, '/things/{name}');
      assert.equal(item.parameters[0].parameter.non_body_parameter.path_parameter_sub_schema.name, 'name');
      assert.equal(item.parameters[1].json_reference._ref, '#/parameters/pretty');
      const [header, query, form, body] = item.get.parameters as M[];
      assert.equal(header.parameter.non_body_parameter.header_parameter_sub_schema.name, 'X-Trace');
      const q = query.parameter.non_body_parameter.query_parameter_sub_schema as M;
      assert.equal(q.allow_empty_value, true);
      assert.equal(q.items.type, 'integer');
      assert.deepEqual((q.items.enum as M[]).map((a) => a.yaml), ['1\n', '2\n', '3\n']);
      assert.equal(q.items.default.yaml, '2\n');
      assert.equal(form.parameter.non_body_parameter.form_data_parameter_sub_schema.type, 'file');
      assert.equal(body.parameter.body_parameter.schema._ref, '#/definitions/Thing');
      const codes = item.get.responses.response_code as M[];
      assert.deepEqual(
        codes.map((c) => c.name),
        ['200', '201', '202', '401', 'default'],
      );
      assert.equal(byName(codes, '201').response.schema.file_schema.type, 'file');
      assert.deepEqual(byName(codes, '202').response.schema.schema.type, { value: ['string'] });
      assert.equal(byName(codes, '401').json_reference._ref, '#/responses/Unauthorized');
      assert.equal(ext(item.get.responses, 'x-responses'), '- 1\n');
      const sd = synth.security_definitions.additional_properties as M[];
      assert.deepEqual(
        sd.map((d) => Object.keys(d.value as M)[0]),
        [
          'api_key_security',
          'basic_authentication_security',
          'oauth2_implicit_security',
          'oauth2_password_security',
          'oauth2_application_security',
          'oauth2_access_code_security',
        ],
      );
      assert.deepEqual(byName(sd, 'implicit').oauth2_implicit_security.scopes, {
        additional_properties: [
          { name: 'read', value: 'r' },
          { name: 'write', value: 'w' },
        ],
      });
    });

    it('writes additionalProperties as a schema or a boolean, false included', function () {
      assert.deepEqual(prop('labels').additional_properties, { schema: { type: { value: ['string'] } } });
      assert.deepEqual(prop('free').additional_properties, { boolean: true });
      assert.deepEqual(prop('closed').additional_properties, { boolean: false });
    });

    it('keeps empty sub-messages and drops zero scalars like proto3', function () {
      assert.deepEqual(prop('empty').properties, {});
      assert.equal(prop('labels').properties, undefined);
      const zero = prop('zero');
      assert.equal(zero.minimum, undefined);
      assert.equal(zero.max_length, undefined);
      assert.equal(zero.default.yaml, '0\n');
      assert.deepEqual(prop('nullable').type, { value: ['string', 'null'] });
      assert.equal(prop('bounded').min_properties, 1);
      assert.equal(prop('number').multiple_of, 0.5);
      assert.equal(prop('number').exclusive_minimum, true);
    });

    it('writes enum, default and example values as YAML', function () {
      const text = prop('text');
      assert.deepEqual(
        (text.enum as M[]).map((a) => a.yaml),
        ['a\n', '""\n', '"true"\n', '"null"\n', '"1.5"\n', 'yes\n', "'a: b'\n", "'#x'\n", "' x'\n", '|-\n    multi\n    line\n', '"2020-01-01"\n', "it's\n", "'- x'\n", '"tab\\tx"\n'],
      );
      assert.equal(text.default.yaml, 'a\n');
      assert.equal(text.example.yaml, 'b\n');
      assert.equal(prop('defaulted').default.yaml, 'a:\n    - 1\n    - b: null\nc: {}\nd: []\ne:\n    - - 1\n      - 2\n    - - 3\n');
      assert.equal(ext(thing(), 'x-kubernetes-group-version-kind'), '- group: example.com\n  kind: Thing\n  version: v1\n');
      const spec = byName(synth.definitions.additional_properties, 'Spec');
      assert.equal(ext(spec, 'x-kubernetes-unions'), '- discriminator: type\n  fields-to-discriminateBy:\n    a: A\n    b: B\n');
      assert.equal(ext(synth, 'x-document'), 'k:\n    - v\n');
      assert.equal(ext(synth.paths, 'x-paths'), 'a: 1\n');
    });
  });

  describe('YAML of values', function () {
    const cases: [unknown, string][] = [
      ['plain', 'plain\n'],
      ['', '""\n'],
      ['true', '"true"\n'],
      ['~', '"~"\n'],
      ['0x1F', '"0x1F"\n'],
      ['123_456', '"123_456"\n'],
      ['.5', '".5"\n'],
      ['y', 'y\n'],
      ['k8s.io/name', 'k8s.io/name\n'],
      ['a #b', "'a #b'\n"],
      ['x:', "'x:'\n"],
      ['1:2', '1:2\n'],
      ['---', "'---'\n"],
      ['"q"', `'"q"'\n`],
      ['line1\nline2\n', '|\n    line1\n    line2\n'],
      ['a\n\nb\n\n', '|+\n    a\n\n    b\n\n'],
      ['\n lead', '|4-\n\n     lead\n'],
      ['trail \nx', '"trail \\nx"\n'],
      ['\u0001', '"\\x01"\n'],
      ['ü', 'ü\n'],
      [1.5, '1.5\n'],
      [null, 'null\n'],
      [false, 'false\n'],
      [[], '[]\n'],
      [{}, '{}\n'],
      [{ '': 1, 'a b': 2, true: 3 }, '"": 1\na b: 2\n"true": 3\n'],
      [[['a']], '- - a\n'],
      [[{ a: [{ b: 1 }] }], '- a:\n    - b: 1\n'],
      [{ a: [{ b: { c: [1] } }] }, 'a:\n    - b:\n        c:\n            - 1\n'],
      [['multi\nline'], '- |-\n  multi\n  line\n'],
      [{ a: { k: 'x\ny' } }, 'a:\n    k: |-\n        x\n        y\n'],
    ];
    for (const [value, want] of cases)
      it(`writes ${JSON.stringify(value)} like go-yaml v3`, function () {
        assert.equal(toYaml(value), want);
      });
  });

  describe('read by Go clients (gnostic + kube-openapi, as kubectl 1.27/1.28 do)', function () {
    this.timeout(600_000);
    let checker = '';
    let dir = '';

    before(function () {
      const go = spawnSync('go', ['version'], { encoding: 'utf8' });
      if (go.error || go.status !== 0) {
        console.log(`      skipping: no usable go toolchain on PATH (${go.error?.message ?? go.stderr})`);
        this.skip();
      }
      const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'tskube');
      mkdirSync(cache, { recursive: true });
      checker = join(cache, 'openapiv2proto-check');
      const build = spawnSync('nice', ['-n', '19', 'go', 'build', '-o', checker, '.'], {
        cwd: join(packageRoot, 'test', 'fixtures', 'openapiv2proto'),
        encoding: 'utf8',
      });
      assert.equal(build.status, 0, `go build failed: ${build.stderr}`);
      dir = mkdtempSync(join(tmpdir(), 'tskube-openapiv2-'));
    });

    after(function () {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    function check(name: string, bytes: Buffer, json: string, ...flags: string[]): M {
      const pb = join(dir, `${name}.pb`);
      const js = join(dir, `${name}.json`);
      writeFileSync(pb, bytes);
      writeFileSync(js, json);
      const run = spawnSync(checker, ['-proto', pb, '-json', js, ...flags], { encoding: 'utf8', maxBuffer: 64 << 20 });
      assert.equal(run.status, 0, `checker failed: ${run.stderr}`);
      return JSON.parse(run.stdout) as M;
    }

    it('builds proto.Models, finds Deployment and its GVK, and matches kube-apiserver byte for byte', function () {
      const r = check('kube', kubeBytes, kubeText);
      assert.equal(r.definitions, Object.keys(kubeJson.definitions).length);
      assert.equal(r.models, r.definitions);
      assert.deepEqual(r.deploymentGVK, ['apps/v1/Deployment']);
      assert.ok((r.deploymentFields as string[]).includes('spec'));
      assert.deepEqual(r.validErrors, []);
      assert.match((r.invalidErrors as string[]).join('\n'), /unknown field "imagee"/);
      assert.equal(r.fieldValidation, true);
      assert.equal(r.compare.exact, true, r.compare.firstDifference ?? r.compare.firstYamlDiff);
      assert.equal(r.compare.sameBytes, true);
    });

    it('converts the synthetic document exactly as gnostic does', function () {
      const r = check('synthetic', synthBytes, JSON.stringify(SYNTHETIC), '-compare-only');
      assert.equal(r.compare.yamlTextDiffering, 0, r.compare.firstYamlDiff);
      assert.equal(r.compare.exact, true, r.compare.firstDifference);
      assert.equal(r.compare.sameBytes, true);
    });
  });
});
