// autoscaling/v1 ⇄ autoscaling/v2 HorizontalPodAutoscaler conversion. The
// expected objects are what k8s.io/kubernetes v1.35 produces for the same
// input when decoding without defaulting and converting through the internal
// version (v2 → internal → v1 and v1 → internal → v2).
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/machinery/objects.js';
import {
  BEHAVIOR_ANNOTATION,
  CONDITIONS_ANNOTATION,
  METRIC_SPECS_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
  dropHPARoundTripAnnotations,
  hpaConverter,
  hpaV1ToV2,
  hpaV2ToV1,
} from '../../../src/registry/converters/hpa.js';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const v2Full = (): KObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: {
    name: 'web',
    namespace: 'shop',
    labels: { app: 'web' },
    annotations: { team: 'checkout', 'autoscaling.alpha.kubernetes.io/scale-up-tolerance': '0.1' },
  },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 2,
    maxReplicas: 10,
    metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } } },
      {
        type: 'Pods',
        pods: { metric: { name: 'http_requests', selector: { matchLabels: { '9': 'b', '10': 'a', tier: '<front&end>' } } }, target: { type: 'AverageValue', averageValue: '0.5' } },
      },
      {
        type: 'Object',
        object: {
          describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' },
          metric: { name: 'requests-per-second' },
          target: { type: 'Value', value: '10k' },
        },
      },
      {
        type: 'External',
        external: {
          metric: { name: 'queue_depth', selector: { matchExpressions: [{ key: 'queue', operator: 'In', values: ['orders'] }] } },
          target: { type: 'AverageValue', averageValue: '30' },
        },
      },
      { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 70 } } },
    ],
    behavior: {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }], tolerance: '0.05' },
    },
  },
  status: {
    observedGeneration: 4,
    lastScaleTime: '2024-05-01T12:00:00Z',
    currentReplicas: 3,
    desiredReplicas: 4,
    currentMetrics: [
      { type: 'Resource', resource: { name: 'cpu', current: { averageValue: '250m', averageUtilization: 75 } } },
      { type: 'Resource', resource: { name: 'memory', current: { averageValue: '400Mi' } } },
      { type: 'Pods', pods: { metric: { name: 'http_requests' }, current: { averageValue: '600m' } } },
      {
        type: 'Object',
        object: { describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' }, metric: { name: 'requests-per-second' }, current: { value: '12k' } },
      },
      { type: 'External', external: { metric: { name: 'queue_depth' }, current: { value: '90', averageValue: '30' } } },
      { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', current: { averageValue: '200m', averageUtilization: 65 } } },
    ],
    conditions: [
      { type: 'AbleToScale', status: 'True', lastTransitionTime: '2024-05-01T11:00:00Z', reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
      {
        type: 'ScalingActive',
        status: 'True',
        lastTransitionTime: '2024-05-01T11:00:00+02:00',
        reason: 'ValidMetricFound',
        message: 'the HPA was able to compute the replica count from cpu resource utilization (percentage of request) < 80 & > 10',
      },
    ],
  },
});

// upstream's autoscaling/v1 rendering of v2Full()
const v1Full = (): KObject => ({
  apiVersion: 'autoscaling/v1',
  kind: 'HorizontalPodAutoscaler',
  metadata: {
    name: 'web',
    namespace: 'shop',
    labels: { app: 'web' },
    annotations: {
      [BEHAVIOR_ANNOTATION]:
        '{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15},{"Type":"Percent","Value":100,"PeriodSeconds":15}],"Tolerance":null},"ScaleDown":{"StabilizationWindowSeconds":300,"SelectPolicy":"Min","Policies":[{"Type":"Percent","Value":10,"PeriodSeconds":60}],"Tolerance":"50m"}}',
      [CONDITIONS_ANNOTATION]:
        '[{"type":"AbleToScale","status":"True","lastTransitionTime":"2024-05-01T11:00:00Z","reason":"ReadyForNewScale","message":"recommended size matches current size"},{"type":"ScalingActive","status":"True","lastTransitionTime":"2024-05-01T09:00:00Z","reason":"ValidMetricFound","message":"the HPA was able to compute the replica count from cpu resource utilization (percentage of request) \\u003c 80 \\u0026 \\u003e 10"}]',
      [METRIC_STATUSES_ANNOTATION]:
        '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":75,"currentAverageValue":"250m"}},{"type":"Resource","resource":{"name":"memory","currentAverageValue":"400Mi"}},{"type":"Pods","pods":{"metricName":"http_requests","currentAverageValue":"600m"}},{"type":"Object","object":{"target":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metricName":"requests-per-second","currentValue":"12k"}},{"type":"External","external":{"metricName":"queue_depth","currentValue":"90","currentAverageValue":"30"}},{"type":"ContainerResource","containerResource":{"name":"cpu","currentAverageUtilization":65,"currentAverageValue":"200m","container":"app"}}]',
      [METRIC_SPECS_ANNOTATION]:
        '[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"512Mi"}},{"type":"Pods","pods":{"metricName":"http_requests","targetAverageValue":"500m","selector":{"matchLabels":{"10":"a","9":"b","tier":"\\u003cfront\\u0026end\\u003e"}}}},{"type":"Object","object":{"target":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metricName":"requests-per-second","targetValue":"10k"}},{"type":"External","external":{"metricName":"queue_depth","metricSelector":{"matchExpressions":[{"key":"queue","operator":"In","values":["orders"]}]},"targetAverageValue":"30"}},{"type":"ContainerResource","containerResource":{"name":"cpu","targetAverageUtilization":70,"container":"app"}}]',
      team: 'checkout',
    },
  },
  spec: { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 60 },
  status: { observedGeneration: 4, lastScaleTime: '2024-05-01T12:00:00Z', currentReplicas: 3, desiredReplicas: 4, currentCPUUtilizationPercentage: 75 },
});

// upstream's autoscaling/v2 rendering of v1Full(): v2Full() with the CPU target
// moved last, quantities in canonical form, times in UTC and the stale
// tolerance annotation gone
const v2FullBack = (): KObject => {
  const o = v2Full();
  o.metadata!.annotations = { team: 'checkout' };
  const spec = o.spec as { metrics: Record<string, any>[]; behavior: Record<string, any> };
  spec.metrics.push(spec.metrics.shift()!);
  spec.metrics[1].pods.target.averageValue = '500m';
  spec.behavior.scaleDown.tolerance = '50m';
  const status = o.status as { conditions: Record<string, any>[] };
  status.conditions[1].lastTransitionTime = '2024-05-01T09:00:00Z';
  return o;
};

describe('HorizontalPodAutoscaler conversion', () => {
  describe('autoscaling/v2 → autoscaling/v1', () => {
    it('keeps the CPU target in the v1 fields and everything else in annotations', () => {
      assert.deepEqual(hpaV2ToV1(v2Full()), v1Full());
    });

    it('writes the zero values v1 always carries', () => {
      const v2: KObject = {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'x' },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, minReplicas: 1, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
        status: { currentMetrics: null, desiredReplicas: 0 },
      };
      assert.deepEqual(hpaV2ToV1(v2), {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'x' },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 80 },
        status: { currentReplicas: 0, desiredReplicas: 0 },
      });
      assert.deepEqual(hpaV2ToV1({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'a' }, spec: { maxReplicas: 3 } }), {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'a' },
        spec: { scaleTargetRef: { kind: '', name: '' }, maxReplicas: 3 },
        status: { currentReplicas: 0, desiredReplicas: 0 },
      });
    });

    it('takes the first CPU utilization target and the last CPU utilization status; drops stale round-trip annotations', () => {
      const v2: KObject = {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'x', annotations: { [CONDITIONS_ANNOTATION]: '[]', 'autoscaling.alpha.kubernetes.io/scale-down-tolerance': '0.2' } },
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'x' },
          minReplicas: 1,
          maxReplicas: 3,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 40 } } },
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 90 } } },
          ],
        },
        status: {
          desiredReplicas: 0,
          currentMetrics: [
            { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 10 } } },
            { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 20 } } },
            { type: 'Resource', resource: { name: 'cpu', current: { averageValue: '1' } } },
          ],
        },
      };
      assert.deepEqual(hpaV2ToV1(v2), {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: {
          name: 'x',
          annotations: {
            [METRIC_STATUSES_ANNOTATION]:
              '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":10,"currentAverageValue":"0"}},{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":20,"currentAverageValue":"0"}},{"type":"Resource","resource":{"name":"cpu","currentAverageValue":"1"}}]',
          },
        },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 40 },
        status: { currentReplicas: 0, desiredReplicas: 0, currentCPUUtilizationPercentage: 20 },
      });
    });

    it('removes an annotation map that held only round-trip annotations', () => {
      const v2: KObject = {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'x', annotations: { [METRIC_SPECS_ANNOTATION]: '[]' } },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 2, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
      };
      assert.deepEqual(hpaV2ToV1(v2).metadata, { name: 'x' });
    });

    it('a memory utilization target is not a CPU target', () => {
      const v2: KObject = {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'x' },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 2, metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 50 } } }] },
      };
      const v1 = hpaV2ToV1(v2);
      assert.equal((v1.spec as Record<string, unknown>).targetCPUUtilizationPercentage, undefined);
      assert.equal(v1.metadata!.annotations![METRIC_SPECS_ANNOTATION], '[{"type":"Resource","resource":{"name":"memory","targetAverageUtilization":50}}]');
    });
  });

  describe('autoscaling/v1 → autoscaling/v2', () => {
    it('restores the annotated fields, appends the CPU target and drops the annotations', () => {
      assert.deepEqual(hpaV1ToV2(v1Full()), v2FullBack());
    });

    it('a plain v1 object with a CPU target', () => {
      const v1: KObject = {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'php', namespace: 'default' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php' }, minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 50 },
      };
      assert.deepEqual(hpaV1ToV2(v1), {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'php', namespace: 'default' },
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'php', apiVersion: 'apps/v1' },
          minReplicas: 1,
          maxReplicas: 10,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
        },
        status: { desiredReplicas: 0, currentMetrics: null },
      });
    });

    it('no metric at all gets the 80% CPU target; the CPU status becomes a current metric', () => {
      const v1: KObject = {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'php' },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'php' }, maxReplicas: 3 },
        status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 31 },
      };
      assert.deepEqual(hpaV1ToV2(v1), {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'php' },
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'php' },
          maxReplicas: 3,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
        },
        status: {
          currentReplicas: 2,
          desiredReplicas: 2,
          currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 31 } } }],
        },
      });
    });

    it('ignores annotations that do not decode, and still drops them', () => {
      const v1: KObject = {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: {
          name: 'x',
          annotations: {
            [METRIC_SPECS_ANNOTATION]: '[{"type":"Pods","pods":{"metricName":"x","targetAverageValue":"lots"}}]',
            [BEHAVIOR_ANNOTATION]: '{"ScaleUp":{"StabilizationWindowSeconds":"60"}}',
            [METRIC_STATUSES_ANNOTATION]: 'not json',
            [CONDITIONS_ANNOTATION]: '[{"type":"AbleToScale","status":"True","lastTransitionTime":"yesterday"}]',
          },
        },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 3, targetCPUUtilizationPercentage: 70 },
        status: { desiredReplicas: 1, currentCPUUtilizationPercentage: 20 },
      };
      assert.deepEqual(hpaV1ToV2(v1), {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'x' },
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'x' },
          maxReplicas: 3,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
        },
        status: { desiredReplicas: 1, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 20 } } }] },
      });
    });

    it('decodes annotations as encoding/json does: any key case, unknown keys, numbers as quantities, times in any zone', () => {
      const v1: KObject = {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: {
          name: 'x',
          annotations: {
            [METRIC_SPECS_ANNOTATION]: '[{"TYPE":"External","external":{"MetricName":"q","targetAverageValue":2.5}}]',
            [BEHAVIOR_ANNOTATION]: '{"scaleDown":{"selectPolicy":"Disabled","unknown":1}}',
            [METRIC_STATUSES_ANNOTATION]: 'null',
            [CONDITIONS_ANNOTATION]:
              '[{"type":"A","status":"True","lastTransitionTime":"2024-02-29T23:59:59.75-01:30"},{"type":"B","status":"False","lastTransitionTime":"0001-01-01T00:00:00Z"}]',
          },
        },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 3 },
        status: { desiredReplicas: 1, currentCPUUtilizationPercentage: 20 },
      };
      assert.deepEqual(hpaV1ToV2(v1), {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'x' },
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'x' },
          maxReplicas: 3,
          metrics: [{ type: 'External', external: { metric: { name: 'q' }, target: { type: 'AverageValue', averageValue: '2500m' } } }],
          behavior: { scaleDown: { selectPolicy: 'Disabled' } },
        },
        status: {
          desiredReplicas: 1,
          // a "null" annotation still replaces the CPU status, with an empty list
          currentMetrics: [],
          conditions: [
            { type: 'A', status: 'True', lastTransitionTime: '2024-03-01T01:29:59Z' },
            { type: 'B', status: 'False', lastTransitionTime: null },
          ],
        },
      });
    });

    it('an empty behavior or a null metrics list counts as none', () => {
      const v1: KObject = {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'x', annotations: { [METRIC_SPECS_ANNOTATION]: 'null', [BEHAVIOR_ANNOTATION]: '{}' } },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 3 },
      };
      assert.deepEqual(hpaV1ToV2(v1), {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'x' },
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'x' },
          maxReplicas: 3,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
        },
        status: { desiredReplicas: 0, currentMetrics: null },
      });
    });

    it('converts every v1 metric source to its v2 target type', () => {
      const metrics = [
        { type: 'Object', object: { target: { kind: 'Service', name: 's' }, metricName: 'm', targetValue: '1', averageValue: '2' } },
        { type: 'Object', object: { target: { kind: 'Service', name: 's' }, metricName: 'm', targetValue: '1' } },
        { type: 'Pods', pods: { metricName: 'p', targetAverageValue: '3' } },
        { type: 'Resource', resource: { name: 'memory', targetAverageValue: '1Gi' } },
        { type: 'ContainerResource', containerResource: { name: 'memory', container: 'c', targetAverageUtilization: 20 } },
        { type: 'External', external: { metricName: 'e', targetValue: '4' } },
        { type: 'External', external: { metricName: 'e', targetAverageValue: '5' } },
      ];
      const v1: KObject = {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'x', annotations: { [METRIC_SPECS_ANNOTATION]: JSON.stringify(metrics) } },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 3 },
      };
      assert.deepEqual((hpaV1ToV2(v1).spec as Record<string, unknown>).metrics, [
        { type: 'Object', object: { describedObject: { kind: 'Service', name: 's' }, target: { type: 'AverageValue', value: '1', averageValue: '2' }, metric: { name: 'm' } } },
        { type: 'Object', object: { describedObject: { kind: 'Service', name: 's' }, target: { type: 'Value', value: '1' }, metric: { name: 'm' } } },
        { type: 'Pods', pods: { metric: { name: 'p' }, target: { type: 'AverageValue', averageValue: '3' } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } } },
        { type: 'ContainerResource', containerResource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 20 }, container: 'c' } },
        { type: 'External', external: { metric: { name: 'e' }, target: { type: 'Value', value: '4' } } },
        { type: 'External', external: { metric: { name: 'e' }, target: { type: 'AverageValue', averageValue: '5' } } },
      ]);
    });
  });

  describe('round trips', () => {
    it('v2 → v1 → v2 keeps every field', () => {
      const back = hpaV1ToV2(hpaV2ToV1(v2Full()));
      assert.deepEqual(back, v2FullBack());
      // and from there on nothing changes
      assert.deepEqual(hpaV1ToV2(hpaV2ToV1(back)), back);
    });

    it('v1 → v2 → v1 gives the v1 object back', () => {
      assert.deepEqual(hpaV2ToV1(hpaV1ToV2(v1Full())), v1Full());
      const plain: KObject = {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'p' },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'p' }, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 65 },
        status: { currentReplicas: 1, desiredReplicas: 2, currentCPUUtilizationPercentage: 12 },
      };
      // the CPU status is kept in an annotation as well, with its (zero) raw value
      assert.deepEqual(hpaV2ToV1(hpaV1ToV2(plain)), {
        ...plain,
        metadata: { name: 'p', annotations: { [METRIC_STATUSES_ANNOTATION]: '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":12,"currentAverageValue":"0"}}]' } },
      });
    });

    it('a v1 client editing the spec keeps the v2-only fields', () => {
      const v1 = hpaV2ToV1(v2Full());
      (v1.spec as Record<string, unknown>).maxReplicas = 20;
      (v1.spec as Record<string, unknown>).targetCPUUtilizationPercentage = 55;
      const v2 = hpaV1ToV2(v1);
      const expected = v2FullBack();
      (expected.spec as Record<string, unknown>).maxReplicas = 20;
      (expected.spec as { metrics: Record<string, any>[] }).metrics[5].resource.target.averageUtilization = 55;
      assert.deepEqual(v2, expected);
    });
  });

  describe('the Converter', () => {
    it('converts by group version and leaves its input alone', () => {
      const input = v2Full();
      const before = clone(input);
      assert.deepEqual(hpaConverter.fromStorage(input, 'autoscaling/v1'), v1Full());
      assert.deepEqual(input, before);
      const v1 = v1Full();
      const v1Before = clone(v1);
      assert.deepEqual(hpaConverter.toStorage(v1, 'autoscaling/v1'), v2FullBack());
      assert.deepEqual(v1, v1Before);
    });

    it('autoscaling/v2 only loses the round-trip annotations', () => {
      const out = hpaConverter.toStorage(v2Full(), 'autoscaling/v2');
      const expected = v2Full();
      expected.metadata!.annotations = { team: 'checkout' };
      assert.deepEqual(out, expected);
      assert.deepEqual(hpaConverter.fromStorage(v2Full(), 'autoscaling/v2'), expected);
    });

    it('rejects versions it does not know', () => {
      assert.throws(() => hpaConverter.toStorage(v2Full(), 'autoscaling/v2beta2'), /v2beta2/);
      assert.throws(() => hpaConverter.fromStorage(v2Full(), 'autoscaling/v9'), /v9/);
    });

    it('dropHPARoundTripAnnotations', () => {
      const meta = { name: 'a', annotations: { a: 'b', [BEHAVIOR_ANNOTATION]: '{}' } };
      assert.equal(dropHPARoundTripAnnotations(meta), true);
      assert.deepEqual(meta, { name: 'a', annotations: { a: 'b' } });
      assert.equal(dropHPARoundTripAnnotations(meta), false);
      const only = { annotations: { 'autoscaling.alpha.kubernetes.io/scale-up-tolerance': '1' } };
      assert.equal(dropHPARoundTripAnnotations(only), true);
      assert.deepEqual(only, {});
    });
  });
});
