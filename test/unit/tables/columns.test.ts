// Every table convertor's column list (name, type, format, priority) equals
// upstream's, keys name served resources, and each description is the
// OpenAPI text of a real field.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tableConvertors } from '../../../src/registry/tables.js';
import { generatedPath } from '../../../src/api/paths.js';

type Col = [name: string, type: string, priority?: number, format?: string];

const AGE: Col = ['Age', 'string'];
const NAME: Col = ['Name', 'string', 0, 'name'];
const wide = (name: string, type = 'string'): Col => [name, type, 1];

/** upstream's columns (kubernetes v1.35 printers and kube-aggregator), as data */
export const expectedColumns: Record<string, Col[]> = {
  pods: [NAME, ['Ready', 'string'], ['Status', 'string'], ['Restarts', 'string'], AGE, wide('IP'), wide('Node'), wide('Nominated Node'), wide('Readiness Gates')],
  podtemplates: [NAME, ['Containers', 'string'], ['Images', 'string'], ['Pod Labels', 'string']],
  replicationcontrollers: [NAME, ['Desired', 'integer'], ['Current', 'integer'], ['Ready', 'integer'], AGE, wide('Containers'), wide('Images'), wide('Selector')],
  services: [NAME, ['Type', 'string'], ['Cluster-IP', 'string'], ['External-IP', 'string'], ['Port(s)', 'string'], AGE, wide('Selector')],
  endpoints: [NAME, ['Endpoints', 'string'], AGE],
  nodes: [NAME, ['Status', 'string'], ['Roles', 'string'], AGE, ['Version', 'string'], wide('Internal-IP'), wide('External-IP'), wide('OS-Image'), wide('Kernel-Version'), wide('Container-Runtime')],
  events: [
    ['Last Seen', 'string'],
    ['Type', 'string'],
    ['Reason', 'string'],
    ['Object', 'string'],
    wide('Subobject'),
    wide('Source'),
    ['Message', 'string'],
    wide('First Seen'),
    wide('Count'),
    ['Name', 'string', 1, 'name'],
  ],
  namespaces: [NAME, ['Status', 'string'], AGE],
  secrets: [NAME, ['Type', 'string'], ['Data', 'string'], AGE],
  serviceaccounts: [NAME, AGE],
  persistentvolumes: [
    NAME,
    ['Capacity', 'string'],
    ['Access Modes', 'string'],
    ['Reclaim Policy', 'string'],
    ['Status', 'string'],
    ['Claim', 'string'],
    ['StorageClass', 'string'],
    ['VolumeAttributesClass', 'string'],
    ['Reason', 'string'],
    AGE,
    wide('VolumeMode'),
  ],
  persistentvolumeclaims: [NAME, ['Status', 'string'], ['Volume', 'string'], ['Capacity', 'string'], ['Access Modes', 'string'], ['StorageClass', 'string'], ['VolumeAttributesClass', 'string'], AGE, wide('VolumeMode')],
  componentstatuses: [NAME, ['Status', 'string'], ['Message', 'string'], ['Error', 'string']],
  configmaps: [NAME, ['Data', 'string'], AGE],
  resourcequotas: [NAME, ['Request', 'string'], ['Limit', 'string'], AGE],
  'apps/deployments': [NAME, ['Ready', 'string'], ['Up-to-date', 'string'], ['Available', 'string'], AGE, wide('Containers'), wide('Images'), wide('Selector')],
  'apps/replicasets': [NAME, ['Desired', 'integer'], ['Current', 'integer'], ['Ready', 'integer'], AGE, wide('Containers'), wide('Images'), wide('Selector')],
  'apps/statefulsets': [NAME, ['Ready', 'string'], AGE, wide('Containers'), wide('Images')],
  'apps/daemonsets': [
    NAME,
    ['Desired', 'integer'],
    ['Current', 'integer'],
    ['Ready', 'integer'],
    ['Up-to-date', 'integer'],
    ['Available', 'integer'],
    ['Node Selector', 'string'],
    AGE,
    wide('Containers'),
    wide('Images'),
    wide('Selector'),
  ],
  'apps/controllerrevisions': [NAME, ['Controller', 'string'], ['Revision', 'string'], AGE],
  'batch/jobs': [NAME, ['Status', 'string'], ['Completions', 'string'], ['Duration', 'string'], AGE, wide('Containers'), wide('Images'), wide('Selector')],
  'batch/cronjobs': [
    NAME,
    ['Schedule', 'string'],
    ['Timezone', 'string'],
    ['Suspend', 'boolean'],
    ['Active', 'integer'],
    ['Last Schedule', 'string'],
    AGE,
    wide('Containers'),
    wide('Images'),
    wide('Selector'),
  ],
  'autoscaling/horizontalpodautoscalers': [NAME, ['Reference', 'string'], ['Targets', 'string'], ['MinPods', 'string'], ['MaxPods', 'string'], ['Replicas', 'string'], AGE],
  'networking.k8s.io/ingresses': [NAME, ['Class', 'string'], ['Hosts', 'string'], ['Address', 'string'], ['Ports', 'string'], AGE],
  'networking.k8s.io/ingressclasses': [NAME, ['Controller', 'string'], ['Parameters', 'string'], AGE],
  'networking.k8s.io/networkpolicies': [NAME, ['Pod-Selector', 'string'], AGE],
  'networking.k8s.io/servicecidrs': [NAME, ['CIDRs', 'string'], AGE],
  'networking.k8s.io/ipaddresses': [NAME, ['ParentRef', 'string']],
  'policy/poddisruptionbudgets': [NAME, ['Min Available', 'string'], ['Max Unavailable', 'string'], ['Allowed Disruptions', 'integer'], AGE],
  'rbac.authorization.k8s.io/rolebindings': [NAME, ['Role', 'string'], AGE, wide('Users'), wide('Groups'), wide('ServiceAccounts')],
  'rbac.authorization.k8s.io/clusterrolebindings': [NAME, ['Role', 'string'], AGE, wide('Users'), wide('Groups'), wide('ServiceAccounts')],
  'storage.k8s.io/storageclasses': [NAME, ['Provisioner', 'string'], ['ReclaimPolicy', 'string'], ['VolumeBindingMode', 'string'], ['AllowVolumeExpansion', 'string'], AGE],
  'storage.k8s.io/volumeattachments': [NAME, ['Attacher', 'string', 0, 'name'], ['PV', 'string'], ['Node', 'string'], ['Attached', 'boolean'], AGE],
  'storage.k8s.io/csidrivers': [
    NAME,
    ['AttachRequired', 'boolean'],
    ['PodInfoOnMount', 'boolean'],
    ['StorageCapacity', 'boolean'],
    ['TokenRequests', 'string'],
    ['RequiresRepublish', 'boolean'],
    ['Modes', 'string'],
    AGE,
  ],
  'storage.k8s.io/csinodes': [NAME, ['Drivers', 'integer'], AGE],
  'storage.k8s.io/volumeattributesclasses': [NAME, ['DriverName', 'string'], AGE],
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': [NAME, ['Webhooks', 'integer'], AGE],
  'admissionregistration.k8s.io/validatingwebhookconfigurations': [NAME, ['Webhooks', 'integer'], AGE],
  'admissionregistration.k8s.io/validatingadmissionpolicies': [NAME, ['Validations', 'integer'], ['ParamKind', 'string'], AGE],
  'admissionregistration.k8s.io/validatingadmissionpolicybindings': [NAME, ['PolicyName', 'string'], ['ParamRef', 'string'], AGE],
  'scheduling.k8s.io/priorityclasses': [NAME, ['Value', 'integer'], ['Global-Default', 'boolean'], AGE, ['PreemptionPolicy', 'string']],
  'coordination.k8s.io/leases': [NAME, ['Holder', 'string'], AGE],
  'node.k8s.io/runtimeclasses': [NAME, ['Handler', 'string'], AGE],
  'discovery.k8s.io/endpointslices': [NAME, ['AddressType', 'string'], ['Ports', 'string'], ['Endpoints', 'string'], AGE],
  'events.k8s.io/events': [
    ['Last Seen', 'string'],
    ['Type', 'string'],
    ['Reason', 'string'],
    ['Object', 'string'],
    wide('Subobject'),
    wide('Source'),
    ['Message', 'string'],
    wide('First Seen'),
    wide('Count'),
    ['Name', 'string', 1, 'name'],
  ],
  'certificates.k8s.io/certificatesigningrequests': [NAME, AGE, ['SignerName', 'string'], ['Requestor', 'string'], ['RequestedDuration', 'string'], ['Condition', 'string']],
  'flowcontrol.apiserver.k8s.io/flowschemas': [NAME, ['PriorityLevel', 'string'], ['MatchingPrecedence', 'string'], ['DistinguisherMethod', 'string'], AGE, ['MissingPL', 'string']],
  'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations': [
    NAME,
    ['Type', 'string'],
    ['NominalConcurrencyShares', 'string'],
    ['Queues', 'string'],
    ['HandSize', 'string'],
    ['QueueLengthLimit', 'string'],
    AGE,
  ],
  'resource.k8s.io/deviceclasses': [NAME, AGE],
  'resource.k8s.io/resourceclaims': [NAME, ['State', 'string'], AGE],
  'resource.k8s.io/resourceclaimtemplates': [NAME, AGE],
  'resource.k8s.io/resourceslices': [NAME, ['Node', 'string'], ['Driver', 'string'], ['Pool', 'string'], AGE],
  'apiregistration.k8s.io/apiservices': [NAME, ['Service', 'string'], ['Available', 'string'], AGE],
};

/** resources upstream prints with the default Name / Created At table */
const defaultTable = [
  'limitranges',
  'rbac.authorization.k8s.io/roles',
  'rbac.authorization.k8s.io/clusterroles',
  'storage.k8s.io/csistoragecapacities',
  'apiextensions.k8s.io/customresourcedefinitions',
];

interface CatalogueResource {
  name: string;
  verbs: string[];
}

function servedKeys(): Set<string> {
  const cat = JSON.parse(readFileSync(generatedPath('catalogue.json'), 'utf8')) as { groupVersions: { group: string; resources: CatalogueResource[] }[] };
  const keys = new Set<string>();
  for (const gv of cat.groupVersions) for (const r of gv.resources) keys.add(gv.group ? `${gv.group}/${r.name}` : r.name);
  return keys;
}

describe('tables: column definitions', () => {
  it('covers exactly the resources upstream prints with its own columns', () => {
    assert.deepEqual(Object.keys(tableConvertors).sort(), Object.keys(expectedColumns).sort());
  });

  it('keys name served resources', () => {
    const served = servedKeys();
    for (const key of Object.keys(tableConvertors)) assert.ok(served.has(key), `${key} is not in the catalogue`);
  });

  it('leaves default-table resources to the generic table', () => {
    const served = servedKeys();
    for (const key of defaultTable) {
      assert.ok(served.has(key), key);
      assert.equal(tableConvertors[key], undefined, key);
    }
  });

  for (const [key, cols] of Object.entries(expectedColumns)) {
    it(`${key}: names, types, formats and priorities`, () => {
      const t = tableConvertors[key];
      assert.ok(t, key);
      const actual = t.columns.map((c) => [c.name, c.type, c.priority, c.format]);
      const expected = cols.map(([name, type, priority = 0, format = '']) => [name, type, priority, format]);
      assert.deepEqual(actual, expected);
    });
  }

  it('takes every description from the OpenAPI document', () => {
    for (const [key, t] of Object.entries(tableConvertors)) {
      for (const c of t.columns) {
        assert.equal(typeof c.description, 'string');
        // upstream looks up RuntimeClass's handler description on ObjectMeta, where there is none
        if (key === 'node.k8s.io/runtimeclasses' && c.name === 'Handler') assert.equal(c.description, '');
        else assert.ok(c.description.length > 0, `${key} ${c.name}`);
      }
    }
  });

  it('gives every empty object a full row without throwing', () => {
    const now = new Date('2025-06-01T12:00:00Z');
    for (const [key, t] of Object.entries(tableConvertors)) {
      const cells = t.cells({}, now);
      // upstream's IPAddress rows carry the age beyond their two columns
      const expected = key === 'networking.k8s.io/ipaddresses' ? t.columns.length + 1 : t.columns.length;
      assert.equal(cells.length, expected, key);
      for (const c of cells) assert.ok(['string', 'number', 'boolean'].includes(typeof c), `${key}: ${String(c)}`);
    }
  });

  it('serialises descriptions as plain JSON', () => {
    const json = JSON.parse(JSON.stringify(tableConvertors['pods']!.columns)) as { name: string; description: string }[];
    assert.equal(json[0]!.name, 'Name');
    assert.match(json[0]!.description, /unique within a namespace/);
    assert.match(json[4]!.description, /CreationTimestamp/);
  });
});
