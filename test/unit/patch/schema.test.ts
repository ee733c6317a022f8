import { strict as assert } from 'node:assert';
import { schemaForDefinition, schemaForKind } from '../../../src/machinery/patch/index.js';

describe('patch: schema', () => {
  it('finds built-in kinds by group, version and kind', () => {
    assert.equal(schemaForKind('', 'v1', 'Pod')?.name, 'Pod');
    assert.equal(schemaForKind('apps', 'v1', 'Deployment')?.name, 'Deployment');
    assert.equal(schemaForKind('policy', 'v1', 'PodDisruptionBudget')?.name, 'PodDisruptionBudget');
    assert.equal(schemaForKind('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition')?.name, 'CustomResourceDefinition');
  });

  it('returns undefined for unknown kinds and versions', () => {
    assert.equal(schemaForKind('example.com', 'v1', 'Widget'), undefined);
    assert.equal(schemaForKind('', 'v2', 'Pod'), undefined);
    assert.equal(schemaForKind('apps', 'v1', 'Pod'), undefined);
  });

  it('carries the field-level patch metadata of lists', () => {
    const spec = schemaForKind('', 'v1', 'Pod')?.properties?.spec;
    assert.equal(spec?.name, 'PodSpec');
    assert.equal(spec?.type, 'object');
    const containers = spec?.properties?.containers;
    assert.equal(containers?.type, 'array');
    assert.equal(containers?.patchStrategy, 'merge');
    assert.equal(containers?.patchMergeKey, 'name');
    assert.equal(containers?.listType, 'map');
    assert.deepEqual(containers?.listMapKeys, ['name']);
    assert.equal(containers?.items?.name, 'Container');
    const ports = containers?.items?.properties?.ports;
    assert.equal(ports?.patchMergeKey, 'containerPort');
    assert.deepEqual(ports?.listMapKeys, ['containerPort', 'protocol']);
    assert.equal(spec?.properties?.volumes?.patchStrategy, 'merge,retainKeys');
    assert.equal(spec?.properties?.tolerations?.patchStrategy, undefined);
    assert.equal(spec?.properties?.tolerations?.listType, 'atomic');
  });

  it('carries field-level metadata of referenced structs', () => {
    const strategy = schemaForKind('apps', 'v1', 'Deployment')?.properties?.spec?.properties?.strategy;
    assert.equal(strategy?.name, 'DeploymentStrategy');
    assert.equal(strategy?.patchStrategy, 'retainKeys');
    assert.ok(strategy?.properties?.rollingUpdate);
    const selector = schemaForKind('policy', 'v1', 'PodDisruptionBudget')?.properties?.spec?.properties?.selector;
    assert.equal(selector?.patchStrategy, 'replace');
    assert.equal(selector?.name, 'LabelSelector');
  });

  it('describes Services, Nodes and metadata', () => {
    assert.equal(schemaForKind('', 'v1', 'Service')?.properties?.spec?.properties?.ports?.patchMergeKey, 'port');
    const status = schemaForKind('', 'v1', 'Node')?.properties?.status;
    assert.equal(status?.properties?.conditions?.patchMergeKey, 'type');
    assert.equal(status?.properties?.addresses?.patchMergeKey, 'type');
    assert.equal(status?.properties?.capacity?.additionalProperties?.name, 'Quantity');
    const md = schemaForKind('', 'v1', 'Pod')?.properties?.metadata;
    assert.equal(md?.name, 'ObjectMeta');
    assert.equal(md?.properties?.finalizers?.patchStrategy, 'merge');
    assert.equal(md?.properties?.finalizers?.items?.type, 'string');
    assert.equal(md?.properties?.labels?.additionalProperties?.type, 'string');
    assert.equal(md?.properties?.ownerReferences?.patchMergeKey, 'uid');
  });

  it('resolves recursive definitions lazily', () => {
    const props = schemaForDefinition('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps');
    let node = props;
    for (let i = 0; i < 50; i++) node = node?.properties?.properties?.additionalProperties;
    assert.equal(node?.name, 'JSONSchemaProps');
    assert.equal(node?.properties?.items?.name, 'JSONSchemaPropsOrArray');
    assert.equal(schemaForDefinition('no.such.Definition'), undefined);
  });

  it('returns the same node for repeated lookups', () => {
    assert.equal(schemaForKind('', 'v1', 'Pod'), schemaForKind('', 'v1', 'Pod'));
  });
});
