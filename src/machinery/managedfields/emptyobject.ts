// The object an empty Go value of a built-in kind converts to. Field
// ownership on create (and for "before-first-apply") is the difference from
// this object, so fields an empty Go struct always carries (non-pointer
// structs, fields without omitempty) are "present" already and get no "."
// entry of their own in fieldsV1, while omitempty fields do.
import type { PatchSchemaNode } from '../patch/schema.js';

const STRUCT = Symbol('struct');

type Zero = typeof STRUCT | null | string | number;

/**
 * Fields of built-in Go types that an empty value still serialises, beyond
 * the top-level metadata/spec/status: nested non-pointer structs, and
 * pointers, slices and scalars whose json tag has no omitempty.
 */
const NON_OMITTED: Record<string, Record<string, Zero>> = {
  DeploymentSpec: { selector: null, template: STRUCT, strategy: STRUCT },
  StatefulSetSpec: { selector: null, template: STRUCT, updateStrategy: STRUCT },
  DaemonSetSpec: { selector: null, template: STRUCT, updateStrategy: STRUCT },
  ReplicaSetSpec: { selector: null, template: STRUCT },
  JobSpec: { template: STRUCT },
  CronJobSpec: { jobTemplate: STRUCT },
  JobTemplateSpec: { metadata: STRUCT, spec: STRUCT },
  PodTemplateSpec: { metadata: STRUCT, spec: STRUCT },
  PodTemplate: { template: STRUCT },
  PodSpec: { containers: null },
  ServiceStatus: { loadBalancer: STRUCT },
  PersistentVolumeClaimSpec: { resources: STRUCT },
  NodeStatus: { daemonEndpoints: STRUCT, nodeInfo: STRUCT },
  NodeDaemonEndpoints: { kubeletEndpoint: STRUCT },
  DaemonEndpoint: { Port: 0 },
  NodeSystemInfo: {
    machineID: '',
    systemUUID: '',
    bootID: '',
    kernelVersion: '',
    osImage: '',
    containerRuntimeVersion: '',
    kubeletVersion: '',
    kubeProxyVersion: '',
    operatingSystem: '',
    architecture: '',
  },
  Event: {
    involvedObject: STRUCT,
    source: STRUCT,
    firstTimestamp: null,
    lastTimestamp: null,
    eventTime: null,
    reportingComponent: '',
    reportingInstance: '',
    regarding: STRUCT,
    deprecatedSource: STRUCT,
    deprecatedFirstTimestamp: null,
    deprecatedLastTimestamp: null,
  },
  EndpointSlice: { addressType: '', endpoints: null },
  HorizontalPodAutoscalerSpec: { scaleTargetRef: STRUCT, maxReplicas: 0 },
  CrossVersionObjectReference: { kind: '', name: '' },
};

const TOP_LEVEL_STRUCTS = ['metadata', 'spec', 'status'];

function isStruct(n: PatchSchemaNode | undefined): n is PatchSchemaNode {
  return !!n && (n.type === 'object' || n.type === undefined) && !!n.properties && !n.additionalProperties;
}

function skeleton(node: PatchSchemaNode, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = node.properties;
  if (!props || depth > 12) return out;
  if (depth === 0) {
    for (const f of TOP_LEVEL_STRUCTS) {
      const p = props[f];
      if (isStruct(p)) out[f] = f === 'metadata' ? {} : skeleton(p, depth + 1);
    }
  }
  const table = node.name ? NON_OMITTED[node.name] : undefined;
  if (table) {
    for (const [f, z] of Object.entries(table)) {
      if (!Object.prototype.hasOwnProperty.call(props, f)) continue;
      if (z === STRUCT) {
        const p = props[f];
        out[f] = f === 'metadata' || !isStruct(p) ? {} : skeleton(p, depth + 1);
      } else {
        out[f] = z;
      }
    }
  }
  return out;
}

/**
 * The empty object of a kind as upstream's typed empty value serialises it
 * (without apiVersion, kind, and creationTimestamp, which are never tracked).
 * Custom resources (schema nodes without a Go type name) are just {}.
 */
export function emptyObjectFor(schema: PatchSchemaNode | undefined): Record<string, unknown> {
  if (!schema || !schema.name) return {};
  return skeleton(schema, 0);
}
