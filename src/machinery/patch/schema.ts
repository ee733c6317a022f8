// Patch-relevant view of the built-in types, derived from the generated
// OpenAPI v2 document. Field-level extensions (x-kubernetes-patch-strategy,
// x-kubernetes-patch-merge-key, list/map types) live on the property that
// references a definition, so every field gets its own node wrapping the
// referenced definition's structure. Properties, items and additional
// properties are resolved on first access, which keeps recursive definitions
// (JSONSchemaProps refers to itself) cheap and finite.
import { openapiV2, type SchemaNode } from '../../api/schemaDocs.js';

export interface PatchSchemaNode {
  /** Go type name of the referenced definition, e.g. "PodSpec" (last segment of the definition name). */
  readonly name?: string;
  /** OpenAPI type: object, array, string, integer, number, boolean (undefined for free-form values). */
  readonly type?: string;
  readonly format?: string;
  readonly properties?: Readonly<Record<string, PatchSchemaNode>>;
  readonly items?: PatchSchemaNode;
  readonly additionalProperties?: PatchSchemaNode;
  /** raw x-kubernetes-patch-strategy, e.g. "merge", "retainKeys", "merge,retainKeys", "replace" */
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  readonly listType?: string;
  readonly listMapKeys?: readonly string[];
  readonly mapType?: string;
}

const REF_PREFIX = '#/definitions/';

type Definitions = Record<string, SchemaNode>;

function definitions(): Definitions {
  return openapiV2().definitions;
}

/** Follow $ref (and a single-element allOf wrapper) to the definition body. */
function resolveRef(raw: SchemaNode, defs: Definitions): { body: SchemaNode; defName?: string } {
  let node = raw;
  let defName: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    if (!node.$ref && Array.isArray(node.allOf) && node.allOf.length > 0) {
      node = node.allOf[0] as SchemaNode;
      continue;
    }
    if (typeof node.$ref !== 'string') break;
    const ref = node.$ref;
    if (seen.has(ref)) break;
    seen.add(ref);
    const name = ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref;
    const target = defs[name];
    if (!target) break;
    defName = name;
    node = target;
  }
  return { body: node, defName };
}

function goTypeName(defName: string): string {
  const i = defName.lastIndexOf('.');
  return i >= 0 ? defName.slice(i + 1) : defName;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Property maps are shared by every field node that references the same definition. */
const propertyCache = new Map<string, Record<string, PatchSchemaNode>>();

class LazySchemaNode implements PatchSchemaNode {
  readonly name?: string;
  readonly type?: string;
  readonly format?: string;
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  readonly listType?: string;
  readonly listMapKeys?: readonly string[];
  readonly mapType?: string;

  private readonly body: SchemaNode;
  private readonly defName?: string;
  private propsDone = false;
  private props?: Record<string, PatchSchemaNode>;
  private itemsDone = false;
  private itemsNode?: PatchSchemaNode;
  private addlDone = false;
  private addlNode?: PatchSchemaNode;

  constructor(raw: SchemaNode, private readonly defs: Definitions) {
    const { body, defName } = resolveRef(raw, defs);
    this.body = body;
    this.defName = defName;
    if (defName) this.name = goTypeName(defName);
    // The field's own extensions win over the referenced definition's.
    const pick = (key: string): unknown => (raw[key] !== undefined ? raw[key] : body[key]);
    this.type = str(pick('type'));
    if (!this.type && (body.properties || body.additionalProperties)) this.type = 'object';
    this.format = str(pick('format'));
    this.patchStrategy = str(pick('x-kubernetes-patch-strategy'));
    this.patchMergeKey = str(pick('x-kubernetes-patch-merge-key'));
    this.listType = str(pick('x-kubernetes-list-type'));
    const keys = pick('x-kubernetes-list-map-keys');
    if (Array.isArray(keys)) this.listMapKeys = keys.filter((k): k is string => typeof k === 'string');
    this.mapType = str(pick('x-kubernetes-map-type'));
  }

  get properties(): Readonly<Record<string, PatchSchemaNode>> | undefined {
    if (!this.propsDone) {
      this.propsDone = true;
      const rawProps = this.body.properties;
      if (rawProps) {
        const cached = this.defName ? propertyCache.get(this.defName) : undefined;
        if (cached) {
          this.props = cached;
        } else {
          const out: Record<string, PatchSchemaNode> = Object.create(null) as Record<string, PatchSchemaNode>;
          for (const key of Object.keys(rawProps)) {
            defineLazy(out, key, () => new LazySchemaNode(rawProps[key], this.defs));
          }
          this.props = out;
          if (this.defName) propertyCache.set(this.defName, out);
        }
      }
    }
    return this.props;
  }

  get items(): PatchSchemaNode | undefined {
    if (!this.itemsDone) {
      this.itemsDone = true;
      const it = this.body.items;
      if (it && typeof it === 'object') this.itemsNode = new LazySchemaNode(it, this.defs);
    }
    return this.itemsNode;
  }

  get additionalProperties(): PatchSchemaNode | undefined {
    if (!this.addlDone) {
      this.addlDone = true;
      const ap = this.body.additionalProperties;
      if (ap && typeof ap === 'object') this.addlNode = new LazySchemaNode(ap, this.defs);
    }
    return this.addlNode;
  }
}

/** A property whose node is built on first read and then memoised. */
function defineLazy(target: Record<string, PatchSchemaNode>, key: string, make: () => PatchSchemaNode): void {
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get() {
      const v = make();
      Object.defineProperty(target, key, { value: v, enumerable: true, configurable: false, writable: false });
      return v;
    },
  });
}

let byGvk: Map<string, string> | undefined;
const kindNodes = new Map<string, PatchSchemaNode>();

function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

function gvkIndex(): Map<string, string> {
  if (byGvk) return byGvk;
  const idx = new Map<string, string>();
  for (const [name, def] of Object.entries(definitions())) {
    const list = def['x-kubernetes-group-version-kind'];
    if (!Array.isArray(list)) continue;
    for (const g of list as Array<Record<string, unknown>>) {
      const key = gvkKey(str(g.group) ?? '', str(g.version) ?? '', str(g.kind) ?? '');
      if (!idx.has(key)) idx.set(key, name);
    }
  }
  byGvk = idx;
  return idx;
}

/** The patch schema of a built-in kind, or undefined when the kind is not in the OpenAPI document (e.g. custom resources). */
export function schemaForKind(group: string, version: string, kind: string): PatchSchemaNode | undefined {
  const key = gvkKey(group, version, kind);
  const hit = kindNodes.get(key);
  if (hit) return hit;
  const defName = gvkIndex().get(key);
  if (!defName) return undefined;
  const node = new LazySchemaNode({ $ref: REF_PREFIX + defName }, definitions());
  kindNodes.set(key, node);
  return node;
}

/** The node of a named definition (e.g. "io.k8s.api.core.v1.PodSpec"); mainly for tests and tools. */
export function schemaForDefinition(defName: string): PatchSchemaNode | undefined {
  if (!definitions()[defName]) return undefined;
  return new LazySchemaNode({ $ref: REF_PREFIX + defName }, definitions());
}
