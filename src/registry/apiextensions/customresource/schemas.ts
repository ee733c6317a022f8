// The schema layer of custom resources: each served version's openAPIV3Schema
// gives defaulting, pruning (unknown fields), validation (OpenAPI value rules,
// embedded resources, list types, x-kubernetes-validations CEL rules, the scale
// paths), printer columns and the published OpenAPI definitions.
import type { FieldError } from '../../../machinery/errors.js';
import { validateCelRules } from '../../../machinery/cel/index.js';
import type { JSONSchemaProps as CelSchema } from '../../../machinery/cel/index.js';
import type { KObject } from '../../../machinery/objects.js';
import {
  applyDefaults,
  normalizeCustomResource,
  printerColumnsFor,
  publishOpenAPI,
  toPatchSchema,
  validateObject,
  validateScale,
  type JSONSchemaProps,
  type ScaleSubresource,
} from '../schema/index.js';
import type { PatchSchemaNode } from '../../../machinery/patch/index.js';
import { type O, isObj } from '../../shared/field.js';
import type { CRD, CustomResourceSchemas, PublishedOpenApi, VersionSchema } from './strategy.js';

type JSONObject = Record<string, unknown>;

function versionEntry(crd: CRD, version: string): O | undefined {
  return ((crd.spec.versions ?? []) as O[]).find((v) => v.name === version);
}

export function schemaOf(crd: CRD, version: string): JSONSchemaProps | undefined {
  const v = versionEntry(crd, version);
  const s = v?.schema?.openAPIV3Schema ?? (crd.spec.validation as O | undefined)?.openAPIV3Schema;
  return isObj(s) ? (s as JSONSchemaProps) : undefined;
}

/** the managedFields / merge schema of a served version */
export function patchSchemaOf(crd: CRD, version: string): PatchSchemaNode {
  return toPatchSchema(schemaOf(crd, version));
}

class Version implements VersionSchema {
  private readonly schema?: JSONSchemaProps;
  private readonly scale?: ScaleSubresource;
  private readonly hasStatus: boolean;
  readonly table;

  constructor(
    private readonly crd: CRD,
    version: string,
  ) {
    this.schema = schemaOf(crd, version);
    const sub = (versionEntry(crd, version)?.subresources ?? {}) as O;
    this.hasStatus = isObj(sub.status);
    this.scale = isObj(sub.scale) ? (sub.scale as ScaleSubresource) : undefined;
    this.table = printerColumnsFor(crd as JSONObject, version);
  }

  defaults(obj: KObject): void {
    applyDefaults(obj, this.schema);
  }

  prune(obj: KObject): string[] {
    const r = normalizeCustomResource(obj as JSONObject, this.schema, { dropInvalidMetadata: true });
    return r.unknownFields;
  }

  private cel(schema: JSONSchemaProps | undefined, obj: unknown, old: unknown, path: string, root: boolean): FieldError[] {
    return schema ? validateCelRules(schema as CelSchema, obj, old, path, root) : [];
  }

  validate(obj: KObject, old: KObject | undefined): FieldError[] {
    const errs: FieldError[] = [];
    if (this.schema) {
      errs.push(...validateObject(this.schema, obj, undefined, old ? { old } : {}));
      errs.push(...this.cel(this.schema, obj, old, '', true));
    }
    // without a status subresource the status paths are written with the main resource
    if (this.scale) errs.push(...validateScale(obj, this.scale, { spec: true, status: !this.hasStatus }));
    return errs;
  }

  validateStatus(obj: KObject, old: KObject): FieldError[] {
    const errs: FieldError[] = [];
    const statusSchema = (this.schema as O | undefined)?.properties?.status as JSONSchemaProps | undefined;
    if (statusSchema) {
      errs.push(...validateObject(statusSchema, obj.status, 'status', old.status !== undefined ? { old: old.status } : {}));
      errs.push(...this.cel(statusSchema, obj.status, old.status, 'status', false));
    }
    if (this.scale) errs.push(...validateScale(obj, this.scale, { spec: false, status: true }));
    return errs;
  }
}

export const crdSchemas: CustomResourceSchemas = {
  forVersion(crd: CRD, version: string): VersionSchema {
    return new Version(crd, version);
  },
  openapi(crd: CRD, version: string): PublishedOpenApi {
    const p = publishOpenAPI(crd as JSONObject, version);
    return { kindName: p.kindName, listName: p.listName, v3Schemas: p.v3, v2Definitions: p.v2 };
  },
  patchSchema(crd: CRD, version: string): PatchSchemaNode {
    return patchSchemaOf(crd, version);
  },
};
