// JSON merge patch cases (application/merge-patch+json).
//
// Expectations mirror gopkg.in/evanphx/json-patch.v4 MergePatch, the library
// the API server uses (see its merge_test.go for the same rules: null deletes,
// objects merge recursively, arrays and scalars replace, nulls pruned from
// added values); they were obtained by running that library (v4.13.0) on
// these inputs. The top-level null/scalar rejection is ErrBadJSONPatch, which
// k8s.io/apiserver/pkg/endpoints/handlers/patch.go turns into a 400.
import type { ExpectedError } from './smp-cases.js';

export interface MergeCase {
  name: string;
  original: unknown;
  patch: unknown;
  expected?: unknown;
  error?: ExpectedError;
}

export const mergeCases: MergeCase[] = [
  {
    name: "merge: add and replace keys",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"}},
    patch: {"data":{"x":"2","y":"3"}},
    expected: {"apiVersion":"v1","data":{"x":"2","y":"3"},"kind":"ConfigMap","metadata":{"labels":{"a":"1"},"name":"c"}},
  },
  {
    name: "merge: null deletes a key",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1","y":"2"}},
    patch: {"data":{"x":null}},
    expected: {"apiVersion":"v1","data":{"y":"2"},"kind":"ConfigMap","metadata":{"labels":{"a":"1"},"name":"c"}},
  },
  {
    name: "merge: null for a missing key is a no-op",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"}},
    patch: {"data":{"z":null}},
    expected: {"apiVersion":"v1","data":{"x":"1"},"kind":"ConfigMap","metadata":{"labels":{"a":"1"},"name":"c"}},
  },
  {
    name: "merge: nested objects merge recursively",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"}},
    patch: {"metadata":{"labels":{"b":"2"},"annotations":{"n":"v"}}},
    expected: {"apiVersion":"v1","data":{"x":"1"},"kind":"ConfigMap","metadata":{"annotations":{"n":"v"},"labels":{"a":"1","b":"2"},"name":"c"}},
  },
  {
    name: "merge: arrays are replaced whole",
    original: {"kind":"Pod","spec":{"containers":[{"name":"a","image":"a"},{"name":"b","image":"b"}]}},
    patch: {"spec":{"containers":[{"name":"c","image":"c"}]}},
    expected: {"kind":"Pod","spec":{"containers":[{"image":"c","name":"c"}]}},
  },
  {
    name: "merge: nulls inside an added object are pruned",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"}},
    patch: {"metadata":{"annotations":{"a":"x","b":null,"c":{"d":null,"e":1}}}},
    expected: {"apiVersion":"v1","data":{"x":"1"},"kind":"ConfigMap","metadata":{"annotations":{"a":"x","c":{"e":1}},"labels":{"a":"1"},"name":"c"}},
  },
  {
    name: "merge: nulls in objects inside an added array are pruned, null elements kept",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{}},
    patch: {"list":[{"a":null,"b":1},null,2]},
    expected: {"apiVersion":"v1","data":{},"kind":"ConfigMap","list":[{"b":1},null,2],"metadata":{"labels":{"a":"1"},"name":"c"}},
  },
  {
    name: "merge: object replaced by scalar",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"}},
    patch: {"data":"str"},
    expected: {"apiVersion":"v1","data":"str","kind":"ConfigMap","metadata":{"labels":{"a":"1"},"name":"c"}},
  },
  {
    name: "merge: scalar replaced by object (nulls pruned)",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"},"extra":5},
    patch: {"extra":{"a":1,"b":null}},
    expected: {"apiVersion":"v1","data":{"x":"1"},"extra":{"a":1},"kind":"ConfigMap","metadata":{"labels":{"a":"1"},"name":"c"}},
  },
  {
    name: "merge: object replaced by array keeps nulls inside it (library quirk)",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"}},
    patch: {"data":[{"a":null}]},
    expected: {"apiVersion":"v1","data":[{"a":null}],"kind":"ConfigMap","metadata":{"labels":{"a":"1"},"name":"c"}},
  },
  {
    name: "merge: empty patch",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"}},
    patch: {},
    expected: {"apiVersion":"v1","data":{"x":"1"},"kind":"ConfigMap","metadata":{"labels":{"a":"1"},"name":"c"}},
  },
  {
    name: "merge: empty object value merges nothing",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"}},
    patch: {"data":{}},
    expected: {"apiVersion":"v1","data":{"x":"1"},"kind":"ConfigMap","metadata":{"labels":{"a":"1"},"name":"c"}},
  },
  {
    name: "merge: null value in original is replaced",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":null},
    patch: {"data":{"a":"1","b":null}},
    expected: {"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"labels":{"a":"1"},"name":"c"}},
  },
  {
    name: "merge: key \"__proto__\" is an ordinary member",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"}},
    patch: JSON.parse("{\"data\":{\"__proto__\":\"p\"}}"),
    expected: JSON.parse("{\"apiVersion\":\"v1\",\"data\":{\"__proto__\":\"p\",\"x\":\"1\"},\"kind\":\"ConfigMap\",\"metadata\":{\"labels\":{\"a\":\"1\"},\"name\":\"c\"}}"),
  },
  {
    name: "merge: top-level array patch yields the array",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"}},
    patch: [{"a":null},1],
    expected: [{},1],
  },
  {
    name: "merge: top-level null patch is rejected",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"}},
    patch: null,
    error: {"code":400,"reason":"BadRequest","message":"Invalid JSON Patch"},
  },
  {
    name: "merge: top-level string patch is rejected",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"}},
    patch: "x",
    error: {"code":400,"reason":"BadRequest","message":"Invalid JSON Patch"},
  },
];
