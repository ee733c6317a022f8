// The patch/apply view of a custom resource schema: the node tree the merge
// and server-side-apply engines walk, carrying list types, list map keys and
// map types, with ObjectMeta (from the built-in definitions) at the root and
// in every embedded resource.
import { type PatchSchemaNode, schemaForDefinition } from '../../../machinery/patch/schema.js';
import { rawItems, rawOptStr, rawSchemaMap, rawSchemaOrBool, rawStrings } from './structural.js';
import type { JSONSchemaProps } from './util.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

interface MutableNode {
  name?: string;
  type?: string;
  format?: string;
  properties?: Record<string, PatchSchemaNode>;
  items?: PatchSchemaNode;
  additionalProperties?: PatchSchemaNode;
  listType?: string;
  listMapKeys?: readonly string[];
  mapType?: string;
}

function stringNode(): PatchSchemaNode {
  return { type: 'string' };
}

function build(s: JSONSchemaProps, resourceRoot: boolean): PatchSchemaNode {
  const n: MutableNode = {};
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const type = typeof s.type === 'string' && s.type && !intOrString ? s.type : undefined;
  if (type) n.type = type;
  if (typeof s.format === 'string' && s.format) n.format = s.format;
  const lt = rawOptStr(s, 'x-kubernetes-list-type');
  if (lt !== undefined) n.listType = lt;
  const keys = rawStrings(s, 'x-kubernetes-list-map-keys');
  if (keys && keys.length) n.listMapKeys = keys;
  const mt = rawOptStr(s, 'x-kubernetes-map-type');
  if (mt !== undefined) n.mapType = mt;
  const embedded = resourceRoot || s['x-kubernetes-embedded-resource'] === true;
  const props = rawSchemaMap(s, 'properties');
  if (props || embedded) {
    const out: Record<string, PatchSchemaNode> = {};
    for (const k of Object.keys(props ?? {})) out[k] = build((props as Record<string, JSONSchemaProps>)[k], false);
    if (embedded) {
      out.apiVersion = stringNode();
      out.kind = stringNode();
      const meta = schemaForDefinition(OBJECT_META);
      if (meta) out.metadata = meta;
    }
    n.properties = out;
    if (!n.type) n.type = 'object';
  }
  const items = rawItems(s);
  if (items?.schema) n.items = build(items.schema, false);
  const ap = rawSchemaOrBool(s, 'additionalProperties');
  if (ap?.schema) n.additionalProperties = build(ap.schema, false);
  else if (ap?.allows) n.additionalProperties = {};
  return n;
}

/** the PatchSchemaNode of a custom resource (the root gets apiVersion, kind and ObjectMeta) */
export function toPatchSchema(schema: JSONSchemaProps | undefined, opts: { isResourceRoot?: boolean } = {}): PatchSchemaNode {
  return build(schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, opts.isResourceRoot !== false);
}
