// Server-side table columns of the built-in resources, keyed by
// "<group>/<resource>" (core resources by the bare resource name). Resources
// absent here use the default Name / Created At table, as upstream does for
// roles, clusterroles, limitranges, csistoragecapacities,
// customresourcedefinitions and the review resources.
import type { TableConvertor } from './generic/strategy.js';
import { podTable } from './core/pod/table.js';
import { podTemplateTable } from './core/podtemplate/table.js';
import { replicationControllerTable } from './core/replicationcontroller/table.js';
import { serviceTable } from './core/service/table.js';
import { endpointsTable } from './core/endpoint/table.js';
import { nodeTable } from './core/node/table.js';
import { eventTable } from './core/event/table.js';
import { namespaceTable } from './core/namespace/table.js';
import { secretTable } from './core/secret/table.js';
import { serviceAccountTable } from './core/serviceaccount/table.js';
import { persistentVolumeTable } from './core/persistentvolume/table.js';
import { persistentVolumeClaimTable } from './core/persistentvolumeclaim/table.js';
import { componentStatusTable } from './core/componentstatus/table.js';
import { configMapTable } from './core/configmap/table.js';
import { resourceQuotaTable } from './core/resourcequota/table.js';
import { deploymentTable } from './apps/deployment/table.js';
import { replicaSetTable } from './apps/replicaset/table.js';
import { statefulSetTable } from './apps/statefulset/table.js';
import { daemonSetTable } from './apps/daemonset/table.js';
import { controllerRevisionTable } from './apps/controllerrevision/table.js';
import { jobTable } from './batch/job/table.js';
import { cronJobTable } from './batch/cronjob/table.js';
import { horizontalPodAutoscalerTable } from './autoscaling/horizontalpodautoscaler/table.js';
import { ingressTable } from './networking/ingress/table.js';
import { ingressClassTable } from './networking/ingressclass/table.js';
import { networkPolicyTable } from './networking/networkpolicy/table.js';
import { serviceCIDRTable } from './networking/servicecidr/table.js';
import { ipAddressTable } from './networking/ipaddress/table.js';
import { podDisruptionBudgetTable } from './policy/poddisruptionbudget/table.js';
import { roleBindingTable } from './rbac/rolebinding/table.js';
import { clusterRoleBindingTable } from './rbac/clusterrolebinding/table.js';
import { storageClassTable } from './storage/storageclass/table.js';
import { volumeAttachmentTable } from './storage/volumeattachment/table.js';
import { csiDriverTable } from './storage/csidriver/table.js';
import { csiNodeTable } from './storage/csinode/table.js';
import { volumeAttributesClassTable } from './storage/volumeattributesclass/table.js';
import { mutatingWebhookConfigurationTable } from './admissionregistration/mutatingwebhookconfiguration/table.js';
import { validatingWebhookConfigurationTable } from './admissionregistration/validatingwebhookconfiguration/table.js';
import { validatingAdmissionPolicyTable } from './admissionregistration/validatingadmissionpolicy/table.js';
import { validatingAdmissionPolicyBindingTable } from './admissionregistration/validatingadmissionpolicybinding/table.js';
import { priorityClassTable } from './scheduling/priorityclass/table.js';
import { leaseTable } from './coordination/lease/table.js';
import { runtimeClassTable } from './node/runtimeclass/table.js';
import { endpointSliceTable } from './discovery/endpointslice/table.js';
import { eventsV1Table } from './events/event/table.js';
import { certificateSigningRequestTable } from './certificates/certificatesigningrequest/table.js';
import { flowSchemaTable } from './flowcontrol/flowschema/table.js';
import { priorityLevelConfigurationTable } from './flowcontrol/prioritylevelconfiguration/table.js';
import { deviceClassTable } from './resource/deviceclass/table.js';
import { resourceClaimTable } from './resource/resourceclaim/table.js';
import { resourceClaimTemplateTable } from './resource/resourceclaimtemplate/table.js';
import { resourceSliceTable } from './resource/resourceslice/table.js';
import { apiServiceTable } from './apiregistration/apiservice/table.js';

export const tableConvertors: Record<string, TableConvertor> = {
  'pods': podTable,
  'podtemplates': podTemplateTable,
  'replicationcontrollers': replicationControllerTable,
  'services': serviceTable,
  'endpoints': endpointsTable,
  'nodes': nodeTable,
  'events': eventTable,
  'namespaces': namespaceTable,
  'secrets': secretTable,
  'serviceaccounts': serviceAccountTable,
  'persistentvolumes': persistentVolumeTable,
  'persistentvolumeclaims': persistentVolumeClaimTable,
  'componentstatuses': componentStatusTable,
  'configmaps': configMapTable,
  'resourcequotas': resourceQuotaTable,
  'apps/deployments': deploymentTable,
  'apps/replicasets': replicaSetTable,
  'apps/statefulsets': statefulSetTable,
  'apps/daemonsets': daemonSetTable,
  'apps/controllerrevisions': controllerRevisionTable,
  'batch/jobs': jobTable,
  'batch/cronjobs': cronJobTable,
  'autoscaling/horizontalpodautoscalers': horizontalPodAutoscalerTable,
  'networking.k8s.io/ingresses': ingressTable,
  'networking.k8s.io/ingressclasses': ingressClassTable,
  'networking.k8s.io/networkpolicies': networkPolicyTable,
  'networking.k8s.io/servicecidrs': serviceCIDRTable,
  'networking.k8s.io/ipaddresses': ipAddressTable,
  'policy/poddisruptionbudgets': podDisruptionBudgetTable,
  'rbac.authorization.k8s.io/rolebindings': roleBindingTable,
  'rbac.authorization.k8s.io/clusterrolebindings': clusterRoleBindingTable,
  'storage.k8s.io/storageclasses': storageClassTable,
  'storage.k8s.io/volumeattachments': volumeAttachmentTable,
  'storage.k8s.io/csidrivers': csiDriverTable,
  'storage.k8s.io/csinodes': csiNodeTable,
  'storage.k8s.io/volumeattributesclasses': volumeAttributesClassTable,
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': mutatingWebhookConfigurationTable,
  'admissionregistration.k8s.io/validatingwebhookconfigurations': validatingWebhookConfigurationTable,
  'admissionregistration.k8s.io/validatingadmissionpolicies': validatingAdmissionPolicyTable,
  'admissionregistration.k8s.io/validatingadmissionpolicybindings': validatingAdmissionPolicyBindingTable,
  'scheduling.k8s.io/priorityclasses': priorityClassTable,
  'coordination.k8s.io/leases': leaseTable,
  'node.k8s.io/runtimeclasses': runtimeClassTable,
  'discovery.k8s.io/endpointslices': endpointSliceTable,
  'events.k8s.io/events': eventsV1Table,
  'certificates.k8s.io/certificatesigningrequests': certificateSigningRequestTable,
  'flowcontrol.apiserver.k8s.io/flowschemas': flowSchemaTable,
  'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations': priorityLevelConfigurationTable,
  'resource.k8s.io/deviceclasses': deviceClassTable,
  'resource.k8s.io/resourceclaims': resourceClaimTable,
  'resource.k8s.io/resourceclaimtemplates': resourceClaimTemplateTable,
  'resource.k8s.io/resourceslices': resourceSliceTable,
  'apiregistration.k8s.io/apiservices': apiServiceTable,
};
