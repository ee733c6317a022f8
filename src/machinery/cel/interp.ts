// Tree-walking evaluator with CEL error semantics and a runtime cost counter.
import type { Checked } from './checker.js';
import type { Expr } from './parser.js';
import type { CallCtx, Overload } from './registry.js';
import { FUNCS } from './registry.js';
import { sortValues } from './stdlib.js';
import {
  CelAbort,
  CelErr,
  CelMap,
  CelObject,
  CelOptional,
  CelTypeValue,
  CelUint,
  OPTIONAL_NONE,
  celEquals,
  isValidMapKey,
  mapKeyString,
  valueMatches,
  type CelValue,
} from './values.js';

export const COST_LIMIT_MESSAGE = 'operation cancelled: actual cost limit exceeded';

type Act = { name: string; value: CelValue; parent?: Act } | undefined;

export class Interp implements CallCtx {
  used = 0;
  constructor(
    readonly checked: Checked,
    readonly limit: number,
    readonly globals: Map<string, CelValue>,
  ) {}

  cost(n: number): void {
    this.used += n;
    if (this.used > this.limit) throw new CelAbort(COST_LIMIT_MESSAGE);
  }

  private lookup(act: Act, name: string): CelValue | undefined {
    for (let a = act; a; a = a.parent) if (a.name === name) return a.value;
    return this.globals.get(name);
  }

  eval(e: Expr, act: Act): CelValue {
    switch (e.t) {
      case 'lit':
        return e.v;
      case 'ident': {
        this.cost(1);
        const tn = this.checked.typeRefs.get(e.id);
        if (tn) return new CelTypeValue(tn);
        const v = this.lookup(act, e.name);
        return v === undefined ? new CelErr(`no such attribute: ${e.name}`) : v;
      }
      case 'select': {
        const tn = this.checked.typeRefs.get(e.id);
        if (tn) return new CelTypeValue(tn);
        this.cost(1);
        const o = this.eval(e.operand, act);
        if (o instanceof CelErr) return o;
        if (e.optional) {
          if (o instanceof CelOptional) {
            if (!o.has) return o;
            return optField(o.value!, e.field);
          }
          return optField(o, e.field);
        }
        return selectField(o, e.field);
      }
      case 'has': {
        this.cost(1);
        const o = this.eval(e.operand, act);
        if (o instanceof CelErr) return o;
        if (o instanceof CelObject) return o.fields.has(e.field);
        if (o instanceof CelMap) return o.has(e.field);
        return new CelErr('no such overload');
      }
      case 'list': {
        this.cost(1);
        const out: CelValue[] = [];
        for (let i = 0; i < e.elems.length; i++) {
          const v = this.eval(e.elems[i], act);
          if (v instanceof CelErr) return v;
          if (e.optional[i]) {
            if (!(v instanceof CelOptional)) return new CelErr('no such overload');
            if (v.has) out.push(v.value!);
          } else out.push(v);
        }
        return out;
      }
      case 'map': {
        this.cost(1);
        const m = new CelMap();
        for (const en of e.entries) {
          const k = this.eval(en.key, act);
          if (k instanceof CelErr) return k;
          const v = this.eval(en.val, act);
          if (v instanceof CelErr) return v;
          if (!isValidMapKey(k)) return new CelErr(`unsupported key type: ${typeof k}`);
          if (en.optional) {
            if (!(v instanceof CelOptional)) return new CelErr('no such overload');
            if (!v.has) continue;
            if (m.has(k)) return new CelErr(`Failed with repeated key`);
            m.set(k, v.value!);
            continue;
          }
          if (m.has(k)) return new CelErr(`Failed with repeated key`);
          m.set(k, v);
        }
        return m;
      }
      case 'call':
        return this.call(e, act);
      case 'macro':
        return this.macro(e, act);
    }
  }

  private call(e: Expr & { t: 'call' }, act: Act): CelValue {
    this.cost(1);
    switch (e.fn) {
      case '_&&_':
      case '_||_': {
        const stop = e.fn === '_||_';
        const a = this.eval(e.args[0], act);
        if (a === stop) return stop;
        const b = this.eval(e.args[1], act);
        if (b === stop) return stop;
        if (a instanceof CelErr) return a;
        if (b instanceof CelErr) return b;
        if (typeof a !== 'boolean' || typeof b !== 'boolean') return new CelErr('no such overload');
        return !stop;
      }
      case '_?_:_': {
        const c = this.eval(e.args[0], act);
        if (c instanceof CelErr) return c;
        if (typeof c !== 'boolean') return new CelErr('no such overload');
        return this.eval(e.args[c ? 1 : 2], act);
      }
      case '_[_]':
      case '_[?_]': {
        const o = this.eval(e.args[0], act);
        if (o instanceof CelErr) return o;
        const i = this.eval(e.args[1], act);
        if (i instanceof CelErr) return i;
        if (e.fn === '_[?_]') {
          if (o instanceof CelOptional) return o.has ? optIndex(o.value!, i) : o;
          return optIndex(o, i);
        }
        return index(o, i);
      }
    }
    const args: CelValue[] = [];
    if (e.target && !this.checked.qualified.has(e.id)) {
      const t = this.eval(e.target, act);
      if (t instanceof CelErr) return t;
      args.push(t);
    }
    for (const a of e.args) {
      const v = this.eval(a, act);
      if (v instanceof CelErr) return v;
      args.push(v);
    }
    const cands: Overload[] | undefined = this.checked.overloads.get(e.id) ?? FUNCS.get(this.checked.qualified.get(e.id) ?? e.fn);
    if (!cands) return new CelErr('no such overload');
    for (const o of cands) {
      if (o.params.length !== args.length) continue;
      if (!o.params.every((p, i) => valueMatches(p, args[i]))) continue;
      try {
        return o.impl(args, this);
      } catch (err) {
        if (err instanceof CelErr) return err;
        throw err;
      }
    }
    return new CelErr('no such overload');
  }

  private range(v: CelValue): { keys: CelValue[]; vals: CelValue[] } | CelErr {
    if (Array.isArray(v)) return { keys: v.map((_, i) => BigInt(i)), vals: v };
    if (v instanceof CelMap) {
      const ents = [...v.entries.values()];
      return { keys: ents.map((x) => x[0]), vals: ents.map((x) => x[1]) };
    }
    return new CelErr('no such overload');
  }

  private macro(e: Expr & { t: 'macro' }, act: Act): CelValue {
    this.cost(1);
    const target = this.eval(e.target, act);
    if (target instanceof CelErr) return target;
    if (e.name === 'optMap' || e.name === 'optFlatMap') {
      if (!(target instanceof CelOptional)) return new CelErr('no such overload');
      if (!target.has) return OPTIONAL_NONE;
      const r = this.eval(e.args[0], { name: e.vars[0], value: target.value!, parent: act });
      if (r instanceof CelErr) return r;
      if (e.name === 'optMap') return new CelOptional(true, r);
      return r;
    }
    const rg = this.range(target);
    if (rg instanceof CelErr) return rg;
    const two = e.vars.length === 2;
    const isList = Array.isArray(target);
    const bind = (i: number): Act => {
      if (!two) return { name: e.vars[0], value: isList ? rg.vals[i] : rg.keys[i], parent: act };
      return { name: e.vars[1], value: rg.vals[i], parent: { name: e.vars[0], value: rg.keys[i], parent: act } };
    };
    const n = rg.keys.length;
    switch (e.name) {
      case 'all':
      case 'exists': {
        const stop = e.name === 'exists';
        let err: CelErr | undefined;
        for (let i = 0; i < n; i++) {
          this.cost(1);
          const r = this.eval(e.args[0], bind(i));
          if (r === stop) return stop;
          if (r instanceof CelErr) err ??= r;
          else if (typeof r !== 'boolean') err ??= new CelErr('no such overload');
        }
        return err ?? !stop;
      }
      case 'exists_one':
      case 'existsOne': {
        let count = 0;
        for (let i = 0; i < n; i++) {
          this.cost(1);
          const r = this.eval(e.args[0], bind(i));
          if (r instanceof CelErr) return r;
          if (typeof r !== 'boolean') return new CelErr('no such overload');
          if (r) count++;
        }
        return count === 1;
      }
      case 'map':
      case 'filter':
      case 'transformList': {
        const out: CelValue[] = [];
        const hasPred = e.name === 'filter' || e.args.length === 2;
        for (let i = 0; i < n; i++) {
          this.cost(1);
          const a = bind(i);
          if (hasPred) {
            const p = this.eval(e.args[0], a);
            if (p instanceof CelErr) return p;
            if (typeof p !== 'boolean') return new CelErr('no such overload');
            if (!p) continue;
          }
          if (e.name === 'filter') {
            out.push(isList ? rg.vals[i] : rg.keys[i]);
            continue;
          }
          const r = this.eval(e.args[e.args.length - 1], a);
          if (r instanceof CelErr) return r;
          out.push(r);
        }
        return out;
      }
      case 'transformMap':
      case 'transformMapEntry': {
        const out = new CelMap();
        const hasPred = e.args.length === 2;
        for (let i = 0; i < n; i++) {
          this.cost(1);
          const a = bind(i);
          if (hasPred) {
            const p = this.eval(e.args[0], a);
            if (p instanceof CelErr) return p;
            if (typeof p !== 'boolean') return new CelErr('no such overload');
            if (!p) continue;
          }
          const r = this.eval(e.args[e.args.length - 1], a);
          if (r instanceof CelErr) return r;
          if (e.name === 'transformMap') out.set(rg.keys[i], r);
          else {
            if (!(r instanceof CelMap)) return new CelErr('no such overload');
            for (const [k, v] of r.entries.values()) {
              if (out.has(k)) return new CelErr(`insert failed: key ${String(k)} already exists`);
              out.set(k, v);
            }
          }
        }
        return out;
      }
      case 'sortBy': {
        const keyed: [CelValue, CelValue][] = [];
        for (let i = 0; i < n; i++) {
          this.cost(1);
          const k = this.eval(e.args[0], bind(i));
          if (k instanceof CelErr) return k;
          keyed.push([k, rg.vals[i]]);
        }
        try {
          const keys = sortValues(keyed.map((x) => x[0]));
          const used = new Set<number>();
          return keys.map((k) => {
            const j = keyed.findIndex((x, idx) => !used.has(idx) && celEquals(x[0], k));
            used.add(j);
            return keyed[j][1];
          });
        } catch (err) {
          if (err instanceof CelErr) return err;
          throw err;
        }
      }
    }
    return new CelErr('no such overload');
  }
}

function keyText(k: CelValue): string {
  if (k instanceof CelUint) return `${k.v}`;
  return String(k);
}

function selectField(o: CelValue, f: string): CelValue {
  if (o instanceof CelObject) {
    const v = o.fields.get(f);
    return v === undefined ? new CelErr(`no such key: ${f}`) : v;
  }
  if (o instanceof CelMap) {
    const v = o.get(f);
    return v === undefined ? new CelErr(`no such key: ${f}`) : v;
  }
  return new CelErr('no such overload');
}

function optField(o: CelValue, f: string): CelValue {
  if (o instanceof CelObject) {
    const v = o.fields.get(f);
    return v === undefined ? OPTIONAL_NONE : new CelOptional(true, v);
  }
  if (o instanceof CelMap) {
    const v = o.get(f);
    return v === undefined ? OPTIONAL_NONE : new CelOptional(true, v);
  }
  return new CelErr('no such overload');
}

function listIndex(i: CelValue): number | CelErr {
  if (typeof i === 'bigint') return Number(i);
  if (i instanceof CelUint) return Number(i.v);
  if (typeof i === 'number') {
    if (Number.isInteger(i)) return i;
    return new CelErr(`unsupported index value ${i} in list`);
  }
  return new CelErr(`unsupported index type '${typeof i}' in list`);
}

function index(o: CelValue, i: CelValue): CelValue {
  if (Array.isArray(o)) {
    const n = listIndex(i);
    if (n instanceof CelErr) return n;
    if (n < 0 || n >= o.length) return new CelErr(`index '${n}' out of range in list size '${o.length}'`);
    return o[n];
  }
  if (o instanceof CelMap) {
    if (mapKeyString(i) === undefined) return new CelErr(`unsupported key type`);
    const v = o.get(i);
    return v === undefined ? new CelErr(`no such key: ${keyText(i)}`) : v;
  }
  if (o instanceof CelObject && typeof i === 'string') return selectField(o, i);
  return new CelErr('no such overload');
}

function optIndex(o: CelValue, i: CelValue): CelValue {
  if (Array.isArray(o)) {
    const n = listIndex(i);
    if (n instanceof CelErr) return n;
    return n >= 0 && n < o.length ? new CelOptional(true, o[n]) : OPTIONAL_NONE;
  }
  if (o instanceof CelMap) {
    const v = o.get(i);
    return v === undefined ? OPTIONAL_NONE : new CelOptional(true, v);
  }
  if (o instanceof CelObject && typeof i === 'string') return optField(o, i);
  return new CelErr('no such overload');
}
