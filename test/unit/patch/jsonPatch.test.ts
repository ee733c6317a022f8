import { strict as assert } from 'node:assert';
import { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from '../../../src/machinery/patch/index.js';
import { assertApiError, checkCase } from './assertions.js';
import { jsonPatchCases } from './json-cases.js';

describe('patch: JSON patch', () => {
  for (const c of jsonPatchCases) {
    it(c.name, () => checkCase(c, (o, p) => applyJsonPatch(o, p)));
  }

  // Decoding failures happen before the library sees the patch: the server
  // decodes strictly into []jsonPatchOp first (applyJSPatch in
  // k8s.io/apiserver/pkg/endpoints/handlers/patch.go) and answers 400.
  describe('body decoding (400 BadRequest)', () => {
    const decodeCases: Array<[string, unknown, string]> = [
      ['an object body', { op: 'add' }, 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp'],
      ['a string body', 'x', 'error decoding patch: json: cannot unmarshal string into Go value of type []handlers.jsonPatchOp'],
      ['a scalar element', [1], 'error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp'],
      ['a non-string op', [{ op: 1, path: '/a' }], 'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string'],
      ['a non-string path', [{ op: 'add', path: ['a'] }], 'error decoding patch: json: cannot unmarshal array into Go struct field jsonPatchOp.path of type string'],
      ['a non-string from', [{ op: 'move', path: '/a', from: true }], 'error decoding patch: json: cannot unmarshal bool into Go struct field jsonPatchOp.from of type string'],
    ];
    for (const [what, body, message] of decodeCases) {
      it(`rejects ${what}`, () => assertApiError(() => applyJsonPatch({ a: 1 }, body), { code: 400, reason: 'BadRequest', message }));
    }
  });

  it('a null body is an empty patch', () => {
    assert.deepStrictEqual(applyJsonPatch({ a: 1 }, null), { a: 1 });
  });

  it(`rejects more than ${MAX_JSON_PATCH_OPERATIONS} operations with 413`, () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/a', value: 1 }));
    assertApiError(() => applyJsonPatch({ a: 1 }, ops), {
      code: 413,
      reason: 'RequestEntityTooLarge',
      message: `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${MAX_JSON_PATCH_OPERATIONS + 1}`,
    });
  });

  it(`accepts exactly ${MAX_JSON_PATCH_OPERATIONS} operations`, () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS }, () => ({ op: 'test', path: '/a', value: 1 }));
    assert.deepStrictEqual(applyJsonPatch({ a: 1 }, ops), { a: 1 });
  });

  it('values added from the patch are copies', () => {
    const value = { deep: { x: 1 } };
    const out = applyJsonPatch({}, [{ op: 'add', path: '/a', value }, { op: 'add', path: '/a/deep/y', value: 2 }]);
    assert.deepStrictEqual(out, { a: { deep: { x: 1, y: 2 } } });
    assert.deepStrictEqual(value, { deep: { x: 1 } });
  });
});
