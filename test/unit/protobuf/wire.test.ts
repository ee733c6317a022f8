// Field-level behaviour of the protobuf codec: presence, special types,
// wire-format tolerance and errors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../src/api/paths.js';
import { ApiError } from '../../../src/machinery/errors.js';
import { decodeProtobufObject, encodeProtobufObject, protobufMessageName } from '../../../src/machinery/protobuf/codec.js';
import type { KObject } from '../../../src/machinery/objects.js';

// ---- hand-built protobuf ------------------------------------------------------

function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
const tag = (id: number, wt: number): number[] => varint((id << 3) | wt);
const bytesField = (id: number, body: number[] | Buffer | string): number[] => {
  const b = typeof body === 'string' ? [...Buffer.from(body, 'utf8')] : [...body];
  return [...tag(id, 2), ...varint(b.length), ...b];
};
const intField = (id: number, n: number | bigint): number[] => [...tag(id, 0), ...varint(n)];

function envelope(apiVersion: string, kind: string, raw: number[] | undefined): Buffer {
  const typeMeta = [...bytesField(1, apiVersion), ...bytesField(2, kind)];
  return Buffer.from([
    ...Buffer.from('k8s\0', 'latin1'),
    ...bytesField(1, typeMeta),
    ...(raw ? bytesField(2, raw) : []),
    ...bytesField(3, ''),
    ...bytesField(4, ''),
  ]);
}

function badRequest(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ApiError, `expected an ApiError, got ${String(err)}`);
    assert.equal(err.code, 400);
    assert.equal(err.reason, 'BadRequest');
    assert.match(err.message, message);
    return true;
  });
}

const roundTrip = (obj: KObject): KObject => decodeProtobufObject(encodeProtobufObject(obj));

// ---- tests ---------------------------------------------------------------------

describe('protobuf codec: fields and presence', () => {
  it('fills in the zero values a Go client would marshal', () => {
    // what a Go client sends for a Pod it built with just a name
    const out = roundTrip({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
    assert.deepStrictEqual(out, { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' }, spec: { containers: null }, status: {} });
  });

  it('keeps explicitly set zero values of optional (pointer) fields and drops omitempty zero values', () => {
    const out = roundTrip({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', generation: 0, namespace: '' },
      spec: {
        replicas: 0,
        paused: false,
        minReadySeconds: 0,
        template: { spec: { containers: [{ name: 'c', image: '', stdin: false, securityContext: { privileged: false, runAsUser: 0, procMount: '' } }] } },
        selector: null,
      },
    });
    const spec = out.spec as Record<string, unknown>;
    assert.equal(spec.replicas, 0);
    assert.ok(!('paused' in spec) && !('minReadySeconds' in spec));
    // json:"selector" without omitempty: a nil pointer is marshalled as null
    assert.equal(spec.selector, null);
    assert.deepStrictEqual(out.metadata, { name: 'd' });
    const c = (spec.template as { spec: { containers: Record<string, unknown>[] } }).spec.containers[0];
    assert.deepStrictEqual(c, { name: 'c', resources: {}, securityContext: { privileged: false, runAsUser: 0, procMount: '' } });
  });

  it('drops fields it does not know (as a Go client would)', () => {
    const out = roundTrip({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', bogus: 1 }, data: { a: 'b' }, extra: { x: 1 } });
    assert.deepStrictEqual(out, { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c' }, data: { a: 'b' } });
  });

  it('skips unknown protobuf fields when decoding', () => {
    const cm = [...bytesField(1, bytesField(1, 'c')), ...bytesField(999, 'future'), ...intField(1000, 7), ...bytesField(2, [...bytesField(1, 'k'), ...bytesField(2, 'v')])];
    assert.deepStrictEqual(decodeProtobufObject(envelope('v1', 'ConfigMap', cm)), {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'c' },
      data: { k: 'v' },
    });
  });

  it('accepts packed repeated scalars', () => {
    // PodSecurityContext.supplementalGroups (field 4) packed instead of one tag per value
    const packed = [1, 2, 300].flatMap((n) => varint(n));
    const psc = [...tag(4, 2), ...varint(packed.length), ...packed];
    const spec = bytesField(14, psc);
    const pod = [...bytesField(1, []), ...bytesField(2, spec)];
    const out = decodeProtobufObject(envelope('v1', 'Pod', pod));
    assert.deepStrictEqual((out.spec as { securityContext: unknown }).securityContext, { supplementalGroups: [1, 2, 300] });
  });

  it('handles integers across the int32/int64 ranges', () => {
    const out = roundTrip({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', generation: Number.MAX_SAFE_INTEGER },
      spec: {
        containers: [{ name: 'c', resources: {}, ports: [{ containerPort: 2147483647, hostPort: -2147483648 }] }],
        priority: -5,
        activeDeadlineSeconds: -9007199254740991,
      },
      status: {},
    });
    assert.equal(out.metadata?.generation, Number.MAX_SAFE_INTEGER);
    const spec = out.spec as { priority: number; activeDeadlineSeconds: number; containers: { ports: unknown[] }[] };
    assert.equal(spec.priority, -5);
    assert.equal(spec.activeDeadlineSeconds, -9007199254740991);
    assert.deepStrictEqual(spec.containers[0].ports, [{ containerPort: 2147483647, hostPort: -2147483648 }]);
  });

  it('encodes negative int32 values as 10-byte varints, like Go', () => {
    const bytes = encodeProtobufObject({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { priority: -1 } });
    // PodSpec.priority is field 25: tag 0xc8 0x01, then ten bytes
    const at = bytes.indexOf(Buffer.from([0xc8, 0x01, 0xff]));
    assert.ok(at > 0);
    assert.deepStrictEqual([...bytes.subarray(at + 2, at + 12)], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('converts quantities and int-or-string values', () => {
    const out = roundTrip({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {},
      spec: {
        containers: [
          {
            name: 'c',
            resources: { limits: { cpu: 2, memory: '1.5Gi' } },
            readinessProbe: { httpGet: { port: 8080 } },
            livenessProbe: { httpGet: { port: 'metrics' } },
          },
        ],
      },
    });
    const c = (out.spec as { containers: Record<string, Record<string, unknown>>[] }).containers[0];
    assert.deepStrictEqual(c.resources, { limits: { cpu: '2', memory: '1.5Gi' } });
    assert.deepStrictEqual(c.readinessProbe, { httpGet: { port: 8080 } });
    assert.deepStrictEqual(c.livenessProbe, { httpGet: { port: 'metrics' } });
  });

  it('writes times in UTC: seconds for Time, microseconds for MicroTime', () => {
    const out = roundTrip({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'l', creationTimestamp: '2024-05-06T09:08:07.999+02:00' },
      spec: { renewTime: '2024-05-06T07:08:07.1234567Z', acquireTime: '1969-12-31T23:59:59.5Z' },
    });
    assert.equal(out.metadata?.creationTimestamp, '2024-05-06T07:08:07Z');
    assert.deepStrictEqual(out.spec, { acquireTime: '1969-12-31T23:59:59.500000Z', renewTime: '2024-05-06T07:08:07.123456Z' });
  });

  it('treats Go zero times as unset', () => {
    const out = roundTrip({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', creationTimestamp: '0001-01-01T00:00:00Z' },
      involvedObject: {},
      firstTimestamp: null,
    });
    assert.ok(!('creationTimestamp' in (out.metadata ?? {})));
    assert.equal(out.firstTimestamp, null);
    assert.equal(out.eventTime, null);
  });

  it('keeps map keys that are special to JavaScript', () => {
    const data = JSON.parse('{"__proto__":"x","constructor":"y","toString":"z"}') as Record<string, string>;
    const out = roundTrip({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });
    assert.deepStrictEqual(Object.keys(out.data as object).sort(), ['__proto__', 'constructor', 'toString']);
    assert.equal(Object.getPrototypeOf(out.data), Object.prototype);
    assert.equal((out.data as Record<string, string>)['__proto__'], 'x');
  });

  it('writes map entries sorted by key', () => {
    const a = encodeProtobufObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { b: '2', a: '1' } }, data: { z: '', y: '' } });
    const b = encodeProtobufObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { a: '1', b: '2' } }, data: { y: '', z: '' } });
    assert.ok(a.equals(b));
  });

  it('carries RawExtension content: JSON, and enveloped protobuf objects', () => {
    const json = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, data: { spec: { a: [1, 'x', null] } }, revision: 2 };
    assert.deepStrictEqual(roundTrip(json), json);
    const inner = encodeProtobufObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'in' } });
    const cr = [...bytesField(1, []), ...bytesField(2, bytesField(1, inner)), ...intField(3, 1)];
    const out = decodeProtobufObject(envelope('apps/v1', 'ControllerRevision', cr));
    assert.deepStrictEqual(out.data, { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'in' } });
  });

  it('maps the named slice types (ExtraValue, Verbs) to plain arrays', () => {
    const sar = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      metadata: {},
      spec: { user: 'u', extra: { scopes: ['a', 'b'], none: [] } },
      status: { allowed: true },
    };
    assert.deepStrictEqual(roundTrip(sar), sar);
    const list = {
      apiVersion: 'v1',
      kind: 'APIResourceList',
      groupVersion: 'apps/v1',
      resources: [
        { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ['get', 'list'], shortNames: ['deploy'] },
        { name: 'x', singularName: '', namespaced: false, kind: 'X', verbs: null },
      ],
    };
    assert.deepStrictEqual(roundTrip(list), list);
  });

  it('decodes the common meta kinds under any group version', () => {
    assert.equal(protobufMessageName('apps/v1', 'DeleteOptions'), 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions');
    assert.equal(protobufMessageName('apps/v1', 'Deployment'), 'k8s.io.api.apps.v1.Deployment');
    assert.equal(protobufMessageName('v1', 'Pod'), 'k8s.io.api.core.v1.Pod');
    const opts = roundTrip({ apiVersion: 'batch/v1', kind: 'DeleteOptions', propagationPolicy: 'Background', gracePeriodSeconds: 0 });
    assert.deepStrictEqual(opts, { kind: 'DeleteOptions', apiVersion: 'batch/v1', propagationPolicy: 'Background', gracePeriodSeconds: 0 });
    const status = roundTrip({ apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', code: 200 });
    assert.deepStrictEqual(status, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 });
  });

  it('refuses to encode kinds without a protobuf form', () => {
    assert.throws(() => encodeProtobufObject({ apiVersion: 'example.com/v1', kind: 'Widget' }), /no protobuf message/);
    assert.throws(() => encodeProtobufObject({ kind: 'Pod' }), /no protobuf message/);
  });
});

describe('protobuf codec: malformed input', () => {
  const pod = readFileSync(join(packageRoot, 'test', 'fixtures', 'protobuf', 'pod.bin'));

  it('rejects bodies without the envelope', () => {
    badRequest(() => decodeProtobufObject(Buffer.alloc(0)), /^empty data$/);
    badRequest(() => decodeProtobufObject(Buffer.from('{"kind":"Pod"}')), /does not appear to be a protobuf message, expected prefix \[107 56 115 0\]/);
    badRequest(() => decodeProtobufObject(Buffer.from('k8s\0', 'latin1')), /^empty body$/);
  });

  it('rejects unknown kinds and missing type information', () => {
    badRequest(() => decodeProtobufObject(envelope('example.com/v1', 'Widget', [])), /no kind "Widget" is registered for version "example.com\/v1"/);
    badRequest(() => decodeProtobufObject(envelope('v1', '', [])), /Object 'Kind' is missing/);
    badRequest(() => decodeProtobufObject(envelope('', 'Pod', [])), /Object 'apiVersion' is missing/);
  });

  it('rejects truncated bodies', () => {
    for (const cut of [5, 20, 100, pod.length - 1]) {
      badRequest(() => decodeProtobufObject(pod.subarray(0, cut)), /unexpected EOF/);
    }
    // the envelope is whole, the object inside it is not
    const cut = bytesField(1, bytesField(1, 'name')).slice(0, 5);
    badRequest(() => decodeProtobufObject(envelope('v1', 'ConfigMap', cut)), /^ConfigMap in version "v1" cannot be handled as a ConfigMap: unexpected EOF$/);
  });

  it('rejects wrong wire types with the field name', () => {
    // ObjectMeta.name (field 1) as a varint
    badRequest(() => decodeProtobufObject(envelope('v1', 'ConfigMap', bytesField(1, intField(1, 5)))), /proto: wrong wireType = 0 for field Name/);
    badRequest(() => decodeProtobufObject(envelope('v1', 'ConfigMap', [0x00, 0x01])), /illegal tag 0/);
  });

  it('rejects embedded JSON that does not parse', () => {
    const cr = [...bytesField(1, []), ...bytesField(2, bytesField(1, '{not json'))];
    badRequest(() => decodeProtobufObject(envelope('apps/v1', 'ControllerRevision', cr)), /RawExtension/);
  });

  it('never fails with anything but a BadRequest on corrupted input', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let decoded = 0;
    for (let i = 0; i < 3000; i++) {
      const b = Buffer.from(pod);
      const edits = 1 + rand(4);
      for (let j = 0; j < edits; j++) b[4 + rand(b.length - 4)] = rand(256);
      const input = rand(4) === 0 ? b.subarray(0, 4 + rand(b.length - 4)) : b;
      try {
        decodeProtobufObject(input);
        decoded++;
      } catch (err) {
        if (!(err instanceof ApiError) || err.code !== 400) throw err;
      }
    }
    assert.ok(decoded > 0);
  });

  it('rejects absurd nesting with a BadRequest', () => {
    // JSONSchemaProps.not (field 28) nested far deeper than any real schema
    const depth = 100000;
    const lengths = [0];
    for (let i = 1; i <= depth; i++) lengths.push(tag(28, 2).length + varint(lengths[i - 1]).length + lengths[i - 1]);
    const msg: number[] = [];
    for (let i = depth; i >= 1; i--) msg.push(...tag(28, 2), ...varint(lengths[i - 1]));
    const validation = bytesField(1, msg);
    const version = [...bytesField(1, 'v1'), ...bytesField(4, validation)];
    const spec = bytesField(7, version);
    badRequest(() => decodeProtobufObject(envelope('apiextensions.k8s.io/v1', 'CustomResourceDefinition', [...bytesField(1, []), ...bytesField(2, spec)])), /nested too deeply/);
  });
});
