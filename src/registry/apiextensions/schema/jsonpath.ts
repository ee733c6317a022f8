// A JSONPath template engine compatible with client-go's util/jsonpath as
// used for custom resource printer columns and selectable fields: fields,
// quoted keys, indexes and slices, wildcards, unions, recursive descent and
// [?(@.x == "y")] filters.
import { goFloat, goJSON, isInt64, isObj } from './util.js';

type Node =
  | { t: 'list'; nodes: Node[] }
  | { t: 'text'; text: string }
  | { t: 'field'; name: string }
  | { t: 'array'; params: Param[] }
  | { t: 'filter'; left: Node & { t: 'list' }; right: Node & { t: 'list' }; op: string }
  | { t: 'int'; v: number }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'wildcard' }
  | { t: 'recursive' }
  | { t: 'union'; lists: (Node & { t: 'list' })[] }
  | { t: 'identifier'; name: string };

interface Param {
  value: number;
  known: boolean;
  derived: boolean;
}

export class JSONPathError extends Error {}

function isTerminator(c: string | undefined): boolean {
  return c === undefined || c === ' ' || c === '\t' || c === '\r' || c === '\n' || '.,[]$@{}'.includes(c);
}

function isAlphaNumeric(c: string): boolean {
  return c === '_' || /[\p{L}\p{Nd}]/u.test(c);
}

class Parser {
  input = '';
  pos = 0;
  start = 0;
  root: Node & { t: 'list' } = { t: 'list', nodes: [] };

  parse(text: string): void {
    this.input = text;
    this.root = { t: 'list', nodes: [] };
    this.pos = 0;
    this.start = 0;
    this.parseText(this.root);
  }

  private consume(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  private next(): string | undefined {
    if (this.pos >= this.input.length) return undefined;
    const cp = this.input.codePointAt(this.pos) as number;
    const ch = String.fromCodePoint(cp);
    this.pos += ch.length;
    return ch;
  }

  private peek(): string | undefined {
    if (this.pos >= this.input.length) return undefined;
    return String.fromCodePoint(this.input.codePointAt(this.pos) as number);
  }

  private parseText(cur: Node & { t: 'list' }): void {
    for (;;) {
      if (this.input.startsWith('{', this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ t: 'text', text: this.consume() });
        this.pos += 1;
        this.consume();
        const n: Node & { t: 'list' } = { t: 'list', nodes: [] };
        cur.nodes.push(n);
        this.parseInside(n);
        return;
      }
      if (this.next() === undefined) break;
    }
    if (this.pos > this.start) cur.nodes.push({ t: 'text', text: this.consume() });
  }

  private parseInside(cur: Node & { t: 'list' }): void {
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith('}')) {
        this.pos += 1;
        this.consume();
        this.parseText(this.root);
        return;
      }
      if (rest.startsWith('[?(')) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith('..')) {
        const last = cur.nodes[cur.nodes.length - 1];
        if (last && last.t === 'recursive') throw new JSONPathError('invalid multiple recursive descent');
        this.pos += 2;
        this.consume();
        cur.nodes.push({ t: 'recursive' });
        const p = this.peek();
        if (p !== undefined && isAlphaNumeric(p)) this.parseField(cur);
        continue;
      }
      const r = this.next();
      if (r === undefined || r === '\r' || r === '\n') throw new JSONPathError('unclosed action');
      if (r === ' ' || r === '@' || r === '$') {
        this.consume();
        continue;
      }
      if (r === '[') {
        this.parseArray(cur);
        continue;
      }
      if (r === '"' || r === "'") {
        this.parseQuote(cur, r);
        continue;
      }
      if (r === '.') {
        this.parseField(cur);
        continue;
      }
      if (r === '+' || r === '-' || /\p{Nd}/u.test(r)) {
        this.pos -= r.length;
        this.parseNumber(cur);
        continue;
      }
      if (isAlphaNumeric(r)) {
        this.pos -= r.length;
        this.parseIdentifier(cur);
        continue;
      }
      const cp = r.codePointAt(0) as number;
      throw new JSONPathError(`unrecognized character in action: U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${r}'`);
    }
  }

  private parseIdentifier(cur: Node & { t: 'list' }): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        if (r !== undefined) this.pos -= r.length;
        break;
      }
    }
    const v = this.consume();
    if (v === 'true' || v === 'false') cur.nodes.push({ t: 'bool', v: v === 'true' });
    else cur.nodes.push({ t: 'identifier', name: v });
  }

  private parseNumber(cur: Node & { t: 'list' }): void {
    const p = this.peek();
    if (p === '+' || p === '-') this.next();
    for (;;) {
      const r = this.next();
      if (r === undefined) break;
      if (r !== '.' && !/\p{Nd}/u.test(r)) {
        this.pos -= r.length;
        break;
      }
    }
    const v = this.consume();
    if (/^[+-]?\d+$/.test(v)) cur.nodes.push({ t: 'int', v: Number(v) });
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(v)) cur.nodes.push({ t: 'float', v: Number(v) });
    else throw new JSONPathError(`cannot parse number ${v}`);
  }

  private parseArray(cur: Node & { t: 'list' }): void {
    for (;;) {
      const r = this.next();
      if (r === undefined || r === '\n') throw new JSONPathError('unterminated array');
      if (r === ']') break;
    }
    let text = this.consume();
    text = text.slice(1, -1);
    if (text === '*') text = ':';
    const strs = text.split(',');
    if (strs.length > 1) {
      const lists = strs.map((s) => parseAction(`[${s.trim()}]`));
      cur.nodes.push({ t: 'union', lists });
      return;
    }
    const dict = /^'([^']*)'$/.exec(text);
    if (dict) {
      const p = parseAction(`.${dict[1]}`);
      cur.nodes.push(...p.nodes);
      return;
    }
    const m = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(text);
    if (!m) throw new JSONPathError(`invalid array index ${text}`);
    const vals = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    const params: Param[] = [];
    for (let i = 0; i < 3; i++) {
      let v = vals[i];
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') params.push({ value: 0, known: false, derived: false });
        else {
          if (!/^-?\d+$/.test(v)) throw new JSONPathError(`array index ${v} is not a number`);
          params.push({ value: Number(v), known: true, derived: false });
        }
      } else if (i === 1) params.push({ value: params[0].value + 1, known: true, derived: true });
      else params.push({ value: 0, known: false, derived: false });
    }
    cur.nodes.push({ t: 'array', params });
  }

  private parseFilter(cur: Node & { t: 'list' }): void {
    this.pos += 3;
    this.consume();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === undefined || r === '\n') throw new JSONPathError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')') {
        if (begin === end) break;
      }
    }
    if (this.next() !== ']') throw new JSONPathError('unclosed array expect ]');
    let text = this.consume();
    text = text.slice(0, -2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/s.exec(text);
    if (!m) cur.nodes.push({ t: 'filter', left: parseAction(text), right: { t: 'list', nodes: [] }, op: 'exists' });
    else cur.nodes.push({ t: 'filter', left: parseAction(m[1]), right: parseAction(m[3]), op: m[2] });
  }

  private parseQuote(cur: Node & { t: 'list' }, q: string): void {
    for (;;) {
      const r = this.next();
      if (r === undefined || r === '\n') throw new JSONPathError('unterminated quoted string');
      if (r === q && this.input[this.pos - 2] !== '\\') break;
    }
    const v = this.consume();
    const body = v.slice(1, -1);
    let s: string;
    try {
      s = q === '"' ? (JSON.parse(`"${body.replace(/\\'/g, "'")}"`) as string) : (JSON.parse(`"${body.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
    } catch {
      throw new JSONPathError(`unquote string ${v} error invalid syntax`);
    }
    cur.nodes.push({ t: 'text', text: s });
  }

  private parseField(cur: Node & { t: 'list' }): void {
    this.consume();
    for (;;) {
      const r = this.next();
      if (r === '\\') {
        this.next();
        continue;
      }
      if (isTerminator(r)) {
        if (r !== undefined) this.pos -= r.length;
        break;
      }
    }
    const v = this.consume();
    if (v === '*') cur.nodes.push({ t: 'wildcard' });
    else cur.nodes.push({ t: 'field', name: v.replace(/\\/g, '') });
  }
}

function parseAction(text: string): Node & { t: 'list' } {
  const p = new Parser();
  p.parse(`{${text}}`);
  return p.root.nodes[0] as Node & { t: 'list' };
}

/** a value found by the evaluator; `undefined` entries never appear */
type Val = unknown;

export class JSONPath {
  private root: Node & { t: 'list' } = { t: 'list', nodes: [] };
  private allowMissingKeys = false;

  /** parse a template such as "{.spec.replicas}" (throws JSONPathError) */
  constructor(template: string, opts: { allowMissingKeys?: boolean } = {}) {
    const p = new Parser();
    p.parse(template);
    this.root = p.root;
    this.allowMissingKeys = !!opts.allowMissingKeys;
  }

  /** FindResults: one result list per template action */
  findResults(data: unknown): Val[][] {
    const full: Val[][] = [];
    for (const node of this.root.nodes) full.push(this.walk([data], node));
    return full;
  }

  private walk(input: Val[], node: Node): Val[] {
    switch (node.t) {
      case 'list': {
        let cur = input;
        for (const n of node.nodes) cur = this.walk(cur, n);
        return cur;
      }
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(input, node.name);
      case 'array':
        return this.evalArray(input, node.params);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
      case 'float':
      case 'bool':
        return input.map(() => node.v);
      case 'wildcard':
        return this.evalWildcard(input);
      case 'recursive':
        return this.evalRecursive(input);
      case 'union':
        return node.lists.flatMap((l) => this.walk(input, l));
      case 'identifier':
        throw new JSONPathError(node.name === 'end' ? 'not in range, nothing to end' : node.name === 'range' ? 'range is not supported' : `unrecognized identifier ${node.name}`);
    }
  }

  private evalField(input: Val[], name: string): Val[] {
    const out: Val[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      if (isObj(v) && Object.prototype.hasOwnProperty.call(v, name)) out.push(v[name]);
    }
    if (!out.length && !this.allowMissingKeys) throw new JSONPathError(`${name} is not found`);
    return out;
  }

  private evalArray(input: Val[], params0: Param[]): Val[] {
    const out: Val[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      if (!Array.isArray(v)) throw new JSONPathError(`${isObj(v) ? 'map[string]interface {}' : typeof v} is not array or slice`);
      const params = params0.map((p) => ({ ...p }));
      const len = v.length;
      if (!params[0].known) params[0].value = 0;
      if (params[0].value < 0) params[0].value += len;
      if (!params[1].known) params[1].value = len;
      if (params[1].value < 0 || (params[1].value === 0 && params[1].derived)) params[1].value += len;
      if (params[1].value !== params[0].value) {
        if (params[0].value >= len || params[0].value < 0) throw new JSONPathError(`array index out of bounds: index ${params[0].value}, length ${len}`);
        if (params[1].value > len || params[1].value < 0) throw new JSONPathError(`array index out of bounds: index ${params[1].value - 1}, length ${len}`);
        if (params[0].value > params[1].value) throw new JSONPathError(`starting index ${params[0].value} is greater than ending index ${params[1].value}`);
      } else return out;
      const slice = v.slice(params[0].value, params[1].value);
      let step = 1;
      if (params[2].known) {
        if (params[2].value <= 0) throw new JSONPathError('step must be > 0');
        step = params[2].value;
      }
      for (let i = 0; i < slice.length; i += step) out.push(slice[i]);
    }
    return out;
  }

  private children(v: Val): Val[] {
    if (isObj(v)) return Object.values(v);
    if (Array.isArray(v)) return v;
    if (typeof v === 'string') return [...Buffer.from(v, 'utf8')];
    return [];
  }

  private evalWildcard(input: Val[]): Val[] {
    return input.flatMap((v) => (v === null || v === undefined ? [] : this.children(v)));
  }

  private evalRecursive(input: Val[]): Val[] {
    const out: Val[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      const kids = this.children(v);
      if (kids.length) {
        out.push(v);
        out.push(...this.evalRecursive(kids));
      }
    }
    return out;
  }

  private evalFilter(input: Val[], node: Node & { t: 'filter' }): Val[] {
    const out: Val[] = [];
    for (const v of input) {
      if (!Array.isArray(v)) throw new JSONPathError(`${goJSON(v)} is not array or slice and cannot be filtered`);
      for (const el of v) {
        let lefts: Val[];
        try {
          lefts = this.walk([el], node.left);
        } catch (e) {
          if (node.op === 'exists') continue;
          throw e;
        }
        if (node.op === 'exists') {
          if (lefts.length) out.push(el);
          continue;
        }
        if (!lefts.length) continue;
        if (lefts.length > 1) throw new JSONPathError('can only compare one element at a time');
        const rights = this.walk([el], node.right);
        if (!rights.length) continue;
        if (rights.length > 1) throw new JSONPathError('can only compare one element at a time');
        if (compare(lefts[0], rights[0], node.op)) out.push(el);
      }
    }
    return out;
  }
}

type BasicKind = 'bool' | 'int' | 'float' | 'string';

function basicKind(v: Val): BasicKind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isInt64(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'string';
  throw new JSONPathError('invalid type for comparison');
}

function compare(a: Val, b: Val, op: string): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) throw new JSONPathError('incompatible types for comparison');
  const less = (): boolean => {
    if (ka === 'bool') throw new JSONPathError('invalid type for comparison');
    return (a as number | string) < (b as number | string);
  };
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return less();
    case '>':
      return !less() && a !== b;
    case '<=':
      return less() || a === b;
    case '>=':
      return !less();
    default:
      throw new JSONPathError(`unrecognized filter operator ${op}`);
  }
}

/** PrintResults of one value: scalars with fmt.Print, maps and lists as JSON */
export function printValue(v: Val): string {
  if (v === null || v === undefined) return '<no value>';
  if (isObj(v) || Array.isArray(v)) return goJSON(v);
  if (typeof v === 'number') return isInt64(v) ? String(v) : goFloat(v);
  return String(v);
}
