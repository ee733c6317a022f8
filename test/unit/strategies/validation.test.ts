import assert from 'node:assert/strict';
import { strategies } from '../../../src/registry/strategies.js';
import type { KObject } from '../../../src/machinery/objects.js';
import { create } from './harness.js';
import { loadCrdModules } from '../../../src/registry/apiextensions/modules.js';

const s = strategies;

const dns1123LabelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const labelNameMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const pod = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec });
const messages = (key: string, obj: KObject) => create(s[key], obj).messages;

describe('strategy validation: pods', () => {
  it('accepts a minimal pod', () => {
    assert.deepEqual(messages('pods', pod({ containers: [{ name: 'a', image: 'nginx' }] })), []);
  });

  it('requires containers', () => {
    assert.deepEqual(messages('pods', pod({})), ['spec.containers: Required value']);
  });

  it('container names: required, DNS label, unique; image required', () => {
    assert.deepEqual(messages('pods', pod({ containers: [{ name: 'Web', image: 'x' }, { name: '', image: '' }, { name: 'web', image: 'y' }, { name: 'web', image: 'z' }] })), [
      `spec.containers[0].name: Invalid value: "Web": ${dns1123LabelMsg}`,
      'spec.containers[1].name: Required value',
      'spec.containers[1].image: Required value',
      'spec.containers[3].name: Duplicate value: "web"',
    ]);
  });

  it('volume mounts must name a volume; volume names are unique', () => {
    assert.deepEqual(
      messages('pods', pod({
        containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'v', mountPath: '/v' }] }],
        volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }],
      })),
      ['spec.volumes[1].name: Duplicate value: "v"', 'spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    );
  });

  it('requests may not exceed limits', () => {
    assert.deepEqual(
      messages('pods', pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1', memory: '512Mi' } } }] })),
      [
        'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
        'spec.containers[0].resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi',
      ],
    );
  });

  it('resource names and negative quantities', () => {
    assert.deepEqual(messages('pods', pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '-1', foo: '1' } } }] })), [
      'spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.containers[0].resources.requests[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.requests[foo]: Invalid value: "foo": must be a standard resource for containers',
    ]);
  });

  it('restartPolicy, dnsPolicy and imagePullPolicy supported values', () => {
    assert.deepEqual(messages('pods', pod({ restartPolicy: 'Sometimes', dnsPolicy: 'Foo', containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Maybe' }] })), [
      'spec.containers[0].imagePullPolicy: Unsupported value: "Maybe": supported values: "Always", "IfNotPresent", "Never"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Foo": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it('container ports', () => {
    assert.deepEqual(messages('pods', pod({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }, { containerPort: 80, name: 'HTTP_X' }, { containerPort: 81, protocol: 'ICMP' }] }] })), [
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].name: Invalid value: "HTTP_X": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[1].name: Invalid value: "HTTP_X": must contain at least one letter (a-z)',
      'spec.containers[0].ports[2].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('environment variables', () => {
    const env = [
      { name: '' },
      { name: 'A=B' },
      { name: 'X', value: 'v', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'Y', valueFrom: { fieldRef: { fieldPath: 'spec.foo' } } },
      { name: 'has space is fine', value: '1' },
    ];
    assert.deepEqual(messages('pods', pod({ containers: [{ name: 'a', image: 'x', env }] })), [
      'spec.containers[0].env[0].name: Required value',
      "spec.containers[0].env[1].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
      'spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].env[3].valueFrom.fieldRef.fieldPath: Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo',
    ]);
  });

  it('node selector keys, activeDeadlineSeconds and image whitespace', () => {
    assert.deepEqual(messages('pods', pod({ activeDeadlineSeconds: 0, nodeSelector: { 'a b': 'c' }, containers: [{ name: 'a', image: 'x ' }] })), [
      `spec.nodeSelector: Invalid value: "a b": ${labelNameMsg}`,
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
      'spec.containers[0].image: Invalid value: "x ": must not have leading or trailing whitespace',
    ]);
  });

  it('probes and tolerations', () => {
    const r = messages('pods', pod({
      containers: [{ name: 'a', image: 'x', livenessProbe: { exec: { command: ['true'] }, httpGet: { port: 80 } }, readinessProbe: { tcpSocket: { port: 80 }, successThreshold: 1, terminationGracePeriodSeconds: 5 } }],
      tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }, { operator: 'Equal', value: 'x' }],
    }));
    assert.ok(r.includes('spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type'), r.join('\n'));
    assert.ok(r.includes('spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes'), r.join('\n'));
    assert.ok(r.includes('spec.tolerations[0].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\''), r.join('\n'));
    assert.ok(r.includes('spec.tolerations[1].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"'), r.join('\n'));
  });
});

describe('strategy validation: workloads', () => {
  const template = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({ metadata: { labels }, spec: { containers: [{ name: 'a', image: 'x' }], ...extra } });
  const dep = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' }, spec });

  it('deployment selector must match the template labels', () => {
    assert.deepEqual(messages('apps/deployments', dep({ selector: { matchLabels: { app: 'y' } }, template: template({ app: 'x' }) })), [
      'spec.template.metadata.labels: Invalid value: {"app":"x"}: `selector` does not match template `labels`',
    ]);
  });

  it('deployment selector is required and may not be empty', () => {
    assert.deepEqual(messages('apps/deployments', dep({ template: template({ app: 'x' }) })), [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: {"app":"x"}: `selector` does not match template `labels`',
    ]);
    assert.deepEqual(messages('apps/deployments', dep({ selector: {}, template: template({ app: 'x' }) })), ['spec.selector: Invalid value: {}: empty selector is invalid for deployment']);
  });

  it('deployment counters and rolling update parameters', () => {
    const r = messages('apps/deployments', dep({
      selector: { matchLabels: { app: 'x' } },
      template: template({ app: 'x' }),
      replicas: -1,
      revisionHistoryLimit: -2,
      minReadySeconds: -1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
    }));
    assert.deepEqual(r, [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
      'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0',
    ]);
    assert.deepEqual(
      messages('apps/deployments', dep({ selector: { matchLabels: { app: 'x' } }, template: template({ app: 'x' }), strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '150%', maxUnavailable: '110%' } } })),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "110%": must not be greater than 100%'],
    );
  });

  it('controllers only run pods with restartPolicy Always', () => {
    assert.deepEqual(messages('apps/deployments', dep({ selector: { matchLabels: { app: 'x' } }, template: template({ app: 'x' }, { restartPolicy: 'Never' }) })), [
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
    assert.deepEqual(
      messages('apps/daemonsets', { metadata: { name: 'ds', namespace: 'default' }, spec: { selector: { matchLabels: { a: 'b' } }, template: template({ a: 'b' }, { restartPolicy: 'OnFailure' }), updateStrategy: { type: 'Bogus' } } }),
      ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"', 'spec.updateStrategy: Unsupported value: {"type":"Bogus"}: supported values: "RollingUpdate", "OnDelete"'],
    );
  });

  it('replicasets, replication controllers and statefulsets check their selectors', () => {
    assert.deepEqual(messages('apps/replicasets', { metadata: { name: 'r', namespace: 'default' }, spec: { replicas: -1, selector: { matchLabels: { a: 'b' } }, template: template({ a: 'c' }) } }), [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.metadata.labels: Invalid value: {"a":"c"}: `selector` does not match template `labels`',
    ]);
    assert.deepEqual(messages('replicationcontrollers', { metadata: { name: 'rc', namespace: 'default' }, spec: { selector: { a: 'b' }, template: template({ a: 'c' }) } }), [
      'spec.template.metadata.labels: Invalid value: {"a":"c"}: `selector` does not match template `labels`',
    ]);
    assert.deepEqual(messages('apps/statefulsets', { metadata: { name: 's', namespace: 'default' }, spec: { selector: { matchLabels: { a: 'b' } }, template: template({ a: 'c' }), podManagementPolicy: 'Foo' } }), [
      "spec.podManagementPolicy: Invalid value: \"Foo\": must be 'OrderedReady' or 'Parallel'",
      'spec.template.metadata.labels: Invalid value: {"a":"c"}: `selector` does not match template `labels`',
    ]);
  });

  it('jobs need restartPolicy OnFailure or Never and non-negative counters', () => {
    assert.deepEqual(messages('batch/jobs', { metadata: { name: 'j', namespace: 'default' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }] } } } }), [
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
    assert.deepEqual(
      messages('batch/jobs', { metadata: { name: 'j', namespace: 'default' }, spec: { parallelism: -1, completions: -1, backoffLimit: -1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'x' }] } } } }),
      ['spec.parallelism: Invalid value: -1: must be greater than or equal to 0', 'spec.completions: Invalid value: -1: must be greater than or equal to 0', 'spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0'],
    );
  });

  it('cronjob schedules', () => {
    const cj = (schedule: string, extra: Record<string, unknown> = {}): KObject => ({
      metadata: { name: 'cj', namespace: 'default' },
      spec: { schedule, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'a', image: 'x' }] } } } }, ...extra },
    });
    const cases: [string, string][] = [
      ['foo', 'expected exactly 5 fields, found 1: [foo]'],
      ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
      ['60 * * * *', 'end of range (60) above maximum (59): 60'],
      ['1-70 * * * *', 'end of range (70) above maximum (59): 1-70'],
      ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
      ['*/0 * * * *', 'step of range should be a positive number: */0'],
      ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
      ['* * * * MON-FOO', 'failed to parse int from FOO: strconv.Atoi: parsing "FOO": invalid syntax'],
      ['TZ=UTC * * * * *', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    ];
    for (const [schedule, msg] of cases) assert.deepEqual(messages('batch/cronjobs', cj(schedule)), [`spec.schedule: Invalid value: ${JSON.stringify(schedule)}: ${msg}`], schedule);
    for (const ok of ['*/5 * * * *', '0 0 1 1 *', '@hourly', '@every 1h30m', '0 9 * * MON-FRI', '0 0 L * *'.replace('L', '1')]) assert.deepEqual(messages('batch/cronjobs', cj(ok)), [], ok);
    assert.deepEqual(messages('batch/cronjobs', cj('')), ['spec.schedule: Required value']);
    assert.deepEqual(messages('batch/cronjobs', cj('@hourly', { concurrencyPolicy: 'Sometimes', timeZone: 'Mars/Base', startingDeadlineSeconds: -1, successfulJobsHistoryLimit: -1 })), [
      'spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.timeZone: Invalid value: "Mars/Base": unknown time zone Mars/Base',
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      'spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    ]);
    assert.deepEqual(messages('batch/cronjobs', { ...cj('@daily'), metadata: { name: 'a'.repeat(60), namespace: 'default' } }), [
      `metadata.name: Invalid value: "${'a'.repeat(60)}": must be no more than 52 characters`,
    ]);
  });
});

describe('strategy validation: services', () => {
  const svc = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'default' }, spec });

  it('ports are required except for ExternalName and headless services', () => {
    assert.deepEqual(messages('services', svc({ selector: { app: 'x' } })), ['spec.ports: Required value']);
    assert.deepEqual(messages('services', svc({ type: 'ExternalName', externalName: 'example.com' })), []);
    assert.deepEqual(messages('services', svc({ type: 'ExternalName' })), ['spec.externalName: Required value']);
    assert.deepEqual(messages('services', svc({ clusterIP: 'None' })), []);
  });

  it('port names are required with more than one port, ports are unique', () => {
    assert.deepEqual(messages('services', svc({ ports: [{ port: 80 }, { port: 443 }] })), ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']);
    assert.deepEqual(messages('services', svc({ ports: [{ name: 'a', port: 80 }, { name: 'a', port: 80 }] })), [
      'spec.ports[1].name: Duplicate value: "a"',
      'spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}',
    ]);
  });

  it('port range, target port names and selector keys', () => {
    assert.deepEqual(messages('services', svc({ ports: [{ port: 0 }], selector: { 'bad key!': 'x' } })), [
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      `spec.selector: Invalid value: "bad key!": ${labelNameMsg}`,
    ]);
    assert.deepEqual(messages('services', svc({ ports: [{ port: 80, protocol: 'ICMP' }] })), ['spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"']);
  });

  it('nodePort only for NodePort and LoadBalancer services', () => {
    assert.deepEqual(messages('services', svc({ ports: [{ port: 80, nodePort: 30080 }] })), ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
    assert.deepEqual(messages('services', svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })), []);
  });

  it('type, session affinity and clusterIP values', () => {
    assert.deepEqual(messages('services', svc({ type: 'Foo', ports: [{ port: 80 }] })), ['spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']);
    assert.deepEqual(messages('services', svc({ ports: [{ port: 80 }], sessionAffinity: 'Sticky' })), ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"']);
    assert.deepEqual(messages('services', svc({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] })), ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"]);
    assert.deepEqual(messages('services', svc({ ports: [{ port: 80 }], clusterIP: '1.2.3' })), ['spec.clusterIPs[0]: Invalid value: "1.2.3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
    assert.deepEqual(messages('services', svc({ ports: [{ port: 80 }], externalTrafficPolicy: 'Local' })), ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services']);
  });
});

describe('strategy validation: configuration objects', () => {
  const cm = (data: Record<string, string>, extra: Record<string, unknown> = {}): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data, ...extra });
  const sec = (type: string, data: Record<string, string>, meta: Record<string, unknown> = {}): KObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default', ...meta }, type, data });
  const b64 = (v: string) => Buffer.from(v).toString('base64');

  it('configmap keys and total size', () => {
    assert.deepEqual(messages('configmaps', cm({ 'bad/key': 'x', '..': 'y', ok: 'z' }, { binaryData: { ok: 'YQ==' } })), [
      `data[..]: Invalid value: "..": must not be '..'`,
      `data[bad/key]: Invalid value: "bad/key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      'data[ok]: Invalid value: "ok": duplicate of key present in binaryData',
    ]);
    assert.deepEqual(messages('configmaps', cm({ a: 'x'.repeat(1024 * 1024), b: 'y' })), ['[]: Too long: may not be more than 1048576 bytes']);
    assert.deepEqual(messages('configmaps', cm({ a: 'x'.repeat(1024 * 1024 - 1), b: 'y' })), []);
  });

  it('secret types require their keys', () => {
    assert.deepEqual(messages('secrets', sec('kubernetes.io/tls', {})), ['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
    assert.deepEqual(messages('secrets', sec('kubernetes.io/dockercfg', {})), ['data[.dockercfg]: Required value']);
    assert.deepEqual(messages('secrets', sec('kubernetes.io/dockerconfigjson', {})), ['data[.dockerconfigjson]: Required value']);
    assert.deepEqual(messages('secrets', sec('kubernetes.io/service-account-token', {})), ['metadata.annotations[kubernetes.io/service-account.name]: Required value']);
    assert.deepEqual(messages('secrets', sec('kubernetes.io/basic-auth', {})), ['data[username]: Required value', 'data[password]: Required value']);
    assert.deepEqual(messages('secrets', sec('kubernetes.io/ssh-auth', {})), ['data[ssh-privatekey]: Required value']);
    assert.deepEqual(messages('secrets', sec('kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('{"auths":{}}') })), []);
    assert.deepEqual(messages('secrets', sec('kubernetes.io/tls', { 'tls.crt': b64('c'), 'tls.key': b64('k') })), []);
    assert.deepEqual(messages('secrets', sec('kubernetes.io/service-account-token', {}, { annotations: { 'kubernetes.io/service-account.name': 'default' } })), []);
    const bad = messages('secrets', sec('kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('not json') }));
    assert.equal(bad.length, 1);
    assert.match(bad[0], /^data\[\.dockerconfigjson\]: Invalid value: "<secret contents redacted>": /);
  });

  it('secret keys and size', () => {
    assert.deepEqual(messages('secrets', sec('Opaque', { 'a b': b64('x') })), [
      `data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
    assert.deepEqual(messages('secrets', sec('Opaque', { a: Buffer.alloc(1024 * 1024 + 1).toString('base64') })), ['data: Too long: may not be more than 1048576 bytes']);
  });

  it('namespace finalizers', () => {
    assert.deepEqual(messages('namespaces', { metadata: { name: 'foo' }, spec: { finalizers: ['bad finalizer'] } }), [
      `spec.finalizers: Invalid value: "bad finalizer": ${labelNameMsg}`,
      'spec.finalizers: Invalid value: "bad finalizer": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });

  it('name rules declared for the Store', () => {
    assert.equal(s.namespaces.nameRule, 'label');
    assert.equal(s.services.nameRule, 'dns1035');
    assert.equal(s['apps/statefulsets'].nameRule, 'label');
    assert.equal(s['rbac.authorization.k8s.io/roles'].nameRule, 'path');
    assert.equal(s['rbac.authorization.k8s.io/clusterrolebindings'].nameRule, 'path');
    assert.equal(s.configmaps.nameRule, 'subdomain');
  });
});

describe('strategy validation: other groups', () => {
  // the CRD strategy's schema and CEL machinery is loaded on demand
  before(() => loadCrdModules());
  it('leases', () => {
    assert.deepEqual(messages('coordination.k8s.io/leases', { metadata: { name: 'l', namespace: 'default' }, spec: { leaseDurationSeconds: 0, leaseTransitions: -1 } }), [
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
      'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
    ]);
    assert.deepEqual(messages('coordination.k8s.io/leases', { metadata: { name: 'l', namespace: 'default' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15, renewTime: '2024-01-01T00:00:00.000000Z' } }), []);
  });

  it('core events: involved object namespace', () => {
    assert.deepEqual(messages('events', { metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' } }), [
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
    assert.deepEqual(messages('events', { metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Node', name: 'n' }, reason: 'Ready', type: 'Normal' }), []);
  });

  it('rbac rules, role refs and subjects', () => {
    assert.deepEqual(messages('rbac.authorization.k8s.io/roles', { metadata: { name: 'r', namespace: 'default' }, rules: [{ verbs: [] }] }), [
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[0].resources: Required value: resource rules must supply at least one resource',
    ]);
    assert.deepEqual(
      messages('rbac.authorization.k8s.io/rolebindings', { metadata: { name: 'rb', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Foo', name: '' }, subjects: [{ kind: 'User' }] }),
      ['roleRef.kind: Unsupported value: "Foo": supported values: "Role", "ClusterRole"', 'roleRef.name: Required value', 'subjects[0].name: Required value'],
    );
  });

  it('pod disruption budgets', () => {
    assert.deepEqual(messages('policy/poddisruptionbudgets', { metadata: { name: 'p', namespace: 'default' }, spec: { minAvailable: 1, maxUnavailable: 1 } }), [
      'spec: Invalid value: {"maxUnavailable":1,"minAvailable":1}: minAvailable and maxUnavailable cannot be both set',
    ]);
    assert.deepEqual(messages('policy/poddisruptionbudgets', { metadata: { name: 'p', namespace: 'default' }, spec: { minAvailable: '120%', unhealthyPodEvictionPolicy: 'Foo' } }), [
      'spec.minAvailable: Invalid value: "120%": must not be greater than 100%',
      'spec.unhealthyPodEvictionPolicy: Unsupported value: "Foo": supported values: "AlwaysAllow", "IfHealthyBudget"',
    ]);
  });

  it('priority classes', () => {
    assert.deepEqual(messages('scheduling.k8s.io/priorityclasses', { metadata: { name: 'system-foo' }, value: 1 }), [
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-foo is not a known system priority class",
    ]);
    assert.deepEqual(messages('scheduling.k8s.io/priorityclasses', { metadata: { name: 'foo' }, value: 2000000000, preemptionPolicy: 'X' }), [
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
      'preemptionPolicy: Unsupported value: "X": supported values: "PreemptLowerPriority", "Never"',
    ]);
  });

  it('storage classes, ingresses and network policies', () => {
    assert.deepEqual(messages('storage.k8s.io/storageclasses', { metadata: { name: 'sc' }, provisioner: '', reclaimPolicy: 'Recycle', volumeBindingMode: 'Later' }), [
      'provisioner: Required value',
      'reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"',
      'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
    ]);
    assert.deepEqual(
      messages('networking.k8s.io/ingresses', { metadata: { name: 'i', namespace: 'default' }, spec: { rules: [{ host: '1.2.3.4', http: { paths: [{ path: 'foo', pathType: 'Prefix', backend: { service: { name: 's' } } }] } }] } }),
      [
        'spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address',
        'spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path',
        'spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
      ],
    );
    assert.deepEqual(
      messages('networking.k8s.io/networkpolicies', { metadata: { name: 'n', namespace: 'default' }, spec: { podSelector: {}, policyTypes: ['Sideways'], ingress: [{ ports: [{ port: 70000 }], from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] } }),
      [
        'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
        'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
        'spec.policyTypes[0]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
      ],
    );
  });

  it('certificate signing requests', () => {
    const pem = [
      '-----BEGIN CERTIFICATE REQUEST-----',
      'MIHZMIGBAgEAMB8xDjAMBgNVBAMMBWFsaWNlMQ0wCwYDVQQKDARkZXZzMFkwEwYH',
      'KoZIzj0CAQYIKoZIzj0DAQcDQgAEfLpJJOFdswVBEJ9tbKErORJlQRPGCZ8qF7bH',
      'Q+uYflBLmVDYK4+jym9dH1kGyBRfS1Wg8vpy5o4wuGm94Js656AAMAoGCCqGSM49',
      'BAMCA0cAMEQCIAXCkh3BhODO+6QgFiYSlt1WFNhzf2482d962dAKfq5YAiBQfd4D',
      'j29yPJ+wZlEkUj0Ux1IR2jGGGf4hGUKOyRAnzA==',
      '-----END CERTIFICATE REQUEST-----',
      '',
    ].join('\n');
    const csr = (spec: Record<string, unknown>): KObject => ({ metadata: { name: 'c' }, spec });
    assert.deepEqual(messages('certificates.k8s.io/certificatesigningrequests', csr({ request: Buffer.from(pem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] })), []);
    const r = messages('certificates.k8s.io/certificatesigningrequests', csr({ request: '', signerName: 'foo', usages: ['digital signature', 'nope'] }));
    assert.equal(r[0], 'spec.request: Invalid value: "": PEM block type must be CERTIFICATE REQUEST');
    assert.match(r[1], /^spec\.usages\[1\]: Unsupported value: "nope": supported values: "any", "cert sign", /);
    assert.equal(r[2], "spec.signerName: Invalid value: \"foo\": must be a fully qualified domain and path of the form 'example.com/signer-name'");
  });

  it('custom resource definition names', () => {
    assert.deepEqual(
      messages('apiextensions.k8s.io/customresourcedefinitions', { metadata: { name: 'foos.example.com' }, spec: { group: 'example.org', names: { plural: 'foos', kind: 'Foo' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] } }),
      ['metadata.name: Invalid value: "foos.example.com": must be spec.names.plural+"."+spec.group'],
    );
  });

  it('persistent volumes and claims', () => {
    assert.deepEqual(messages('persistentvolumeclaims', { metadata: { name: 'c', namespace: 'default' }, spec: { accessModes: [], resources: { requests: {} } } }), [
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
    assert.deepEqual(messages('persistentvolumeclaims', { metadata: { name: 'c', namespace: 'default' }, spec: { accessModes: ['ReadWriteSometimes'], resources: { requests: { storage: '0' } } } }), [
      'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      'spec.resources[storage]: Invalid value: "0": must be greater than zero',
    ]);
    assert.deepEqual(messages('persistentvolumes', { metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp' }, nfs: { server: 'x', path: '/y' } } }), [
      'spec.nfs: Forbidden: may not specify more than 1 volume type',
    ]);
  });

  it('limit ranges, quotas, endpoints and endpoint slices', () => {
    assert.deepEqual(messages('limitranges', { metadata: { name: 'lr', namespace: 'default' }, spec: { limits: [{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } }] } }), [
      'spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: "1": min value 2 is greater than default request value 1',
      'spec.limits[0].default[cpu]: Invalid value: "2": min value 2 is greater than default value 1',
    ]);
    assert.deepEqual(messages('resourcequotas', { metadata: { name: 'q', namespace: 'default' }, spec: { hard: { pods: '-1', cpu: '1' }, scopes: ['Foo'] } }), [
      'spec.hard[pods]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.scopes: Invalid value: ["Foo"]: unsupported scope',
    ]);
    assert.deepEqual(messages('endpoints', { metadata: { name: 'e', namespace: 'default' }, subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ port: 80 }, { port: 81 }] }] }), [
      'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'subsets[0].ports[0].name: Required value',
      'subsets[0].ports[1].name: Required value',
    ]);
    assert.deepEqual(messages('discovery.k8s.io/endpointslices', { metadata: { name: 'e', namespace: 'default' }, addressType: 'IPv4', endpoints: [{ addresses: ['1.2.3'] }], ports: [{ port: 80, protocol: 'TCP' }] }), [
      'endpoints[0].addresses[0]: Invalid value: "1.2.3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
  });

  it('nodes, webhooks and autoscalers', () => {
    assert.deepEqual(messages('nodes', { metadata: { name: 'n' }, spec: { podCIDR: 'bad', taints: [{ key: 'a', effect: 'Bogus' }] } }), [
      // upstream reports taints under metadata
      'metadata.taints[0].effect: Unsupported value: "Bogus": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      // podCIDR is converted into podCIDRs before validation
      'spec.podCIDRs[0]: Invalid value: "bad": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
    assert.deepEqual(
      messages('admissionregistration.k8s.io/validatingwebhookconfigurations', { metadata: { name: 'v' }, webhooks: [{ name: 'bad', clientConfig: {}, sideEffects: 'Unknown', admissionReviewVersions: [] }] }),
      [
        'webhooks[0].name: Invalid value: "bad": should be a domain with at least three segments separated by dots',
        'webhooks[0].sideEffects: Unsupported value: "Unknown": supported values: "None", "NoneOnDryRun"',
        'webhooks[0].clientConfig: Required value: exactly one of url or service is required',
        'webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1',
      ],
    );
    assert.deepEqual(messages('autoscaling/horizontalpodautoscalers', { metadata: { name: 'h', namespace: 'default' }, spec: { scaleTargetRef: { kind: '', name: '' }, minReplicas: 0, maxReplicas: 0 } }), [
      'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
      'spec.maxReplicas: Invalid value: 0: must be greater than 0',
      'spec.scaleTargetRef.kind: Required value',
      'spec.scaleTargetRef.name: Required value',
    ]);
  });
});
