// A set of field paths stored as a trie: `members` are the path elements that
// are themselves in the set at this level, `children` hold the subsets below a
// path element (appearing there does not make the element a member). Sets are
// treated as immutable once built: the binary operations return new sets that
// may share untouched subtrees with their inputs.
import {
  comparePathElements,
  parsePathElement,
  PathElementError,
  pathString,
  UNKNOWN_ELEMENT,
  type Path,
  type PathElement,
} from './pathelement.js';

interface SetNode {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

export class FieldsV1Error extends Error {}

export class FieldSet {
  readonly members = new Map<string, PathElement>();
  readonly children = new Map<string, SetNode>();

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Add a path (parents are not added). The empty path (the whole object) is never tracked. */
  insert(p: Path): void {
    if (p.length === 0) return;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let s: FieldSet = this;
    for (let i = 0; i < p.length - 1; i++) s = s.descend(p[i]);
    const last = p[p.length - 1];
    if (!s.members.has(last.s)) s.members.set(last.s, last);
  }

  /** The child set below `pe`, created when missing (only for sets under construction). */
  descend(pe: PathElement): FieldSet {
    const n = this.children.get(pe.s);
    if (n) return n.set;
    const set = new FieldSet();
    this.children.set(pe.s, { pe, set });
    return set;
  }

  has(p: Path): boolean {
    if (p.length === 0) return false;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let s: FieldSet | undefined = this;
    for (let i = 0; i < p.length - 1; i++) {
      s = s.children.get(p[i].s)?.set;
      if (!s) return false;
    }
    return s.members.has(p[p.length - 1].s);
  }

  /** The subset below `pe` (without the prefix); empty when there is none. */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(pe.s)?.set ?? EMPTY;
  }

  empty(): boolean {
    if (this.members.size > 0) return false;
    for (const n of this.children.values()) if (!n.set.empty()) return false;
    return true;
  }

  size(): number {
    let n = this.members.size;
    for (const c of this.children.values()) n += c.set.size();
    return n;
  }

  union(o: FieldSet): FieldSet {
    if (o.empty()) return this;
    if (this.empty()) return o;
    const out = new FieldSet();
    for (const [k, pe] of this.members) out.members.set(k, pe);
    for (const [k, pe] of o.members) out.members.set(k, pe);
    for (const [k, n] of this.children) {
      const m = o.children.get(k);
      out.children.set(k, m ? { pe: n.pe, set: n.set.union(m.set) } : n);
    }
    for (const [k, m] of o.children) if (!this.children.has(k)) out.children.set(k, m);
    return out;
  }

  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    const [small, big] = this.members.size <= o.members.size ? [this, o] : [o, this];
    for (const [k, pe] of small.members) if (big.members.has(k)) out.members.set(k, pe);
    for (const [k, n] of this.children) {
      const m = o.children.get(k);
      if (!m) continue;
      const r = n.set.intersection(m.set);
      if (!r.empty()) out.children.set(k, { pe: n.pe, set: r });
    }
    return out;
  }

  /** Members of this set that are not members of `o`; a member of `o` does not remove children below it. */
  difference(o: FieldSet): FieldSet {
    if (o.empty()) return this;
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (!o.members.has(k)) out.members.set(k, pe);
    for (const [k, n] of this.children) {
      const m = o.children.get(k);
      if (!m) {
        out.children.set(k, n);
        continue;
      }
      const r = n.set.difference(m.set);
      if (!r.empty()) out.children.set(k, { pe: n.pe, set: r });
    }
    return out;
  }

  /** Like difference, but a member of `o` also removes everything below it. */
  recursiveDifference(o: FieldSet): FieldSet {
    if (o.empty()) return this;
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (!o.members.has(k)) out.members.set(k, pe);
    for (const [k, n] of this.children) {
      if (o.members.has(k)) continue;
      const m = o.children.get(k);
      if (!m) {
        out.children.set(k, n);
        continue;
      }
      const r = n.set.recursiveDifference(m.set);
      if (!r.empty()) out.children.set(k, { pe: n.pe, set: r });
    }
    return out;
  }

  equals(o: FieldSet): boolean {
    if (this.members.size !== o.members.size) return false;
    for (const k of this.members.keys()) if (!o.members.has(k)) return false;
    const mine = [...this.children.values()].filter((n) => !n.set.empty());
    const theirs = [...o.children.values()].filter((n) => !n.set.empty());
    if (mine.length !== theirs.length) return false;
    for (const n of mine) {
      const m = o.children.get(n.pe.s);
      if (!m || !n.set.equals(m.set)) return false;
    }
    return true;
  }

  /** Every member path in order: the members of a level first, then each child subtree, both sorted. */
  iterate(f: (p: Path) => void): void {
    this.iteratePrefix([], f);
  }

  private iteratePrefix(prefix: PathElement[], f: (p: Path) => void): void {
    for (const pe of sortedElements(this.members.values())) f([...prefix, pe]);
    for (const n of sortedNodes(this.children.values())) {
      prefix.push(n.pe);
      n.set.iteratePrefix(prefix, f);
      prefix.pop();
    }
  }

  paths(): Path[] {
    const out: Path[] = [];
    this.iterate((p) => out.push(p));
    return out;
  }

  /** Human-readable member paths, one per entry (".spec.replicas"). */
  toStrings(): string[] {
    return this.paths().map(pathString);
  }

  // -------------------------------------------------------------------------
  // fieldsV1

  /** The fieldsV1 object: keys sorted like upstream, "." first where a node is both member and parent. */
  toFieldsV1(): Record<string, unknown> {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (includeSelf && (this.members.size > 0 || this.children.size > 0)) out['.'] = {};
    const mem = sortedElements(this.members.values());
    const kids = sortedNodes(this.children.values());
    let mi = 0;
    let ci = 0;
    while (mi < mem.length || ci < kids.length) {
      const c =
        mi >= mem.length ? 1 : ci >= kids.length ? -1 : comparePathElements(mem[mi], kids[ci].pe);
      if (c < 0) {
        out[mem[mi].s] = {};
        mi++;
      } else if (c > 0) {
        out[kids[ci].pe.s] = kids[ci].set.emit(false);
        ci++;
      } else {
        out[kids[ci].pe.s] = kids[ci].set.emit(true);
        mi++;
        ci++;
      }
    }
    return out;
  }

  /** Parse a fieldsV1 object. Unknown element types are skipped; malformed keys throw FieldsV1Error. */
  static fromFieldsV1(v: unknown): FieldSet {
    if (v === null || v === undefined) return new FieldSet();
    const r = readLevel(v, '');
    return r.children ?? new FieldSet();
  }
}

const EMPTY = new FieldSet();

function readLevel(v: unknown, at: string): { children?: FieldSet; isMember: boolean } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new FieldsV1Error(`${at || 'fieldsV1'}: expected a JSON object, got ${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v}`);
  }
  let children: FieldSet | undefined;
  let isMember = false;
  for (const [key, sub] of Object.entries(v as Record<string, unknown>)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    let pe: PathElement | typeof UNKNOWN_ELEMENT;
    try {
      pe = parsePathElement(key);
    } catch (e) {
      if (e instanceof PathElementError) throw new FieldsV1Error(`parsing key as path element: ${e.message}`);
      throw e;
    }
    if (pe === UNKNOWN_ELEMENT) continue;
    const r = readLevel(sub, key);
    if (r.isMember) {
      children ??= new FieldSet();
      children.members.set(pe.s, pe);
    }
    if (r.children) {
      children ??= new FieldSet();
      const existing = children.children.get(pe.s);
      children.children.set(pe.s, { pe, set: existing ? existing.set.union(r.children) : r.children });
    }
  }
  if (!children) isMember = true;
  return { children, isMember };
}

function sortedElements(it: Iterable<PathElement>): PathElement[] {
  const a = [...it];
  if (a.length > 1) a.sort(comparePathElements);
  return a;
}

function sortedNodes(it: Iterable<SetNode>): SetNode[] {
  const a = [...it];
  if (a.length > 1) a.sort((x, y) => comparePathElements(x.pe, y.pe));
  return a;
}
