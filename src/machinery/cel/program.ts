// compile() / evaluate(): one CEL expression against declared variables.
import { check, type Checked } from './checker.js';
import { CelSyntaxError, parse, type Expr } from './parser.js';
import { Interp } from './interp.js';
import { jsonToCel, schemaType, type JSONSchemaProps } from './schema.js';
import { T, fmtType, type CelType } from './types.js';
import { CelAbort, CelErr, CelOptional, OPTIONAL_NONE, type CelValue } from './values.js';
import './stdlib.js';
import './k8slib.js';

/** per-call cost limit (celconfig.PerCallLimit) */
export const PER_CALL_LIMIT = 1_000_000;

export interface CelProgram {
  readonly source: string;
  /** static result type, as cel-go prints it */
  readonly resultType: string;
  /** true when the expression references oldSelf */
  readonly usesOldSelf: boolean;
  /** @internal */
  readonly ast: Expr;
  /** @internal */
  readonly checked: Checked;
  /** @internal */
  readonly type: CelType;
  /** @internal */
  readonly env: CompileEnv;
}

export interface CompileEnv {
  hasOldSelf: boolean;
  /** schema of self (and oldSelf); without it self is dyn */
  selfSchema?: JSONSchemaProps;
  /** the schema is the root of a resource (apiVersion, kind, metadata.name are declared) */
  isResourceRoot?: boolean;
  /** oldSelf is declared as optional(T) (optionalOldSelf rules) */
  optionalOldSelf?: boolean;
  /** precomputed type of self (overrides selfSchema) */
  selfType?: CelType;
  /** additional variables */
  vars?: Record<string, CelType>;
}

function cpCol(line: string, offset: number): number {
  return Array.from(line.slice(0, offset)).length;
}

/** cel-go's rendering of one issue: location, message and a caret under the source */
export function formatIssue(src: string, pos: number, message: string): string {
  const before = src.slice(0, pos);
  const lineNo = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = src.indexOf('\n', pos) < 0 ? src.length : src.indexOf('\n', pos);
  const line = src.slice(lineStart, lineEnd);
  const col = cpCol(line, pos - lineStart);
  const marker = Array.from(line.slice(0, pos - lineStart))
    .map((c) => (c.charCodeAt(0) > 127 ? '\uFF0E' : '.'))
    .join('');
  return `ERROR: <input>:${lineNo}:${col + 1}: ${message}\n | ${line}\n | ${marker}^`;
}

export function compile(expr: string, env: CompileEnv): { program?: CelProgram; error?: string } {
  let ast: Expr;
  try {
    ast = parse(expr);
  } catch (e) {
    if (e instanceof CelSyntaxError) return { error: formatIssue(expr, e.pos, e.message) };
    throw e;
  }
  const vars = new Map<string, CelType>();
  const selfT = env.selfType ?? (env.selfSchema ? (schemaType(env.selfSchema, !!env.isResourceRoot) ?? T.dyn) : T.dyn);
  vars.set('self', selfT);
  if (env.hasOldSelf) vars.set('oldSelf', env.optionalOldSelf ? T.optional(selfT) : selfT);
  for (const [k, t] of Object.entries(env.vars ?? {})) vars.set(k, t);
  const checked = check(ast, vars);
  if (checked.issues.length) {
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const i of checked.issues.sort((a, b) => a.pos - b.pos)) {
      const f = formatIssue(expr, i.pos, i.message);
      if (!seen.has(f)) lines.push(f);
      seen.add(f);
    }
    return { error: lines.join('\n') };
  }
  return {
    program: { source: expr, resultType: fmtType(checked.type), usesOldSelf: checked.refs.has('oldSelf'), ast, checked, type: checked.type, env },
  };
}

export interface EvalResult {
  value?: CelValue;
  error?: string;
  /** runtime cost spent */
  cost: number;
  /** the cost limit was exceeded */
  aborted?: boolean;
}

/**
 * Evaluate with plain JSON variables: self and oldSelf are converted using
 * the schema the program was compiled with. The value is a CEL value (see
 * celToJson for plain JSON).
 */
export function evaluate(p: CelProgram, vars: { self: unknown; oldSelf?: unknown }, limit = PER_CALL_LIMIT): EvalResult {
  const schema = p.env.selfSchema;
  const root = !!p.env.isResourceRoot;
  const cel: Record<string, CelValue> = { self: jsonToCel(vars.self, schema, root) };
  if (p.env.hasOldSelf) {
    const has = vars.oldSelf !== undefined && vars.oldSelf !== null;
    const old = has ? jsonToCel(vars.oldSelf, schema, root) : undefined;
    if (p.env.optionalOldSelf) cel.oldSelf = has ? new CelOptional(true, old!) : OPTIONAL_NONE;
    else if (has) cel.oldSelf = old!;
  }
  return evaluateCel(p, cel, limit);
}

/** evaluate with variables that are already CEL values */
export function evaluateCel(p: CelProgram, vars: Record<string, CelValue>, limit = PER_CALL_LIMIT): EvalResult {
  const globals = new Map<string, CelValue>(Object.entries(vars));
  const it = new Interp(p.checked, limit, globals);
  try {
    const v = it.eval(p.ast, undefined);
    if (v instanceof CelErr) return { error: v.message, cost: it.used };
    return { value: v, cost: it.used };
  } catch (e) {
    if (e instanceof CelAbort) return { error: e.message, cost: it.used, aborted: true };
    throw e;
  }
}
