// The API catalogue: which group versions and resources the server serves.
// Built-in entries come from api-schemas/generated/catalogue.json (derived at
// build time from the pinned upstream OpenAPI specification) plus the facts
// the specification does not carry (short names, categories, storage sharing).
// Custom resources are added and removed at run time.
import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { generatedPath } from './paths.js';

export interface SubresourceInfo {
  name: string;
  verbs: string[];
  /** the kind the subresource's requests and responses use */
  group: string;
  version: string;
  kind: string;
}

export interface ResourceInfo {
  group: string;
  version: string;
  /** plural lower-case name used in URLs */
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  subresources: SubresourceInfo[];
  /**
   * Identity of the stored collection. Resources served in several group
   * versions (autoscaling/v1 and v2 HPAs; core and events.k8s.io Events) share one.
   */
  storageId: string;
  /** key prefix in storage, without trailing slash: /registry/pods */
  storagePrefix: string;
  /** the group version objects are kept in */
  storageVersion: string;
  /** true for CustomResourceDefinition-backed resources */
  custom?: boolean;
}

export interface GroupVersionInfo {
  group: string;
  version: string;
  resources: ResourceInfo[];
}

export function gvString(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

interface Facts {
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
}

// Facts kube-apiserver v1.35 reports in discovery that the OpenAPI document does not carry.
const facts: Record<string, Facts> = {
  'pods': { shortNames: ['po'], categories: ['all'] },
  'services': { shortNames: ['svc'], categories: ['all'] },
  'replicationcontrollers': { shortNames: ['rc'], categories: ['all'] },
  'namespaces': { shortNames: ['ns'] },
  'nodes': { shortNames: ['no'] },
  'persistentvolumeclaims': { shortNames: ['pvc'] },
  'persistentvolumes': { shortNames: ['pv'] },
  'configmaps': { shortNames: ['cm'] },
  'endpoints': { shortNames: ['ep'] },
  'events': { shortNames: ['ev'] },
  'limitranges': { shortNames: ['limits'] },
  'resourcequotas': { shortNames: ['quota'] },
  'serviceaccounts': { shortNames: ['sa'] },
  'componentstatuses': { shortNames: ['cs'], verbs: ['get', 'list'] },
  'apps/deployments': { shortNames: ['deploy'], categories: ['all'] },
  'apps/replicasets': { shortNames: ['rs'], categories: ['all'] },
  'apps/statefulsets': { shortNames: ['sts'], categories: ['all'] },
  'apps/daemonsets': { shortNames: ['ds'], categories: ['all'] },
  'batch/jobs': { categories: ['all'] },
  'batch/cronjobs': { shortNames: ['cj'], categories: ['all'] },
  'autoscaling/horizontalpodautoscalers': { shortNames: ['hpa'], categories: ['all'] },
  'events.k8s.io/events': { shortNames: ['ev'] },
  'networking.k8s.io/ingresses': { shortNames: ['ing'] },
  'networking.k8s.io/networkpolicies': { shortNames: ['netpol'] },
  'networking.k8s.io/ipaddresses': { shortNames: ['ip'] },
  'policy/poddisruptionbudgets': { shortNames: ['pdb'] },
  'scheduling.k8s.io/priorityclasses': { shortNames: ['pc'] },
  'storage.k8s.io/storageclasses': { shortNames: ['sc'] },
  'storage.k8s.io/volumeattributesclasses': { shortNames: ['vac'] },
  'apiextensions.k8s.io/customresourcedefinitions': { shortNames: ['crd', 'crds'], categories: ['api-extensions'] },
  'apiregistration.k8s.io/apiservices': { categories: ['api-extensions'] },
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': { categories: ['api-extensions'] },
  'admissionregistration.k8s.io/validatingwebhookconfigurations': { categories: ['api-extensions'] },
  'admissionregistration.k8s.io/validatingadmissionpolicies': { categories: ['api-extensions'] },
  'admissionregistration.k8s.io/validatingadmissionpolicybindings': { categories: ['api-extensions'] },
  'certificates.k8s.io/certificatesigningrequests': { shortNames: ['csr'] },
};

// Resources served in more than one group version share one stored collection.
// The value is the group version objects are stored in.
const sharedStorage: Record<string, { id: string; storageVersion: string; prefix: string }> = {
  'events': { id: 'events', storageVersion: 'v1', prefix: '/registry/events' },
  'events.k8s.io/events': { id: 'events', storageVersion: 'v1', prefix: '/registry/events' },
  'autoscaling/horizontalpodautoscalers': {
    id: 'autoscaling/horizontalpodautoscalers',
    storageVersion: 'autoscaling/v2',
    prefix: '/registry/horizontalpodautoscalers',
  },
};

interface GeneratedCatalogue {
  kubernetesVersion: string;
  groupVersions: {
    group: string;
    version: string;
    resources: {
      name: string;
      kind: string;
      namespaced: boolean;
      verbs: string[];
      subresources: SubresourceInfo[];
    }[];
  }[];
}

export function loadBuiltinGroupVersions(): GroupVersionInfo[] {
  const gen = JSON.parse(readFileSync(generatedPath('catalogue.json'), 'utf8')) as GeneratedCatalogue;
  return gen.groupVersions.map((gv) => ({
    group: gv.group,
    version: gv.version,
    resources: gv.resources.map((r) => {
      const key = gv.group ? `${gv.group}/${r.name}` : r.name;
      const f = facts[key] ?? {};
      const shared = sharedStorage[key];
      const info: ResourceInfo = {
        group: gv.group,
        version: gv.version,
        resource: r.name,
        kind: r.kind,
        listKind: `${r.kind}List`,
        singular: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        verbs: f.verbs ?? r.verbs,
        shortNames: f.shortNames ?? [],
        categories: f.categories ?? [],
        subresources: r.subresources,
        storageId: shared?.id ?? key,
        storagePrefix: shared?.prefix ?? `/registry/${r.name}`,
        storageVersion: shared?.storageVersion ?? gvString(gv.group, gv.version),
      };
      return info;
    }),
  }));
}

/**
 * The live catalogue. Lookups are by group/version/resource; listeners hear
 * about additions and removals (custom resources) so discovery and OpenAPI
 * caches can be rebuilt.
 */
export class ApiCatalogue extends EventEmitter {
  private groupVersions: GroupVersionInfo[] = [];
  private byGvr = new Map<string, ResourceInfo>();

  constructor(builtins: GroupVersionInfo[]) {
    super();
    for (const gv of builtins) this.addGroupVersion(gv, false);
  }

  private addGroupVersion(gv: GroupVersionInfo, notify: boolean): void {
    this.groupVersions.push(gv);
    for (const r of gv.resources) this.byGvr.set(`${gv.group}/${gv.version}/${r.resource}`, r);
    if (notify) this.emit('changed');
  }

  /** every served group version, in discovery order */
  list(): readonly GroupVersionInfo[] {
    return this.groupVersions;
  }

  lookup(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.byGvr.get(`${group}/${version}/${resource}`);
  }

  hasGroupVersion(group: string, version: string): boolean {
    return this.groupVersions.some((gv) => gv.group === group && gv.version === version);
  }

  hasGroup(group: string): boolean {
    return this.groupVersions.some((gv) => gv.group === group);
  }

  /** every resource, all versions */
  resources(): ResourceInfo[] {
    return [...this.byGvr.values()];
  }

  /** Replace the resources served for custom resource definitions of one group version set. */
  setCustomResources(resources: ResourceInfo[], versionOrder: (group: string) => string[]): void {
    // drop all custom group versions, then re-add
    this.groupVersions = this.groupVersions.filter((gv) => !gv.resources.some((r) => r.custom) || gv.resources.some((r) => !r.custom));
    for (const gv of this.groupVersions) gv.resources = gv.resources.filter((r) => !r.custom);
    for (const [k, r] of this.byGvr) if (r.custom) this.byGvr.delete(k);
    const byGv = new Map<string, GroupVersionInfo>();
    for (const r of resources) {
      const k = `${r.group}/${r.version}`;
      let gv = this.groupVersions.find((g) => g.group === r.group && g.version === r.version) ?? byGv.get(k);
      if (!gv) {
        gv = { group: r.group, version: r.version, resources: [] };
        byGv.set(k, gv);
      }
      gv.resources.push(r);
      this.byGvr.set(`${r.group}/${r.version}/${r.resource}`, r);
    }
    const fresh = [...byGv.values()];
    const groups = [...new Set(fresh.map((g) => g.group))];
    for (const g of groups) {
      const order = versionOrder(g);
      const gvsOfGroup = fresh.filter((x) => x.group === g).sort((a, b) => order.indexOf(a.version) - order.indexOf(b.version));
      this.groupVersions.push(...gvsOfGroup);
    }
    this.emit('changed');
  }
}
