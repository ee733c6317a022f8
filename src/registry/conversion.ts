// Conversion between the group versions a stored collection is served in.
// Most collections are served in one version and only need apiVersion/kind
// set; the few served in several (core and events.k8s.io Events,
// autoscaling v1 and v2 HorizontalPodAutoscalers) register converters.
import type { KObject } from '../machinery/objects.js';

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
