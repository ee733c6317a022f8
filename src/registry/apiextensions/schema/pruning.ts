// Pruning of unknown fields: everything the structural schema does not
// specify is dropped, except below x-kubernetes-preserve-unknown-fields and
// the apiVersion/kind/metadata of (embedded) resources. The removed paths are
// what strict field validation reports as unknown fields.
import type { Structural } from './structural.js';
import { emptyStructural } from './objectmeta.js';
import { byteSort, isObj } from './util.js';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

class Tracker {
  parent: string[] = [];
  readonly unknown: string[] = [];

  record(k: string): void {
    this.unknown.push([...this.parent, ...(this.parent.length ? ['.'] : []), k].join(''));
  }

  key(k: string): number {
    const l = this.parent.length;
    if (l) this.parent.push('.');
    this.parent.push(k);
    return l;
  }

  index(i: number): number {
    const l = this.parent.length;
    this.parent.push('[', String(i), ']');
    return l;
  }

  reset(l: number): void {
    this.parent.length = l;
  }
}

/**
 * Remove unknown fields in place; returns the removed paths (sorted, e.g.
 * "spec.foo", "spec.items[0].bar"). At a resource root apiVersion, kind and
 * metadata are kept.
 */
export function pruneUnknownFields(obj: unknown, s: Structural | undefined, isResourceRoot = true): string[] {
  let schema = s;
  if (isResourceRoot) schema = { ...(schema ?? emptyStructural()), xEmbeddedResource: true };
  const t = new Tracker();
  prune(obj, schema, t);
  return byteSort(t.unknown);
}

/**
 * `preserve`: under x-kubernetes-preserve-unknown-fields unknown fields stay,
 * while the fields the schema does describe (and the items of a preserved
 * array) are still walked, and pruned by their own schemas.
 */
function prune(x: unknown, s: Structural | undefined, t: Tracker, preserve = false): void {
  if (s?.xPreserveUnknownFields) preserve = true;
  if (preserve && !s) return;
  if (isObj(x)) {
    for (const k of Object.keys(x)) {
      if (s?.xEmbeddedResource && META_FIELDS.has(k)) continue;
      const prop = s?.properties?.[k];
      if (prop || s?.additionalProperties) {
        const l = t.key(k);
        prune(x[k], prop ?? s!.additionalProperties!.structural, t);
        t.reset(l);
      } else if (!preserve) {
        if (!META_FIELDS.has(k) || t.parent.length > 0) t.record(k);
        delete x[k];
      }
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => {
      const l = t.index(i);
      prune(v, s?.items, t, preserve);
      t.reset(l);
    });
  }
}
