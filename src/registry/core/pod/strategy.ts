// Pods: defaulting, create/update/status validation, graceful deletion and
// field selectors, after pkg/registry/core/pod/strategy.go.
import type { KObject } from '../../../machinery/objects.js';
import { deepClone, nowTimestamp } from '../../../machinery/objects.js';
import type { Strategy } from '../../generic/strategy.js';
import { deepEqual } from '../../../machinery/objects.js';

/** Subresources that change the pod spec (ephemeralcontainers, resize) bump metadata.generation. */
function bumpGenerationOnSpecChange(obj: KObject, old: KObject): void {
  if (deepEqual(obj.spec, old.spec)) return;
  const m = (obj.metadata ??= {});
  m.generation = (old.metadata?.generation ?? 0) + 1;
}
import { defineStrategy, metaOf, spec as specOfObj, specOf, statusOf } from '../../shared/define.js';
import {
  type Errs,
  type O,
  arr,
  boolStr,
  child,
  duplicate,
  forbidden,
  idx,
  invalid,
  isDNS1123Label,
  isDNS1123Subdomain,
  isObj,
  mapOf,
  parseIPSloppy,
  semanticEqual,
  sortedDeep,
  str,
  validateIPLegacy,
  validateQualifiedName,
} from '../../shared/field.js';
import {
  computePodQOS,
  defaultPod,
  validateContainerStateTransitions,
  validatePodAnnotationUpdates,
  validatePodSpec,
  validatePodSpecificAnnotations,
  validatePodSpecUpdate,
  specDiff,
} from '../../shared/podSpec.js';

/** validatePodMetadataAndSpec: annotations, spec, and the pod-only container checks */
export function validatePodMetadataAndSpec(pod: KObject): Errs {
  const errs: Errs = [];
  const m = metaOf(pod);
  const spec = specOf(pod);
  errs.push(...validatePodSpecificAnnotations(m.annotations, 'metadata.annotations', spec));
  errs.push(...validatePodSpec(spec, 'spec', { isPod: true, podMeta: m }));
  if (!str(spec.serviceAccountName)) {
    arr(spec.volumes).forEach((v, vi) => {
      if (!isObj(v?.projected)) return;
      arr(v.projected.sources).forEach((s, si) => {
        if (isObj(s?.serviceAccountToken))
          errs.push(forbidden(child(idx(child(idx('spec.volumes', vi), 'projected', 'sources'), si), 'serviceAccountToken'), 'must not be specified when serviceAccountName is not set'));
      });
    });
  }
  for (const list of ['containers', 'initContainers']) {
    arr(spec[list]).forEach((c, i) => {
      const image = str(c?.image);
      if (image.length !== image.trim().length) errs.push(invalid(child(idx(`spec.${list}`, i), 'image'), image, 'must not have leading or trailing whitespace'));
    });
  }
  return errs;
}

function applyLabelKeys(selector: O, keys: unknown, op: 'In' | 'NotIn', labels: Record<string, string>): void {
  for (const k of arr(keys) as unknown as string[]) {
    if (!(k in labels)) continue;
    if (!Array.isArray(selector.matchExpressions)) selector.matchExpressions = [];
    selector.matchExpressions.push({ key: k, operator: op, values: [labels[k]] });
  }
}

/** mutatePodAffinity / mutateTopologySpreadConstraints: turn matchLabelKeys into selector requirements */
function applyMatchLabelKeys(pod: KObject): void {
  const spec = specOf(pod);
  const labels = mapOf(metaOf(pod).labels);
  const term = (t: O | undefined) => {
    if (!isObj(t) || !isObj(t.labelSelector)) return;
    if (!arr(t.matchLabelKeys).length && !arr(t.mismatchLabelKeys).length) return;
    applyLabelKeys(t.labelSelector, t.matchLabelKeys, 'In', labels);
    applyLabelKeys(t.labelSelector, t.mismatchLabelKeys, 'NotIn', labels);
  };
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = spec.affinity?.[kind];
    if (!isObj(a)) continue;
    for (const w of arr(a.preferredDuringSchedulingIgnoredDuringExecution)) term(w?.podAffinityTerm);
    for (const t of arr(a.requiredDuringSchedulingIgnoredDuringExecution)) term(t);
  }
  for (const c of arr(spec.topologySpreadConstraints)) {
    if (!isObj(c) || !isObj(c.labelSelector) || !arr(c.matchLabelKeys).length) continue;
    applyLabelKeys(c.labelSelector, c.matchLabelKeys, 'In', labels);
  }
}

function podIPErrors(pod: KObject, old: KObject | undefined, which: 'podIPs' | 'hostIPs'): Errs {
  const errs: Errs = [];
  const st = statusOf(pod);
  const list = arr(st[which]);
  const p = `status.${which}`;
  if (which === 'hostIPs' && list.length && str(st.hostIP) !== str(list[0]?.ip))
    errs.push(invalid(child(idx(p, 0), 'ip'), str(list[0]?.ip), 'must be equal to `hostIP`'));
  const existing = arr(statusOf(old)[which]).map((x) => str(x?.ip));
  list.forEach((x, i) => errs.push(...validateIPLegacy(str(x?.ip), idx(p, i), existing)));
  if (list.length > 1) {
    const fams = list.map((x) => parseIPSloppy(str(x?.ip)));
    const dual = fams.length === 2 && fams.includes(4) && fams.includes(6);
    if (!dual) errs.push(invalid(p, sortedDeep(list), 'may specify no more than one IP for each IP family'));
  }
  return errs;
}

function preserveObservedGeneration(pod: KObject, old: KObject): void {
  const st = statusOf(pod);
  const ost = statusOf(old);
  if (!st.observedGeneration && ost.observedGeneration) st.observedGeneration = ost.observedGeneration;
  const oldGens = new Map<string, number[]>();
  for (const c of arr(ost.conditions)) {
    const l = oldGens.get(str(c?.type)) ?? [];
    l.push(c?.observedGeneration ?? 0);
    oldGens.set(str(c?.type), l);
  }
  for (const c of arr(st.conditions)) {
    if (!isObj(c)) continue;
    const l = oldGens.get(str(c.type));
    const g = l && l.length ? l.shift()! : 0;
    if (!c.observedGeneration && g) c.observedGeneration = g;
  }
}

/**
 * Replaces obj's content with the stored object, keeping the request's
 * resourceVersion. The metadata object itself is reused: the Store holds a
 * reference to it and bumps metadata.generation there after prepareForUpdate.
 */
function resetToOld(obj: KObject, old: KObject): void {
  const m = (obj.metadata ??= {});
  const rv = m.resourceVersion ?? old.metadata?.resourceVersion;
  for (const k of Object.keys(obj)) if (k !== 'metadata') delete obj[k];
  const copy = deepClone(old);
  for (const k of Object.keys(m)) delete (m as Record<string, unknown>)[k];
  Object.assign(m, copy.metadata ?? {});
  m.resourceVersion = rv;
  for (const [k, v] of Object.entries(copy)) if (k !== 'metadata') obj[k] = v;
}

/**
 * pods/binding (setPodNodeAndMetadata): the handler sets spec.nodeName and
 * annotations; the status it edits is replaced with the stored one by the
 * Store, so the binding's status effects are applied here: the nominated node
 * is cleared and PodScheduled becomes True (keeping its transition time when
 * it already was True).
 */
function prepareBinding(obj: KObject, old: KObject): void {
  const st: O = deepClone(statusOf(old));
  delete st.nominatedNodeName;
  const conds: O[] = arr(st.conditions).filter(isObj);
  const i = conds.findIndex((c) => c.type === 'PodScheduled');
  const cond: O = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowTimestamp() };
  if (i < 0) conds.push(cond);
  else {
    if (conds[i].status === 'True' && conds[i].lastTransitionTime) cond.lastTransitionTime = conds[i].lastTransitionTime;
    conds[i] = cond;
  }
  st.conditions = conds;
  obj.status = st;
}

export const podStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  hasStatus: true,
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,

  defaults: (obj) => defaultPod(obj as O),

  prepareForCreate(obj) {
    const qos = str(statusOf(obj).qosClass) || computePodQOS(specOf(obj));
    obj.status = { phase: 'Pending', qosClass: qos };
    const spec = specOf(obj);
    if (arr(spec.schedulingGates).length) {
      (obj.status as O).conditions = [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: nowTimestamp(),
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
        },
      ];
    }
    applyMatchLabelKeys(obj);
  },

  validate(obj) {
    const errs = validatePodMetadataAndSpec(obj);
    const spec = specOf(obj);
    if (arr(spec.ephemeralContainers).length) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
    if (str(spec.nodeName) && arr(spec.schedulingGates).length) errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
    return errs;
  },

  prepareForUpdate(obj, old, ctx) {
    if (ctx.subresource === 'binding') {
      prepareBinding(obj, old);
      return;
    }
    if (ctx.subresource === 'ephemeralcontainers') {
      // only spec.ephemeralContainers may change through this subresource
      const ecs = specOf(obj).ephemeralContainers;
      resetToOld(obj, old);
      const s = specOfObj(obj);
      if (ecs === undefined) delete s.ephemeralContainers;
      else s.ephemeralContainers = ecs;
      defaultPod(obj as O);
      bumpGenerationOnSpecChange(obj, old);
      return;
    }
    if (ctx.subresource === 'resize') {
      // only container resources and resize policies may change
      const ns = specOf(obj);
      const os = specOf(old);
      const same = arr(ns.containers).length === arr(os.containers).length && arr(ns.initContainers).length === arr(os.initContainers).length;
      if (!same) return;
      const merged = deepClone(os);
      for (const list of ['containers', 'initContainers']) {
        const nl = arr(ns[list]);
        const ml = arr(merged[list]);
        if (nl.some((c, i) => str(c?.name) !== str(ml[i]?.name))) return;
        nl.forEach((c, i) => {
          ml[i].resources = c?.resources;
          if (c?.resizePolicy === undefined) delete ml[i].resizePolicy;
          else ml[i].resizePolicy = c.resizePolicy;
        });
      }
      if (ns.resources !== undefined) merged.resources = ns.resources;
      else delete merged.resources;
      resetToOld(obj, old);
      obj.spec = merged;
      bumpGenerationOnSpecChange(obj, old);
    }
  },

  validateUpdate(obj, old, ctx) {
    // binding writes storage directly upstream: no strategy validation
    if (ctx.subresource === 'binding') return [];
    const errs = validatePodMetadataAndSpec(obj);
    errs.push(...validatePodAnnotationUpdates(metaOf(obj).annotations, metaOf(old).annotations, 'metadata.annotations'));
    if (ctx.subresource === 'ephemeralcontainers') {
      if ('kubernetes.io/config.mirror' in mapOf(metaOf(old).annotations)) return [forbidden('', 'static pods do not support ephemeral containers')];
      const byName = new Map(arr(specOf(obj).ephemeralContainers).map((c) => [str(c?.name), c]));
      for (const oc of arr(specOf(old).ephemeralContainers)) {
        const nc = byName.get(str(oc?.name));
        if (!nc) errs.push(forbidden('spec.ephemeralContainers', `existing ephemeral containers ${JSON.stringify(str(oc?.name))} may not be removed\n`));
        else if (!semanticEqual(oc, nc))
          errs.push(forbidden('spec.ephemeralContainers', `existing ephemeral containers ${JSON.stringify(str(oc?.name))} may not be changed\n${specDiff('core.EphemeralContainer', oc, nc)}`));
      }
      return errs;
    }
    if (ctx.subresource === 'resize') {
      const st = statusOf(old);
      if (st.phase === 'Succeeded' || st.phase === 'Failed') errs.push(forbidden('', 'Pod is terminal and cannot be resized'));
      return errs;
    }
    errs.push(...validatePodSpecUpdate(specOf(obj), specOf(old)));
    return errs;
  },

  prepareForStatusUpdate(obj, old) {
    const st = statusOf(obj);
    if (!str(st.qosClass) && str(statusOf(old).qosClass)) {
      obj.status = st;
      st.qosClass = statusOf(old).qosClass;
    }
    if (isObj(obj.status)) preserveObservedGeneration(obj, old);
  },

  validateStatusUpdate(obj, old) {
    const errs: Errs = [];
    errs.push(...validatePodAnnotationUpdates(metaOf(obj).annotations, metaOf(old).annotations, 'metadata.annotations'));
    const st = statusOf(obj);
    const ost = statusOf(old);
    arr(st.conditions).forEach((c, i) => {
      const p = idx('status.conditions', i);
      if (typeof c?.observedGeneration === 'number' && c.observedGeneration < 0) errs.push(invalid(child(p, 'observedGeneration'), c.observedGeneration, 'must be a non-negative integer'));
      if (['PodScheduled', 'Ready', 'Initialized'].includes(str(c?.type))) return;
      errs.push(...validateQualifiedName(str(c?.type), child(p, 'Type')));
    });
    if (str(specOf(obj).nodeName) !== str(specOf(old).nodeName)) errs.push(forbidden('status.nodeName', 'may not be changed directly'));
    const nnn = str(st.nominatedNodeName);
    if (nnn && nnn !== str(ost.nominatedNodeName)) {
      for (const m of isDNS1123Subdomain(nnn)) errs.push(invalid('status.nominatedNodeName', nnn, m));
      if (str(specOf(old).nodeName)) errs.push(forbidden('status.nominatedNodeName', 'may not be set on pods that are already bound to a node'));
    }
    if (typeof st.observedGeneration === 'number' && st.observedGeneration < 0) errs.push(invalid('status.observedGeneration', st.observedGeneration, 'must be a non-negative integer'));
    if (str(st.qosClass) !== str(ost.qosClass)) errs.push(invalid('status.qosClass', str(st.qosClass), 'field is immutable'));
    errs.push(...validateContainerStateTransitions(st, ost, specOf(old)));
    // resource claim statuses must name claims of the pod
    const claims = new Set(arr(specOf(obj).resourceClaims).map((c) => str(c?.name)));
    const seen = new Set<string>();
    arr(st.resourceClaimStatuses).forEach((s, i) => {
      const p = idx('status.resourceClaimStatuses', i);
      const n = str(s?.name);
      if (!claims.has(n)) errs.push(invalid(p, n, 'must match the name of an entry in `spec.resourceClaims`'));
      if (seen.has(n)) errs.push(duplicate(p, n));
      seen.add(n);
    });
    errs.push(...podIPErrors(obj, old, 'podIPs'));
    errs.push(...podIPErrors(obj, old, 'hostIPs'));
    return errs;
  },

  selectableFields(obj) {
    const spec = specOf(obj);
    const st = statusOf(obj);
    const ips = arr(st.podIPs);
    return {
      'spec.nodeName': str(spec.nodeName),
      'spec.restartPolicy': str(spec.restartPolicy),
      'spec.schedulerName': str(spec.schedulerName),
      'spec.serviceAccountName': str(spec.serviceAccountName),
      'spec.hostNetwork': boolStr(spec.hostNetwork),
      'status.phase': str(st.phase),
      'status.podIP': ips.length ? str(ips[0]?.ip) : '',
      'status.nominatedNodeName': str(st.nominatedNodeName),
    };
  },

  gracefulDeletionSeconds(obj, requested) {
    const spec = specOf(obj);
    let period = requested ?? (typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 0);
    if (!str(spec.nodeName)) period = 0;
    const phase = statusOf(obj).phase;
    if (phase === 'Failed' || phase === 'Succeeded') period = 0;
    if (period < 0) period = 1;
    return period;
  },

  warnings(obj, old) {
    if (old) return [];
    const name = str(metaOf(obj).name);
    const msgs = isDNS1123Label(name);
    return msgs.length
      ? [`metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`]
      : [];
  },
});

void sortedDeep;
