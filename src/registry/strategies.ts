// The strategy of every built-in resource, keyed by "<group>/<resource>"
// (the core group is written as just the resource).
import type { Strategy } from './generic/strategy.js';

import { podStrategy } from './core/pod/strategy.js';
import { serviceStrategy } from './core/service/strategy.js';
import { configMapStrategy } from './core/configmap/strategy.js';
import { secretStrategy } from './core/secret/strategy.js';
import { namespaceStrategy } from './core/namespace/strategy.js';
import { nodeStrategy } from './core/node/strategy.js';
import { eventStrategy } from './core/event/strategy.js';
import { serviceAccountStrategy } from './core/serviceaccount/strategy.js';
import { endpointsStrategy } from './core/endpoint/strategy.js';
import { pvcStrategy } from './core/persistentvolumeclaim/strategy.js';
import { pvStrategy } from './core/persistentvolume/strategy.js';
import { rcStrategy } from './core/replicationcontroller/strategy.js';
import { limitRangeStrategy } from './core/limitrange/strategy.js';
import { resourceQuotaStrategy } from './core/resourcequota/strategy.js';
import { podTemplateStrategy } from './core/podtemplate/strategy.js';

import { deploymentStrategy } from './apps/deployment/strategy.js';
import { replicaSetStrategy } from './apps/replicaset/strategy.js';
import { statefulSetStrategy } from './apps/statefulset/strategy.js';
import { daemonSetStrategy } from './apps/daemonset/strategy.js';
import { controllerRevisionStrategy } from './apps/controllerrevision/strategy.js';

import { jobStrategy } from './batch/job/strategy.js';
import { cronJobStrategy } from './batch/cronjob/strategy.js';

import { leaseStrategy } from './coordination/lease/strategy.js';
import { endpointSliceStrategy } from './discovery/endpointslice/strategy.js';
import { eventsV1Strategy } from './events/event/strategy.js';

import { ingressStrategy } from './networking/ingress/strategy.js';
import { networkPolicyStrategy } from './networking/networkpolicy/strategy.js';
import { ingressClassStrategy } from './networking/ingressclass/strategy.js';
import { ipAddressStrategy } from './networking/ipaddress/strategy.js';
import { serviceCIDRStrategy } from './networking/servicecidr/strategy.js';

import { pdbStrategy } from './policy/poddisruptionbudget/strategy.js';
import { priorityClassStrategy } from './scheduling/priorityclass/strategy.js';

import { roleStrategy } from './rbac/role/strategy.js';
import { clusterRoleStrategy } from './rbac/clusterrole/strategy.js';
import { roleBindingStrategy } from './rbac/rolebinding/strategy.js';
import { clusterRoleBindingStrategy } from './rbac/clusterrolebinding/strategy.js';

import { storageClassStrategy } from './storage/storageclass/strategy.js';
import { csiDriverStrategy } from './storage/csidriver/strategy.js';
import { csiNodeStrategy } from './storage/csinode/strategy.js';
import { volumeAttachmentStrategy } from './storage/volumeattachment/strategy.js';
import { volumeAttributesClassStrategy } from './storage/volumeattributesclass/strategy.js';
import { csiStorageCapacityStrategy } from './storage/csistoragecapacity/strategy.js';

import { csrStrategy } from './certificates/certificatesigningrequest/strategy.js';

import { flowSchemaStrategy } from './flowcontrol/flowschema/strategy.js';
import { priorityLevelConfigurationStrategy } from './flowcontrol/prioritylevelconfiguration/strategy.js';

import { validatingWebhookConfigurationStrategy } from './admissionregistration/validatingwebhookconfiguration/strategy.js';
import { mutatingWebhookConfigurationStrategy } from './admissionregistration/mutatingwebhookconfiguration/strategy.js';
import { validatingAdmissionPolicyStrategy } from './admissionregistration/validatingadmissionpolicy/strategy.js';
import { validatingAdmissionPolicyBindingStrategy } from './admissionregistration/validatingadmissionpolicybinding/strategy.js';

import { crdStrategy } from './apiextensions/customresourcedefinition/strategy.js';
import { apiServiceStrategy } from './apiregistration/apiservice/strategy.js';
import { hpaStrategy } from './autoscaling/horizontalpodautoscaler/strategy.js';
import { runtimeClassStrategy } from './node/runtimeclass/strategy.js';

import { deviceClassStrategy } from './resource/deviceclass/strategy.js';
import { resourceClaimStrategy } from './resource/resourceclaim/strategy.js';
import { resourceClaimTemplateStrategy } from './resource/resourceclaimtemplate/strategy.js';
import { resourceSliceStrategy } from './resource/resourceslice/strategy.js';

export const strategies: Record<string, Strategy> = {
  // core
  pods: podStrategy,
  services: serviceStrategy,
  configmaps: configMapStrategy,
  secrets: secretStrategy,
  namespaces: namespaceStrategy,
  nodes: nodeStrategy,
  events: eventStrategy,
  serviceaccounts: serviceAccountStrategy,
  endpoints: endpointsStrategy,
  persistentvolumeclaims: pvcStrategy,
  persistentvolumes: pvStrategy,
  replicationcontrollers: rcStrategy,
  limitranges: limitRangeStrategy,
  resourcequotas: resourceQuotaStrategy,
  podtemplates: podTemplateStrategy,
  // apps
  'apps/deployments': deploymentStrategy,
  'apps/replicasets': replicaSetStrategy,
  'apps/statefulsets': statefulSetStrategy,
  'apps/daemonsets': daemonSetStrategy,
  'apps/controllerrevisions': controllerRevisionStrategy,
  // batch
  'batch/jobs': jobStrategy,
  'batch/cronjobs': cronJobStrategy,
  // coordination, discovery, events
  'coordination.k8s.io/leases': leaseStrategy,
  'discovery.k8s.io/endpointslices': endpointSliceStrategy,
  'events.k8s.io/events': eventsV1Strategy,
  // networking
  'networking.k8s.io/ingresses': ingressStrategy,
  'networking.k8s.io/networkpolicies': networkPolicyStrategy,
  'networking.k8s.io/ingressclasses': ingressClassStrategy,
  'networking.k8s.io/ipaddresses': ipAddressStrategy,
  'networking.k8s.io/servicecidrs': serviceCIDRStrategy,
  // policy, scheduling
  'policy/poddisruptionbudgets': pdbStrategy,
  'scheduling.k8s.io/priorityclasses': priorityClassStrategy,
  // rbac
  'rbac.authorization.k8s.io/roles': roleStrategy,
  'rbac.authorization.k8s.io/clusterroles': clusterRoleStrategy,
  'rbac.authorization.k8s.io/rolebindings': roleBindingStrategy,
  'rbac.authorization.k8s.io/clusterrolebindings': clusterRoleBindingStrategy,
  // storage
  'storage.k8s.io/storageclasses': storageClassStrategy,
  'storage.k8s.io/csidrivers': csiDriverStrategy,
  'storage.k8s.io/csinodes': csiNodeStrategy,
  'storage.k8s.io/volumeattachments': volumeAttachmentStrategy,
  'storage.k8s.io/volumeattributesclasses': volumeAttributesClassStrategy,
  'storage.k8s.io/csistoragecapacities': csiStorageCapacityStrategy,
  // certificates
  'certificates.k8s.io/certificatesigningrequests': csrStrategy,
  // flowcontrol
  'flowcontrol.apiserver.k8s.io/flowschemas': flowSchemaStrategy,
  'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations': priorityLevelConfigurationStrategy,
  // admissionregistration
  'admissionregistration.k8s.io/validatingwebhookconfigurations': validatingWebhookConfigurationStrategy,
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': mutatingWebhookConfigurationStrategy,
  'admissionregistration.k8s.io/validatingadmissionpolicies': validatingAdmissionPolicyStrategy,
  'admissionregistration.k8s.io/validatingadmissionpolicybindings': validatingAdmissionPolicyBindingStrategy,
  // extension APIs
  'apiextensions.k8s.io/customresourcedefinitions': crdStrategy,
  'apiregistration.k8s.io/apiservices': apiServiceStrategy,
  // autoscaling, node
  'autoscaling/horizontalpodautoscalers': hpaStrategy,
  'node.k8s.io/runtimeclasses': runtimeClassStrategy,
  // resource.k8s.io
  'resource.k8s.io/deviceclasses': deviceClassStrategy,
  'resource.k8s.io/resourceclaims': resourceClaimStrategy,
  'resource.k8s.io/resourceclaimtemplates': resourceClaimTemplateStrategy,
  'resource.k8s.io/resourceslices': resourceSliceStrategy,
};
