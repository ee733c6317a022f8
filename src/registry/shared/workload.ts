// Pieces shared by the workload controllers' strategies (ReplicaSets,
// Deployments, StatefulSets, DaemonSets, ReplicationControllers, Jobs).
import type { KObject } from '../../machinery/objects.js';
import {
  type Errs,
  type O,
  child,
  forbidden,
  invalid,
  isObj,
  labelSelectorEmpty,
  labelSelectorMatches,
  labelSelectorParses,
  notSupported,
  required,
  sortedDeep,
  sortedMap,
  validateLabelSelector,
  validateNonnegative,
} from './field.js';
import { validatePodTemplateSpec } from './podSpec.js';

/** the selector / template-labels check shared by the apps workloads */
export function validateSelectorAndTemplate(spec: O, path: string, kindForEmpty: string, opts: { checkTemplate?: boolean } = {}): Errs {
  const errs: Errs = [];
  const sp = child(path, 'selector');
  if (spec.selector === undefined || spec.selector === null) errs.push(required(sp));
  else {
    errs.push(...validateLabelSelector(spec.selector, sp));
    if (labelSelectorEmpty(spec.selector)) errs.push(invalid(sp, sortedDeep(spec.selector), `empty selector is invalid for ${kindForEmpty}`));
  }
  if (!labelSelectorParses(spec.selector)) {
    errs.push(invalid(sp, sortedDeep(spec.selector), 'invalid label selector'));
    return errs;
  }
  if (opts.checkTemplate === false) return errs;
  const tp = child(path, 'template');
  const tmpl = spec.template;
  if (!isObj(tmpl)) return [...errs, required(tp)];
  // a nil selector parses as "matches nothing", an empty one as "matches everything"
  if (!isObj(spec.selector) || !labelSelectorEmpty(spec.selector)) {
    const labels = isObj(tmpl.metadata) ? tmpl.metadata.labels : undefined;
    if (!labelSelectorMatches(spec.selector, labels))
      errs.push(invalid(child(tp, 'metadata', 'labels'), sortedMap(isObj(labels) ? labels : null), '`selector` does not match template `labels`'));
  }
  return errs;
}

/** RestartPolicy Always and no activeDeadlineSeconds for long-running workload templates */
export function validateLongRunningTemplate(tmpl: unknown, path: string, kind: string): Errs {
  const errs: Errs = [];
  const spec: O = isObj(tmpl) && isObj(tmpl.spec) ? tmpl.spec : {};
  if (spec.restartPolicy !== 'Always') errs.push(notSupported(child(path, 'spec', 'restartPolicy'), spec.restartPolicy ?? '', ['Always']));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null)
    errs.push(forbidden(child(path, 'spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  return errs;
}

export function validateTemplate(tmpl: unknown, path: string): Errs {
  return validatePodTemplateSpec(tmpl, path, {});
}

/** status counters: non-negative, and not above status.replicas */
export function validateReplicaCounters(st: O, fields: string[], path: string): Errs {
  const errs: Errs = [];
  for (const f of fields) errs.push(...validateNonnegative(st[f], child(path, f)));
  return errs;
}

export function cannotExceed(st: O, f: string, limit: string, path: string, msg = `cannot be greater than status.${limit}`): Errs {
  return (st[f] ?? 0) > (st[limit] ?? 0) ? [invalid(child(path, f), st[f] ?? 0, msg)] : [];
}

export function isDecremented(n: unknown, o: unknown): boolean {
  if (o === undefined || o === null) return false;
  if (n === undefined || n === null) return true;
  return (n as number) < (o as number);
}

export function templateLabels(obj: KObject, tmplPath: (o: KObject) => O | undefined): Record<string, string> | undefined {
  const t = tmplPath(obj);
  return t && isObj(t.metadata) && isObj(t.metadata.labels) ? (t.metadata.labels as Record<string, string>) : undefined;
}
