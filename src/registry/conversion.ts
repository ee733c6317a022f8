// Conversion between the group versions a stored collection is served in.
// Most collections are served in one version and only need apiVersion/kind
// set; the few served in several (core and events.k8s.io Events,
// autoscaling v1 and v2 HorizontalPodAutoscalers) register converters.
import type { KObject } from '../machinery/objects.js';
import type { FieldSelector } from '../machinery/selectors.js';
import { badRequest } from '../machinery/errors.js';

export interface Converter {
  /** an object in group version `from` to the storage version */
  toStorage(obj: KObject, from: string): KObject;
  /** a stored object to group version `to` */
  fromStorage(obj: KObject, to: string): KObject;
}

const converters = new Map<string, Converter>();

export function registerConverter(storageId: string, c: Converter): void {
  converters.set(storageId, c);
}

export function converterFor(storageId: string): Converter | undefined {
  return converters.get(storageId);
}

/**
 * Field selector labels of a group version that name another label of the
 * stored object (events.k8s.io/v1 "regarding.kind" is "involvedObject.kind").
 * A group version with a table accepts only the labels it lists.
 */
const fieldLabels = new Map<string, Record<string, string>>();

export function registerFieldLabels(group: string, version: string, resource: string, labels: Record<string, string>): void {
  fieldLabels.set(`${group}/${version}/${resource}`, labels);
}

export function convertFieldSelector(group: string, version: string, resource: string, fs: FieldSelector): FieldSelector {
  const table = fieldLabels.get(`${group}/${version}/${resource}`);
  if (!table || fs.empty) return fs;
  const reqs = fs.requirements.map((r) => {
    const to = table[r.field];
    if (to === undefined) throw badRequest(`field label not supported: ${r.field}`);
    return { ...r, field: to };
  });
  return {
    requirements: reqs,
    empty: false,
    matches: (fields) => reqs.every((r) => (r.op === '=' ? fields[r.field] === r.value : fields[r.field] !== r.value)),
  };
}
