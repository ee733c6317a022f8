// x-kubernetes-validations: evaluating the rules of a structural schema over
// an object (and its old version), and checking the rules of a CRD schema.
import type { FieldError } from '../errors.js';
import { compile, evaluateCel as evaluate, PER_CALL_LIMIT, type CelProgram } from './program.js';
import { schemaType, jsonToCel, type JSONSchemaProps, type ValidationRule, type ValueCache } from './schema.js';
import { T, type CelType } from './types.js';
import { CelOptional, OPTIONAL_NONE, type CelValue } from './values.js';

/** overall runtime cost budget for one object (celconfig.RuntimeCELCostBudget) */
export const RUNTIME_COST_BUDGET = 10_000_000;
/** maximum length of an evaluated messageExpression */
export const MAX_MESSAGE_EXPRESSION_LENGTH = 5 * 1024;

interface CompiledRule {
  rule: ValidationRule;
  program?: CelProgram;
  error?: string;
  message?: CelProgram;
  messageError?: string;
  fieldPath?: string;
}

interface NodeRules {
  rules: CompiledRule[];
  selfType: CelType;
}

const compiledCache = new WeakMap<JSONSchemaProps, WeakMap<JSONSchemaProps, Map<boolean, NodeRules>>>();

function compileNode(validation: JSONSchemaProps, node: JSONSchemaProps, isResourceRoot: boolean): NodeRules | null {
  const rules = validation['x-kubernetes-validations'];
  if (!rules?.length) return null;
  let byNode = compiledCache.get(validation);
  if (!byNode) compiledCache.set(validation, (byNode = new WeakMap()));
  let byRoot = byNode.get(node);
  if (!byRoot) byNode.set(node, (byRoot = new Map()));
  const hit = byRoot.get(isResourceRoot);
  if (hit) return hit;
  const selfType = schemaType(node, isResourceRoot) ?? T.dyn;
  const out: NodeRules = { selfType, rules: [] };
  for (const rule of rules) {
    const cr: CompiledRule = { rule };
    if (!rule.rule?.trim()) {
      out.rules.push(cr);
      continue;
    }
    const r = compile(rule.rule, { hasOldSelf: true, selfType, optionalOldSelf: !!rule.optionalOldSelf });
    if (r.error) cr.error = `compilation failed: ${r.error}`;
    else if (r.program!.type.k !== 'bool') cr.error = 'cel expression must evaluate to a bool';
    else cr.program = r.program;
    if (rule.messageExpression) {
      const m = compile(rule.messageExpression, { hasOldSelf: true, selfType });
      if (m.error) cr.messageError = `messageExpression compilation failed: ${m.error}`;
      else if (m.program!.type.k !== 'string') cr.messageError = 'messageExpression must evaluate to a string';
      else cr.message = m.program;
    }
    if (rule.fieldPath) {
      const fp = normalizeFieldPath(rule.fieldPath, node);
      if (typeof fp === 'string') cr.fieldPath = fp;
    }
    out.rules.push(cr);
  }
  byRoot.set(isResourceRoot, out);
  return out;
}

// ---- field paths -----------------------------------------------------------------

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', "'": "'", '\\': '\\' };

/** validate a rule's fieldPath against the schema; returns the normalized path or an error */
export function normalizeFieldPath(path: string, schema: JSONSchemaProps): string | { error: string } {
  const toks: string[] = [];
  for (let i = 0; i < path.length; ) {
    const c = path[i];
    if (c === '.' || c === '[' || c === ']') {
      toks.push(c);
      i++;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (j < path.length && !(path[j] === "'" && path[j - 1] !== '\\')) j++;
      toks.push(path.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < path.length && !'.[]'.includes(path[j])) j++;
    toks.push(path.slice(i, j));
    i = j;
  }
  let out = '';
  let s: JSONSchemaProps | undefined = schema;
  const append = (name: string): string | undefined => {
    if (s?.properties) {
      out += out ? `.${name}` : name;
      s = s.properties[name];
      if (!s) return 'does not refer to a valid field';
    } else if (s?.additionalProperties && typeof s.additionalProperties === 'object') {
      out += `[${name}]`;
      s = s.additionalProperties;
    } else return 'does not refer to a valid field';
    return undefined;
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t === '[') {
      const q = toks[++i];
      if (q === undefined) return { error: 'unexpected end of JSON path' };
      if (q.length < 2 || q[0] !== "'" || q[q.length - 1] !== "'") return { error: `expected single quoted string but got ${q}` };
      let bad: string | undefined;
      const name = q.slice(1, -1).replace(/\\(.)/g, (m, e: string) => {
        if (!(e in ESCAPES)) bad = m;
        return ESCAPES[e] ?? '';
      });
      if (bad) return { error: `invalid string literal: invalid escape char ${bad}` };
      const e = append(name);
      if (e) return { error: e };
      if (toks[++i] !== ']') return { error: toks[i] === undefined ? 'unexpected end of JSON path' : `expected ] but got ${toks[i]}` };
    } else if (t === '.') {
      const name = toks[++i];
      if (name === undefined) return { error: 'unexpected end of JSON path' };
      const e = append(name);
      if (e) return { error: e };
    } else return { error: `expected [ or . but got: ${t}` };
  }
  return out;
}

// ---- evaluation --------------------------------------------------------------------

const child = (base: string, name: string) => (base ? `${base}.${name}` : name);
const rootName = (p: string) => (p === '' ? '<nil>' : p);

interface Ctx {
  budget: number;
  errs: FieldError[];
  cache: ValueCache;
}

function ruleErrorString(r: ValidationRule): string {
  return r.message ? r.message.trim() : r.rule.trim();
}

function fieldErrorFor(path: string, type: string, detail: string, reason: string | undefined): FieldError {
  switch (reason) {
    case 'FieldValueForbidden':
      return { type: 'FieldValueForbidden', field: path, detail };
    case 'FieldValueRequired':
      return { type: 'FieldValueRequired', field: path, detail };
    case 'FieldValueDuplicate':
      return { type: 'FieldValueDuplicate', field: path, value: type };
    default:
      return { type: 'FieldValueInvalid', field: path, value: type, detail };
  }
}

/** returns false when evaluation must stop (budget exhausted) */
function evalRules(ctx: Ctx, nr: NodeRules, schema: JSONSchemaProps, isResourceRoot: boolean, path: string, obj: unknown, old: unknown): boolean {
  const type = schema.type ?? '';
  const field = rootName(path);
  if (ctx.budget <= 0) {
    ctx.errs.push({ type: 'FieldValueInvalid', field, value: type, detail: 'validation failed due to running out of cost budget, no further validation rules will be run' });
    return false;
  }
  let self: CelValue | undefined;
  let oldSelf: CelValue | undefined;
  const selfV = () => (self ??= jsonToCel(obj, schema, isResourceRoot, ctx.cache));
  const oldV = () => (oldSelf ??= jsonToCel(old, schema, isResourceRoot, ctx.cache));
  const hasOld = old !== undefined && old !== null;
  for (const cr of nr.rules) {
    if (cr.error) {
      ctx.errs.push({ type: 'FieldValueInvalid', field, value: type, detail: `rule compile error: ${cr.error}` });
      continue;
    }
    const p = cr.program;
    if (!p) continue;
    const optional = !!cr.rule.optionalOldSelf;
    if (p.usesOldSelf && !hasOld && !optional) continue;
    const vars: Record<string, CelValue> = { self: selfV() };
    if (optional) vars.oldSelf = hasOld ? new CelOptional(true, oldV()) : OPTIONAL_NONE;
    else if (hasOld) vars.oldSelf = oldV();
    const r = evaluate(p, vars, Math.min(PER_CALL_LIMIT, ctx.budget + 1));
    if (r.aborted) {
      if (r.cost > ctx.budget && ctx.budget < PER_CALL_LIMIT) {
        ctx.errs.push({ type: 'FieldValueInvalid', field, value: type, detail: 'validation failed due to running out of cost budget, no further validation rules will be run' });
      } else {
        ctx.errs.push({
          type: 'FieldValueInvalid',
          field,
          value: type,
          detail: `'${r.error}': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleErrorString(cr.rule)}`,
        });
      }
      ctx.budget = -1;
      return false;
    }
    ctx.budget -= r.cost;
    if (r.error !== undefined) {
      if (r.error.startsWith('no such overload')) {
        ctx.errs.push({
          type: 'FieldValueInvalid',
          field,
          value: type,
          detail: `'${r.error}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(cr.rule)}`,
        });
      } else ctx.errs.push({ type: 'FieldValueInvalid', field, value: type, detail: `${r.error} evaluating rule: ${ruleErrorString(cr.rule)}` });
      continue;
    }
    if (r.value === true) continue;
    const at = cr.fieldPath ? rootName(child(path, cr.fieldPath)) : field;
    let detail: string | undefined;
    if (cr.message) {
      const mvars: Record<string, CelValue> = { self: selfV() };
      if (hasOld) mvars.oldSelf = oldV();
      const m = evaluate(cr.message, mvars, Math.min(PER_CALL_LIMIT, ctx.budget + 1));
      if (m.aborted) {
        const why =
          m.cost > ctx.budget
            ? 'messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run'
            : `no further validation rules will be run due to call cost exceeds limit for messageExpression: ${JSON.stringify(cr.rule.messageExpression)}`;
        ctx.errs.push({ type: 'FieldValueInvalid', field: at, value: type, detail: why });
        ctx.budget = -1;
        return false;
      }
      ctx.budget -= m.cost;
      if (m.error === undefined && typeof m.value === 'string') {
        const t = m.value.trim();
        if (t && t.length <= MAX_MESSAGE_EXPRESSION_LENGTH && !t.includes('\n')) detail = t;
      }
    }
    detail ??= cr.rule.message ? cr.rule.message.trim() : `failed rule: ${ruleErrorString(cr.rule)}`;
    ctx.errs.push(fieldErrorFor(at, type, detail, cr.rule.reason));
  }
  return true;
}

function findMapListOld(schema: JSONSchemaProps, item: unknown, old: unknown[]): unknown {
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  if (typeof item !== 'object' || item === null) return undefined;
  const it = item as Record<string, unknown>;
  return old.find((o) => typeof o === 'object' && o !== null && keys.every((k) => JSON.stringify((o as Record<string, unknown>)[k]) === JSON.stringify(it[k])));
}

function hasRules(s: JSONSchemaProps | undefined, depth = 0): boolean {
  if (!s || depth > 64) return false;
  if (s['x-kubernetes-validations']?.length) return true;
  if (hasRules(s.items, depth + 1)) return true;
  if (s.additionalProperties && typeof s.additionalProperties === 'object' && hasRules(s.additionalProperties, depth + 1)) return true;
  if (s.properties && Object.values(s.properties).some((p) => hasRules(p, depth + 1))) return true;
  if (s.allOf?.some((a) => hasRules(a, depth + 1))) return true;
  return false;
}

const hasRulesCache = new WeakMap<JSONSchemaProps, boolean>();
function hasRulesCached(s: JSONSchemaProps): boolean {
  let v = hasRulesCache.get(s);
  if (v === undefined) hasRulesCache.set(s, (v = hasRules(s)));
  return v;
}

/** walk: validation gives the rules, node gives the value types (they differ under allOf) */
function walk(ctx: Ctx, validation: JSONSchemaProps, node: JSONSchemaProps, isResourceRoot: boolean, path: string, obj: unknown, old: unknown): boolean {
  if (obj === null || obj === undefined) return true;
  if (!hasRulesCached(validation)) return true;
  const nr = compileNode(validation, node, isResourceRoot);
  if (nr && !evalRules(ctx, nr, node, isResourceRoot, path, obj, old)) return false;
  for (const a of validation.allOf ?? []) {
    if (!walk(ctx, a, node, isResourceRoot, path, obj, old)) return false;
  }
  if (Array.isArray(obj)) {
    if (!validation.items || !node.items) return true;
    const items = node.items;
    const oldArr = Array.isArray(old) && node['x-kubernetes-list-type'] === 'map' ? old : undefined;
    for (let i = 0; i < obj.length; i++) {
      const oldItem = oldArr ? findMapListOld(node, obj[i], oldArr) : undefined;
      if (!walk(ctx, validation.items, items, !!items['x-kubernetes-embedded-resource'], `${path}[${i}]`, obj[i], oldItem)) return false;
    }
    return true;
  }
  if (typeof obj === 'object') {
    const o = obj as Record<string, unknown>;
    const mt = node['x-kubernetes-map-type'];
    const correlatable = mt === undefined || mt === 'granular' || mt === 'atomic';
    const oldObj = correlatable && typeof old === 'object' && old !== null && !Array.isArray(old) ? (old as Record<string, unknown>) : undefined;
    const vap = validation.additionalProperties;
    const nap = node.additionalProperties;
    if (vap && typeof vap === 'object' && nap && typeof nap === 'object') {
      for (const [k, v] of Object.entries(o)) {
        if (!walk(ctx, vap, nap, !!nap['x-kubernetes-embedded-resource'], `${path}[${k}]`, v, oldObj?.[k])) return false;
      }
    }
    if (validation.properties) {
      for (const [k, v] of Object.entries(o)) {
        const vp = validation.properties[k];
        const np = node.properties?.[k];
        if (!vp || !np) continue;
        if (!walk(ctx, vp, np, !!np['x-kubernetes-embedded-resource'], child(path, k), v, oldObj?.[k])) return false;
      }
    }
  }
  return true;
}

/**
 * Evaluate every x-kubernetes-validations rule of an openAPIV3Schema over obj
 * (old is the stored object on update). Returns upstream-shaped field errors;
 * basePath prefixes every path ('' means the resource root, printed "<nil>").
 */
export function validateCelRules(schema: JSONSchemaProps, obj: unknown, old: unknown | undefined, basePath = '', isResourceRoot = true): FieldError[] {
  const ctx: Ctx = { budget: RUNTIME_COST_BUDGET, errs: [], cache: new WeakMap() };
  walk(ctx, schema, schema, isResourceRoot, basePath, obj, old);
  return ctx.errs;
}

// ---- CRD schema checks -------------------------------------------------------------

function goRuleLiteral(r: ValidationRule): string {
  const q = (s: string | undefined) => JSON.stringify(s ?? '');
  const reason = r.reason === undefined ? '(*apiextensions.FieldValueErrorReason)(nil)' : `(*apiextensions.FieldValueErrorReason)(${q(r.reason)})`;
  const opt = r.optionalOldSelf === undefined ? '(*bool)(nil)' : `(*bool)(${r.optionalOldSelf})`;
  return `apiextensions.ValidationRule{Rule:${q(r.rule)}, Message:${q(r.message)}, MessageExpression:${q(r.messageExpression)}, Reason:${reason}, FieldPath:${q(r.fieldPath)}, OptionalOldSelf:${opt}}`;
}

const REASONS = ['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate'];

/**
 * Check the x-kubernetes-validations of a CRD's openAPIV3Schema the way CRD
 * create/update does: rules and messageExpressions must compile, rules must
 * be boolean, reasons and fieldPaths valid, oldSelf only where correlatable.
 * path is the schema's field path (e.g. spec.versions[0].schema.openAPIV3Schema).
 */
export function validateSchemaRules(schema: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const visit = (s: JSONSchemaProps, p: string, isRoot: boolean, correlatable: boolean, depth: number) => {
    if (depth > 64) return;
    const rules = s['x-kubernetes-validations'];
    if (rules?.length) {
      const nr = compileNode(s, s, isRoot);
      rules.forEach((r, i) => {
        const rp = `${p}.x-kubernetes-validations[${i}]`;
        const cr = nr?.rules[i];
        if (!r.rule?.trim()) errs.push({ type: 'FieldValueRequired', field: `${rp}.rule` });
        else if (cr?.error) errs.push({ type: 'FieldValueInvalid', field: `${rp}.rule`, omitValue: true, detail: `${goRuleLiteral(r)}: ${cr.error}` });
        if (cr?.messageError) errs.push({ type: 'FieldValueInvalid', field: `${rp}.messageExpression`, omitValue: true, detail: `${goRuleLiteral(r)}: ${cr.messageError}` });
        if (r.messageExpression !== undefined && !r.messageExpression.trim())
          errs.push({ type: 'FieldValueRequired', field: `${rp}.messageExpression`, detail: 'messageExpression must be non-empty if specified' });
        if (r.message !== undefined && r.message !== '' && !r.message.trim()) errs.push({ type: 'FieldValueInvalid', field: `${rp}.message`, value: r.message, detail: 'message must be non-empty if specified' });
        if (r.message && r.message.includes('\n')) errs.push({ type: 'FieldValueInvalid', field: `${rp}.message`, value: r.message, detail: 'message must not contain line breaks' });
        if (r.reason !== undefined && !REASONS.includes(r.reason)) errs.push({ type: 'FieldValueNotSupported', field: `${rp}.reason`, value: r.reason, detail: `supported values: ${REASONS.map((x) => JSON.stringify(x)).join(', ')}` });
        if (r.fieldPath) {
          const fp = normalizeFieldPath(r.fieldPath, s);
          if (typeof fp !== 'string') errs.push({ type: 'FieldValueInvalid', field: `${rp}.fieldPath`, value: r.fieldPath, detail: `fieldPath must be a valid path: ${fp.error}` });
        }
        if (cr?.program?.usesOldSelf && !correlatable)
          errs.push({ type: 'FieldValueInvalid', field: `${rp}.rule`, value: r.rule, detail: `oldSelf cannot be used on the uncorrelatable portion of the schema within ${p}` });
        if (r.optionalOldSelf && cr?.program && !cr.program.usesOldSelf)
          errs.push({ type: 'FieldValueInvalid', field: `${rp}.optionalOldSelf`, value: true, detail: 'may not be set if rule does not use oldSelf' });
      });
    }
    if (s.items) {
      const c = correlatable && s['x-kubernetes-list-type'] === 'map';
      visit(s.items, `${p}.items`, !!s.items['x-kubernetes-embedded-resource'], c, depth + 1);
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      const mt = s['x-kubernetes-map-type'];
      visit(s.additionalProperties, `${p}.additionalProperties`, !!s.additionalProperties['x-kubernetes-embedded-resource'], correlatable && (mt === undefined || mt === 'granular' || mt === 'atomic'), depth + 1);
    }
    for (const [k, ps] of Object.entries(s.properties ?? {})) visit(ps, `${p}.properties[${k}]`, !!ps['x-kubernetes-embedded-resource'], correlatable, depth + 1);
    (s.allOf ?? []).forEach((a, i) => visit(a, `${p}.allOf[${i}]`, isRoot, correlatable, depth + 1));
  };
  visit(schema, path, true, true, 0);
  return errs;
}
