import { strict as assert } from 'node:assert';
import { compile, evaluate } from '../../../src/machinery/cel/index.js';
import type { JSONSchemaProps } from '../../../src/machinery/cel/index.js';
import { celEquals, CelUint, typeName, type CelValue } from '../../../src/machinery/cel/values.js';
import { celToJson } from '../../../src/machinery/cel/convert.js';

/** expected outcome of one expression */
export type Want =
  | { value: CelValue }
  | { json: unknown }
  | { error: string }
  | { compileError: string };

export interface Case {
  /** the cel-spec textproto (or library) the case comes from */
  src: string;
  expr: string;
  want: Want;
  self?: unknown;
  schema?: JSONSchemaProps;
}

export const u = (n: number | bigint): CelUint => new CelUint(BigInt(n));
export const v = (value: CelValue): Want => ({ value });
export const j = (json: unknown): Want => ({ json });
export const err = (error: string): Want => ({ error });
export const cerr = (compileError: string): Want => ({ compileError });

export function run(c: Case): void {
  const r = compile(c.expr, { hasOldSelf: false, selfSchema: c.schema });
  if ('compileError' in c.want) {
    assert.ok(r.error, `expected a compile error for ${c.expr}`);
    assert.ok(r.error.includes(c.want.compileError), `compile error ${JSON.stringify(r.error)} lacks ${JSON.stringify(c.want.compileError)}`);
    return;
  }
  assert.equal(r.error, undefined, `unexpected compile error: ${r.error}`);
  const out = evaluate(r.program!, { self: c.self ?? null });
  if ('error' in c.want) {
    assert.ok(out.error !== undefined, `expected error ${c.want.error}, got ${String(celToJson(out.value as CelValue))}`);
    assert.ok(out.error.includes(c.want.error), `error ${JSON.stringify(out.error)} lacks ${JSON.stringify(c.want.error)}`);
    return;
  }
  assert.equal(out.error, undefined, `unexpected error: ${out.error}`);
  const got = out.value as CelValue;
  if ('json' in c.want) {
    assert.deepStrictEqual(celToJson(got), c.want.json);
    return;
  }
  assert.equal(typeName(got), typeName(c.want.value), `type of ${c.expr}`);
  const bothNaN = typeof got === 'number' && typeof c.want.value === 'number' && Number.isNaN(got) && Number.isNaN(c.want.value);
  assert.ok(bothNaN || celEquals(got, c.want.value), `${c.expr}: got ${String(celToJson(got))}, want ${String(celToJson(c.want.value))}`);
}
