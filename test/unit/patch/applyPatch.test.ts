import { strict as assert } from 'node:assert';
import { applyPatch } from '../../../src/machinery/patch/index.js';
import type { KObject } from '../../../src/machinery/objects.js';
import { assertApiError } from './assertions.js';

const pod = (): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { a: '1' } },
  spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] },
});
const podGvk = { group: '', version: 'v1', kind: 'Pod' };
const crGvk = { group: 'example.com', version: 'v1', kind: 'Widget' };

describe('patch: applyPatch', () => {
  it('strategic merge patch merges lists by their merge key', () => {
    const out = applyPatch('strategic-merge-patch', pod(), { spec: { containers: [{ name: 'b', image: 'b:2' }] } }, podGvk);
    assert.deepStrictEqual(out.spec, { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }] });
  });

  it('merge patch replaces lists', () => {
    const out = applyPatch('merge-patch', pod(), { spec: { containers: [{ name: 'b', image: 'b:2' }] } }, podGvk);
    assert.deepStrictEqual(out.spec, { containers: [{ name: 'b', image: 'b:2' }] });
  });

  it('json patch applies operations', () => {
    const out = applyPatch('json-patch', pod(), [{ op: 'replace', path: '/spec/containers/0/image', value: 'a:2' }], podGvk);
    assert.deepStrictEqual((out.spec as { containers: unknown[] }).containers[0], { name: 'a', image: 'a:2' });
  });

  it('accepts raw JSON text and bytes', () => {
    const text = '{"metadata":{"labels":{"b":"2"}}}';
    assert.deepStrictEqual(applyPatch('merge-patch', pod(), text, podGvk).metadata?.labels, { a: '1', b: '2' });
    assert.deepStrictEqual(applyPatch('strategic-merge-patch', pod(), Buffer.from(text), podGvk).metadata?.labels, { a: '1', b: '2' });
  });

  it('does not modify the current object', () => {
    const cur = pod();
    applyPatch('strategic-merge-patch', cur, { metadata: { labels: { a: null } }, spec: { containers: [{ name: 'a', $patch: 'delete' }] } }, podGvk);
    applyPatch('merge-patch', cur, { metadata: { labels: null } }, podGvk);
    applyPatch('json-patch', cur, [{ op: 'remove', path: '/spec' }], podGvk);
    assert.deepStrictEqual(cur, pod());
  });

  // Custom resources: the CRD handler does not list the strategic merge patch
  // content type, so PatchResource (k8s.io/apiserver/pkg/endpoints/handlers/patch.go)
  // answers with negotiation.NewUnsupportedMediaTypeError(patchTypes).
  it('rejects strategic merge patch for kinds without a schema with 415', () => {
    assertApiError(() => applyPatch('strategic-merge-patch', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, { spec: {} }, crGvk), {
      code: 415,
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
  });

  it('merge and json patches work for kinds without a schema', () => {
    const cr: KObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { list: [1, 2] } };
    assert.deepStrictEqual(applyPatch('merge-patch', cr, { spec: { list: [3] } }, crGvk).spec, { list: [3] });
    assert.deepStrictEqual(applyPatch('json-patch', cr, [{ op: 'add', path: '/spec/list/-', value: 3 }], crGvk).spec, { list: [1, 2, 3] });
  });

  // Body decoding with the default field validation (Warn), patch.go applyJSPatch / strategicPatchObject.
  it('rejects a merge patch body that is not an object', () => {
    assertApiError(() => applyPatch('merge-patch', pod(), [1], podGvk), {
      code: 400,
      reason: 'BadRequest',
      message: 'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
    assertApiError(() => applyPatch('merge-patch', pod(), null, podGvk), { code: 400, reason: 'BadRequest', message: 'Invalid JSON Patch' });
  });

  it('rejects a strategic merge patch body that is not an object', () => {
    // a string body is raw JSON text: '"x"' decodes to a JSON string
    assertApiError(() => applyPatch('strategic-merge-patch', pod(), '"x"', podGvk), {
      code: 400,
      reason: 'BadRequest',
      message: 'json: cannot unmarshal string into Go value of type map[string]interface {}',
    });
    assertApiError(() => applyPatch('strategic-merge-patch', pod(), 5, podGvk), {
      code: 400,
      reason: 'BadRequest',
      message: 'json: cannot unmarshal number into Go value of type map[string]interface {}',
    });
    assertApiError(() => applyPatch('strategic-merge-patch', pod(), [], podGvk), {
      code: 400,
      reason: 'BadRequest',
      message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
  });

  it('a null strategic merge patch is a no-op', () => {
    assert.deepStrictEqual(applyPatch('strategic-merge-patch', pod(), null, podGvk), pod());
  });

  it('rejects a json patch body that is not a list', () => {
    assertApiError(() => applyPatch('json-patch', pod(), { op: 'add' }, podGvk), {
      code: 400,
      reason: 'BadRequest',
      message: 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    });
  });

  it('rejects a missing or empty body with 400', () => {
    const msg = 'unexpected end of JSON input';
    assertApiError(() => applyPatch('json-patch', pod(), undefined, podGvk), { code: 400, reason: 'BadRequest', message: `error decoding patch: ${msg}` });
    assertApiError(() => applyPatch('merge-patch', pod(), '', podGvk), { code: 400, reason: 'BadRequest', message: `error decoding patch: ${msg}` });
    assertApiError(() => applyPatch('strategic-merge-patch', pod(), Buffer.alloc(0), podGvk), { code: 400, reason: 'BadRequest', message: msg });
  });

  it('rejects malformed JSON text with 400', () => {
    assert.throws(() => applyPatch('merge-patch', pod(), '{', podGvk), (e: unknown) => (e as { code?: number }).code === 400);
  });

  it('reports a failed json patch test as 422 with the generic message', () => {
    assertApiError(() => applyPatch('json-patch', pod(), [{ op: 'test', path: '/metadata/name', value: 'q' }], podGvk), {
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
      cause: 'testing value /metadata/name failed: test failed',
    });
  });
});
