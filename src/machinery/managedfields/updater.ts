// Ownership bookkeeping for one write: which manager owns which field after
// an update (non-apply write) or an apply, including conflict detection and
// the pruning of fields an applier stopped applying.
import { FieldSet } from './fieldset.js';
import { pathString, type Path } from './pathelement.js';
import {
  compare,
  ensureNamedFieldsAreMembers,
  excludeFromComparison,
  merge,
  removeItems,
  toFieldSet,
  valuesEqual,
  type Comparison,
  type TypeNode,
} from './typed.js';

export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  readonly applied: boolean;
}

/** Field sets by manager identifier (see managerIdentifier). */
export type ManagerSets = Map<string, VersionedSet>;

export interface Conflict {
  /** manager identifier */
  readonly manager: string;
  readonly path: Path;
}

/** Raised when an apply would change fields other managers own. */
export class ConflictsError extends Error {
  constructor(readonly conflicts: readonly Conflict[]) {
    super(conflictsText(conflicts));
    this.name = 'ConflictsError';
  }
}

function conflictsText(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) return `conflict with ${JSON.stringify(conflicts[0].manager)}: ${pathString(conflicts[0].path)}`;
  return conflicts.map((c) => `${c.manager}: ${pathString(c.path)}`).join('\n');
}

/** One conflict per path each manager owns, managers in identifier order, paths in set order. */
export function conflictsFromManagers(sets: ManagerSets): Conflict[] {
  const out: Conflict[] = [];
  for (const manager of [...sets.keys()].sort()) {
    sets.get(manager)!.set.iterate((path) => out.push({ manager, path }));
  }
  return out;
}

export interface UpdaterContext {
  /** the type of objects at an API version (undefined: deduced) */
  typeFor(apiVersion: string): TypeNode;
  /** fields excluded from ownership at an API version (reset fields) */
  ignored(apiVersion: string): FieldSet | undefined;
}

function comparisonAt(
  ctx: UpdaterContext,
  live: unknown,
  next: unknown,
  version: string,
  cache: Map<string, Comparison>,
  byType: Map<TypeNode, Comparison>,
): Comparison {
  const hit = cache.get(version);
  if (hit) return hit;
  const t = ctx.typeFor(version);
  let raw = byType.get(t);
  if (!raw) {
    raw = compare(live, next, t);
    byType.set(t, raw);
  }
  const c = excludeFromComparison(raw, ctx.ignored(version));
  cache.set(version, c);
  return c;
}

/**
 * Take away from every manager but `workflow` what changed between live and
 * next: fields removed from the object, and (when forced, else a conflict)
 * fields modified or added. Managers left with nothing are dropped.
 */
function updateManagers(
  ctx: UpdaterContext,
  live: unknown,
  next: unknown,
  version: string,
  managers: ManagerSets,
  workflow: string,
  force: boolean,
): Comparison {
  const cache = new Map<string, Comparison>();
  const byType = new Map<TypeNode, Comparison>();
  const own = comparisonAt(ctx, live, next, version, cache, byType);
  const conflicts: ManagerSets = new Map();
  const removed = new Map<string, FieldSet>();
  for (const [manager, vs] of managers) {
    if (manager === workflow) continue;
    const c = comparisonAt(ctx, live, next, vs.apiVersion, cache, byType);
    const changed = c.modified.union(c.added);
    const conflictSet = vs.set.intersection(changed);
    if (!conflictSet.empty()) conflicts.set(manager, { set: conflictSet, apiVersion: vs.apiVersion, applied: false });
    if (!c.removed.empty()) removed.set(manager, c.removed);
  }
  if (!force && conflicts.size > 0) throw new ConflictsError(conflictsFromManagers(conflicts));
  for (const [manager, cs] of conflicts) {
    const vs = managers.get(manager)!;
    managers.set(manager, { ...vs, set: vs.set.difference(cs.set) });
  }
  for (const [manager, rs] of removed) {
    const vs = managers.get(manager)!;
    managers.set(manager, { ...vs, set: vs.set.difference(rs) });
  }
  for (const [manager, vs] of managers) if (vs.set.empty()) managers.delete(manager);
  return own;
}

/**
 * A non-apply write: `manager` gains every field that changed, other
 * managers lose them. `managers` is updated in place.
 */
export function updateOwnership(
  ctx: UpdaterContext,
  live: unknown,
  next: unknown,
  version: string,
  managers: ManagerSets,
  manager: string,
): void {
  const c = updateManagers(ctx, live, next, version, managers, manager, true);
  const prev = managers.get(manager)?.set ?? new FieldSet();
  let set = prev.difference(c.removed).union(c.modified).union(c.added);
  const ignored = ctx.ignored(version);
  if (ignored) set = set.recursiveDifference(ignored);
  if (set.empty()) managers.delete(manager);
  else managers.set(manager, { set, apiVersion: version, applied: false });
}

export interface ApplyResult {
  /** the merged object, or undefined when it equals the live object */
  object: unknown;
}

/**
 * An apply: merge the configuration into live, make `manager` own exactly
 * what the configuration sets, prune what it applied before and dropped (if
 * nobody else owns it), and check the changes against other owners.
 * `managers` is updated in place; throws ConflictsError when not forced.
 */
export function applyConfiguration(
  ctx: UpdaterContext,
  live: unknown,
  config: unknown,
  version: string,
  managers: ManagerSets,
  manager: string,
  force: boolean,
): ApplyResult {
  const t = ctx.typeFor(version);
  const set0 = toFieldSet(config, t, true);
  let merged = merge(live, config, t);
  const lastSet = managers.get(manager);
  const ignored = ctx.ignored(version);
  const set = ignored ? set0.recursiveDifference(ignored) : set0;
  managers.set(manager, { set, apiVersion: version, applied: true });
  merged = prune(ctx, merged, managers, lastSet);
  updateManagers(ctx, live, merged, version, managers, manager, force);
  return { object: valuesEqual(live, merged) ? undefined : merged };
}

function prune(ctx: UpdaterContext, merged: unknown, managers: ManagerSets, lastSet: VersionedSet | undefined): unknown {
  if (!lastSet || lastSet.set.empty()) return merged;
  const t = ctx.typeFor(lastSet.apiVersion);
  let pruned = removeItems(merged, ensureNamedFieldsAreMembers(lastSet.set, t), t);
  // add back what anybody (the applier's new configuration included) owns
  let managed = new FieldSet();
  for (const vs of managers.values()) managed = managed.union(vs.set);
  const mergedSet = ensureNamedFieldsAreMembers(toFieldSet(merged, t), t);
  let prunedSet = ensureNamedFieldsAreMembers(toFieldSet(pruned, t), t);
  pruned = removeItems(merged, mergedSet.difference(prunedSet.union(ensureNamedFieldsAreMembers(managed, t))), t);
  // add back what was not the applier's to remove (unowned, or owned by updaters)
  prunedSet = ensureNamedFieldsAreMembers(toFieldSet(pruned, t), t);
  const last = ensureNamedFieldsAreMembers(lastSet.set, t);
  return removeItems(merged, mergedSet.difference(prunedSet).intersection(last), t);
}
