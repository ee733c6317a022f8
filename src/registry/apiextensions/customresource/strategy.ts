// The Strategy of one custom resource, built from its CustomResourceDefinition
// and rebuilt in place when the definition changes (the Store keeps the same
// object). Schema work (validation, pruning, defaulting, CEL rules, printer
// columns) comes from a CustomResourceSchemas implementation, per version.
import { ApiError, type FieldError } from '../../../machinery/errors.js';
import { crdModules, loadCrdModules } from '../modules.js';
import type { KObject } from '../../../machinery/objects.js';
import type { RequestContext, Strategy, TableConvertor } from '../../generic/strategy.js';
import type { PatchSchemaNode } from '../../../machinery/patch/index.js';
import { type O, isObj } from '../../shared/field.js';

export type CRD = KObject & { spec: O; status?: O };

/** What the schema layer contributes for one served version of a CRD. */
export interface VersionSchema {
  /** fill defaults from the schema (request decoding and reads from storage) */
  defaults(obj: KObject): void;
  /** drop fields the schema does not declare; returns their paths for fieldValidation */
  prune(obj: KObject): string[];
  /** schema (types, formats, enums, CEL rules) errors; old is set for updates */
  validate(obj: KObject, old: KObject | undefined): FieldError[];
  /** validation of the status subresource only (status rules) */
  validateStatus?(obj: KObject, old: KObject): FieldError[];
  /** additionalPrinterColumns, or undefined for NAME/AGE */
  table?: TableConvertor;
}

/** The OpenAPI content of one served version of a CRD. */
export interface PublishedOpenApi {
  /** definition names of the kind and its list */
  kindName: string;
  listName: string;
  /** OpenAPI v3 component schemas, by name */
  v3Schemas: Record<string, unknown>;
  /** OpenAPI v2 definitions, by name */
  v2Definitions: Record<string, unknown>;
}

export interface CustomResourceSchemas {
  /** resolves once the layer can be used (it may be loaded on demand) */
  ready?(): Promise<void>;
  forVersion(crd: CRD, version: string): VersionSchema;
  /** what /openapi/v2 and /openapi/v3 publish for a served version */
  openapi?(crd: CRD, version: string): PublishedOpenApi;
  /** list and map types of a served version, for merges and managedFields */
  patchSchema?(crd: CRD, version: string): PatchSchemaNode;
}

/** A schema layer that accepts everything (no schema work). */
export const permissiveSchemas: CustomResourceSchemas = {
  forVersion: () => ({ defaults: () => undefined, prune: () => [], validate: () => [] }),
};

function versionOf(obj: KObject, ctx?: RequestContext): string {
  const gv = ctx?.groupVersion ?? obj.apiVersion ?? '';
  return gv.includes('/') ? gv.slice(gv.indexOf('/') + 1) : gv;
}

export class CustomResourceStrategy {
  /** the object handed to the Store; its members are replaced on every definition change */
  readonly strategy: Strategy = {};
  private crd!: CRD;
  private perVersion = new Map<string, VersionSchema>();

  constructor(
    crd: CRD,
    private readonly schemas: CustomResourceSchemas,
  ) {
    this.update(crd);
  }

  get definition(): CRD {
    return this.crd;
  }

  schemaFor(version: string): VersionSchema {
    let s = this.perVersion.get(version);
    if (!s) {
      s = this.schemas.forVersion(this.crd, version);
      this.perVersion.set(version, s);
    }
    return s;
  }

  storageVersion(): string {
    const vs = (this.crd.spec.versions ?? []) as O[];
    return String(vs.find((v) => v.storage)?.name ?? vs[0]?.name ?? '');
  }

  subresources(version: string): { status: boolean; scale?: O } {
    const v = ((this.crd.spec.versions ?? []) as O[]).find((x) => x.name === version);
    const sub = (v?.subresources ?? {}) as O;
    return { status: isObj(sub.status), scale: isObj(sub.scale) ? (sub.scale as O) : undefined };
  }

  /** field selector attributes from the storage version's selectableFields (.spec.color -> spec.color) */
  selectable(obj: KObject): Record<string, string> {
    const v = ((this.crd.spec.versions ?? []) as O[]).find((x) => x.name === this.storageVersion());
    const out: Record<string, string> = {};
    for (const f of (Array.isArray(v?.selectableFields) ? v!.selectableFields : []) as O[]) {
      const path = String(f.jsonPath ?? '');
      let cur: unknown = obj;
      for (const seg of path.split('.').filter(Boolean)) cur = isObj(cur) ? (cur as O)[seg] : undefined;
      out[path.replace(/^\./, '')] = typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean' ? String(cur) : '';
    }
    return out;
  }

  /** rebuild for a new version of the definition */
  update(crd: CRD): void {
    this.crd = crd;
    this.perVersion.clear();
    const storage = this.storageVersion();
    const hasStatus = this.subresources(storage).status;
    const self = this;
    const s: Strategy = {
      nameRule: 'subdomain',
      generation: true,
      hasStatus,
      statusResetsMetadata: true,
      allowCreateOnUpdate: false,
      allowUnconditionalUpdate: true,
      defaults(obj) {
        self.schemaFor(versionOf(obj)).defaults(obj);
      },
      fromStorage(obj) {
        // defaults of the storage version apply to what was stored before they existed
        self.schemaFor(storage).defaults(obj);
      },
      prepareForCreate(obj, ctx) {
        if (self.crd.metadata?.deletionTimestamp)
          throw new ApiError(405, 'MethodNotAllowed', 'create not allowed while custom resource definition is terminating');
        self.schemaFor(versionOf(obj, ctx)).defaults(obj);
      },
      validate(obj, ctx) {
        return self.schemaFor(versionOf(obj, ctx)).validate(obj, undefined);
      },
      prepareForUpdate(obj, _old, ctx) {
        self.schemaFor(versionOf(obj, ctx)).defaults(obj);
      },
      validateUpdate(obj, old, ctx) {
        return self.schemaFor(versionOf(obj, ctx)).validate(obj, old);
      },
      prepareForStatusUpdate(obj, _old, ctx) {
        self.schemaFor(versionOf(obj, ctx)).defaults(obj);
      },
      validateStatusUpdate(obj, old, ctx) {
        const vs = self.schemaFor(versionOf(obj, ctx));
        return vs.validateStatus ? vs.validateStatus(obj, old) : vs.validate(obj, old);
      },
      selectableFields(obj) {
        return self.selectable(obj);
      },
      get table() {
        return self.schemaFor(storage).table;
      },
      tableFor(gv) {
        return self.schemaFor(versionOf({ apiVersion: gv } as KObject)).table;
      },
      scalePaths(gv) {
        const sc = self.subresources(versionOf({ apiVersion: gv } as KObject)).scale;
        if (!sc) return undefined;
        return {
          specReplicasPath: String(sc.specReplicasPath ?? ''),
          statusReplicasPath: String(sc.statusReplicasPath ?? ''),
          labelSelectorPath: typeof sc.labelSelectorPath === 'string' ? sc.labelSelectorPath : undefined,
        };
      },
      pruneUnknown(obj, gv) {
        return self.schemaFor(versionOf({ apiVersion: gv } as KObject)).prune(obj);
      },
    };
    for (const k of Object.keys(this.strategy) as (keyof Strategy)[]) delete this.strategy[k];
    Object.defineProperties(this.strategy, Object.getOwnPropertyDescriptors(s));
  }
}

/**
 * The schema layer, loaded on demand (see ../modules.ts): the manager awaits
 * ready() before it serves a CRD.
 */
export const lazyCrdSchemas: CustomResourceSchemas & { ready(): Promise<void> } = {
  async ready() {
    await loadCrdModules();
  },
  forVersion: (crd, version) => crdModules().schemas.crdSchemas.forVersion(crd, version),
  openapi: (crd, version) => crdModules().schemas.crdSchemas.openapi!(crd, version),
  patchSchema: (crd, version) => crdModules().schemas.crdSchemas.patchSchema!(crd, version),
};
