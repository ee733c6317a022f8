// JSON patch cases (application/json-patch+json).
//
// Expectations mirror gopkg.in/evanphx/json-patch.v4 (patch.go / patch_test.go),
// the library the API server uses, including its deviations from RFC 6902;
// they were obtained by running that library (v4.13.0) on these inputs. Every
// application failure is answered by the server with a 422 whose message is
// the generic text of NewGenericServerResponse (see applyJSPatch in
// k8s.io/apiserver/pkg/endpoints/handlers/patch.go); `cause` is the library's
// message. Where the library panics, the server's panic recovery answers 500.
import type { ExpectedError } from './smp-cases.js';

export interface JsonPatchCase {
  name: string;
  original: unknown;
  patch: unknown;
  expected?: unknown;
  error?: ExpectedError;
}

export const jsonPatchCases: JsonPatchCase[] = [
  {
    name: "json: add a member",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"add","path":"/data/k2","value":"v2"}],
    expected: {"apiVersion":"v1","data":{"k":"v","k2":"v2"},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: add replaces an existing member",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"add","path":"/data/k","value":"x"}],
    expected: {"apiVersion":"v1","data":{"k":"x"},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: add into an array by index",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"add","path":"/list/1","value":"X"}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["a","X","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: add at \"-\" appends",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"add","path":"/list/-","value":"d"}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["a","b","c","d"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: add at index == length appends",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"add","path":"/list/3","value":"d"}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["a","b","c","d"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: add at -1 appends (negative indices count from the end)",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"add","path":"/list/-1","value":"d"}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["a","b","c","d"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: add beyond the end fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"add","path":"/list/5","value":"d"}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"error in add for path: '/list/5': Unable to access invalid index: 5: invalid index referenced"},
  },
  {
    name: "json: add with a non-numeric array index fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"add","path":"/list/x","value":"d"}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"error in add for path: '/list/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax"},
  },
  {
    name: "json: add under a missing parent fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"add","path":"/missing/child","value":1}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"add operation does not apply: doc is missing path: \"/missing/child\": missing value"},
  },
  {
    name: "json: add at the root fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"add","path":"","value":{}}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"add operation does not apply: doc is missing path: \"\": missing value"},
  },
  {
    name: "json: add without a value stores null",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"add","path":"/data/n"}],
    expected: {"apiVersion":"v1","data":{"k":"v","n":null},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: ~1 and ~0 escapes in paths",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"replace","path":"/metadata/labels/app.kubernetes.io~1name","value":"y"},{"op":"remove","path":"/metadata/labels/a~0b"}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"y"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: remove a member",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"remove","path":"/data/k"}],
    expected: {"apiVersion":"v1","data":{},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: remove an array element",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"remove","path":"/list/0"}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: remove the last element with -1",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"remove","path":"/list/-1"}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["a","b"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: remove a missing member fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"remove","path":"/data/nope"}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"error in remove for path: '/data/nope': Unable to remove nonexistent key: nope: missing value"},
  },
  {
    name: "json: remove out of range fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"remove","path":"/list/3"}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"error in remove for path: '/list/3': Unable to access invalid index: 3: invalid index referenced"},
  },
  {
    name: "json: replace a member",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"replace","path":"/data/k","value":{"deep":true}}],
    expected: {"apiVersion":"v1","data":{"k":{"deep":true}},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: replace of a missing member adds it (library quirk)",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"replace","path":"/data/new","value":"v"}],
    expected: {"apiVersion":"v1","data":{"k":"v","new":"v"},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: replace an array element",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"replace","path":"/nested/arr/1/n","value":3}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":3}]}},
  },
  {
    name: "json: replace out of range fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"replace","path":"/list/3","value":"x"}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"replace operation does not apply: doc is missing key: /list/3: missing value"},
  },
  {
    name: "json: replace the whole document",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"replace","path":"","value":{"kind":"X"}}],
    expected: {"kind":"X"},
  },
  {
    name: "json: replace the whole document with a scalar fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"replace","path":"","value":1}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"replace operation value must be object or array: %!w(<nil>)"},
  },
  {
    name: "json: move a member",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"move","from":"/data/k","path":"/data/k2"}],
    expected: {"apiVersion":"v1","data":{"k2":"v"},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: move within an array",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"move","from":"/list/0","path":"/list/-"}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["b","c","a"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: move from a missing member fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"move","from":"/data/none","path":"/data/k2"}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"error in move for path: 'none': Unable to remove nonexistent key: none: missing value"},
  },
  {
    name: "json: move without from fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"move","path":"/data/k2"}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"move operation failed to decode from: operation, missing from field: missing value"},
  },
  {
    name: "json: copy a subtree",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"copy","from":"/nested","path":"/nested2"},{"op":"replace","path":"/nested2/arr/0/n","value":9}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]},"nested2":{"arr":[{"n":9},{"n":2}]}},
  },
  {
    name: "json: copy from a missing member inserts null (library quirk)",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"copy","from":"/data/none","path":"/data/k2"}],
    expected: {"apiVersion":"v1","data":{"k":"v","k2":null},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: copy into a missing parent fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"copy","from":"/data/k","path":"/none/k2"}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"copy operation does not apply: doc is missing destination path: /none/k2: missing value"},
  },
  {
    name: "json: test passes then change applies",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"test","path":"/data/k","value":"v"},{"op":"replace","path":"/data/k","value":"w"}],
    expected: {"apiVersion":"v1","data":{"k":"w"},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: test of a structure passes regardless of key order",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"test","path":"/nested","value":{"arr":[{"n":1},{"n":2}]}}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: failed test aborts the patch",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"replace","path":"/data/k","value":"w"},{"op":"test","path":"/data/k","value":"v"}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"testing value /data/k failed: test failed"},
  },
  {
    name: "json: test of a missing member against null passes",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"test","path":"/data/none","value":null}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: test of a missing member without value passes",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"test","path":"/data/none"}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: test of an existing member against null fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"test","path":"/data/k","value":null}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"testing value /data/k failed: test failed"},
  },
  {
    name: "json: test of the whole document",
    original: {"a":1},
    patch: [{"op":"test","path":"","value":{"a":1}}],
    expected: {"a":1},
  },
  {
    name: "json: test number vs string fails",
    original: {"a":1},
    patch: [{"op":"test","path":"/a","value":"1"}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"testing value /a failed: test failed"},
  },
  {
    name: "json: unknown op fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"frob","path":"/data/k"}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"Unexpected kind: frob"},
  },
  {
    name: "json: missing op fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"path":"/data/k"}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"Unexpected kind: unknown"},
  },
  {
    name: "json: missing path fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"remove"}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"remove operation failed to decode path: missing value"},
  },
  {
    name: "json: path without leading slash addresses the root member named by its last segment",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"add","path":"data/zz","value":1}],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]},"zz":1},
  },
  {
    name: "json: traversal through a scalar fails",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"add","path":"/data/k/x","value":1}],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"add operation does not apply: doc is missing path: \"/data/k/x\": missing value"},
  },
  {
    name: "json: empty patch",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [],
    expected: {"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","list":["a","b","c"],"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"1"},"name":"c"},"nested":{"arr":[{"n":1},{"n":2}]}},
  },
  {
    name: "json: null element is an unknown op",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [null],
    error: {"code":422,"reason":"Invalid","message":"the server rejected our request due to an error in our request","cause":"Unexpected kind: unknown"},
  },
  {
    name: "json: replace of the whole document without a value (library panics)",
    original: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app.kubernetes.io/name":"x","a~b":"1"}},"data":{"k":"v"},"list":["a","b","c"],"nested":{"arr":[{"n":1},{"n":2}]}},
    patch: [{"op":"replace","path":""}],
    error: {"code":500,"reason":"InternalError","message":"This request caused apiserver to panic. Look in the logs for details.","cause":"runtime error: invalid memory address or nil pointer dereference"},
  },
  {
    name: "json: test comparing arrays that hold null (library panics)",
    original: {"a":[null,1]},
    patch: [{"op":"test","path":"/a","value":[null,1]}],
    error: {"code":500,"reason":"InternalError","message":"This request caused apiserver to panic. Look in the logs for details.","cause":"runtime error: invalid memory address or nil pointer dereference"},
  },
  {
    name: "json: test against a null array element passes",
    original: {"a":[null,1]},
    patch: [{"op":"test","path":"/a/0","value":null}],
    expected: {"a":[null,1]},
  },
];
