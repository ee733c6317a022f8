// Helpers for writing strategies. defineStrategy runs the resource's
// defaulting before the prepare hooks: upstream defaults an object when it
// is decoded, so PrepareForCreate/PrepareForUpdate (and the generation
// comparison the Store does right after prepareForUpdate) always see a
// defaulted object. Defaulting is idempotent, so the Store calling it again
// afterwards is harmless.
import type { Strategy } from '../generic/strategy.js';
import type { KObject } from '../../machinery/objects.js';
import { type O, isObj } from './field.js';

export function defineStrategy(s: Strategy): Strategy {
  const d = s.defaults;
  if (!d) return s;
  const out: Strategy = { ...s };
  const pc = s.prepareForCreate;
  out.prepareForCreate = (obj, ctx) => {
    d(obj);
    pc?.(obj, ctx);
  };
  const pu = s.prepareForUpdate;
  out.prepareForUpdate = (obj, old, ctx) => {
    d(obj);
    pu?.(obj, old, ctx);
  };
  const ps = s.prepareForStatusUpdate;
  out.prepareForStatusUpdate = (obj, old, ctx) => {
    d(obj);
    ps?.(obj, old, ctx);
  };
  return out;
}

export function spec(obj: KObject): O {
  if (!isObj(obj.spec)) obj.spec = {};
  return obj.spec as O;
}

export function status(obj: KObject): O {
  if (!isObj(obj.status)) obj.status = {};
  return obj.status as O;
}

export function specOf(obj: KObject | undefined): O {
  return obj && isObj(obj.spec) ? (obj.spec as O) : {};
}

export function statusOf(obj: KObject | undefined): O {
  return obj && isObj(obj.status) ? (obj.status as O) : {};
}

export function metaOf(obj: KObject | undefined): O {
  return obj && isObj(obj.metadata) ? (obj.metadata as O) : {};
}

/** bump metadata.generation by hand (for resources whose rule differs from the Store's) */
export function bumpGeneration(obj: KObject, old: KObject): void {
  const m = obj.metadata ?? (obj.metadata = {});
  m.generation = (old.metadata?.generation ?? 0) + 1;
}

/** status writes of the apps workloads keep the stored labels (upstream's workload status strategies) */
export function keepStoredLabels(obj: KObject, old: KObject): void {
  const m = obj.metadata ?? (obj.metadata = {});
  if (old.metadata?.labels === undefined) delete m.labels;
  else m.labels = { ...old.metadata.labels };
}
