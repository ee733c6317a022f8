// Shared assertions for the patch engine tests.
import { strict as assert } from 'node:assert';
import { ApiError } from '../../../src/machinery/errors.js';
import type { ExpectedError } from './smp-cases.js';

/** Deep copy that keeps a member named "__proto__" as an own property. */
export function snapshot<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function assertApiError(fn: () => unknown, want: ExpectedError): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    assert.equal(e.code, want.code);
    assert.equal(e.reason, want.reason);
    assert.equal(e.message, want.message);
    if (want.cause !== undefined) assert.equal((e.cause as Error | undefined)?.message, want.cause);
    return true;
  });
}

/** Run an engine on a case and check result (or error) and that the inputs were left untouched. */
export function checkCase(
  c: { original: unknown; patch: unknown; expected?: unknown; error?: ExpectedError },
  run: (original: unknown, patch: unknown) => unknown,
): void {
  const original = snapshot(c.original);
  const patch = snapshot(c.patch);
  if (c.error) {
    assertApiError(() => run(original, patch), c.error);
  } else {
    assert.deepStrictEqual(run(original, patch), c.expected);
  }
  assert.deepStrictEqual(original, c.original, 'original was modified');
  assert.deepStrictEqual(patch, c.patch, 'patch was modified');
}
