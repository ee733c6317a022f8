// Access to the generated OpenAPI v2 definitions (field descriptions, patch
// metadata) loaded once from api-schemas/generated/openapi-v2.json.
import { readFileSync } from 'node:fs';
import { generatedPath } from './paths.js';

export interface SchemaDoc {
  definitions: Record<string, SchemaNode>;
  paths: Record<string, unknown>;
  [k: string]: unknown;
}

export interface SchemaNode {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  $ref?: string;
  required?: string[];
  [k: string]: unknown;
}

let v2: SchemaDoc | undefined;
let v2Text: string | undefined;

export function openapiV2Text(): string {
  if (!v2Text) v2Text = readFileSync(generatedPath('openapi-v2.json'), 'utf8');
  return v2Text;
}

export function openapiV2(): SchemaDoc {
  if (!v2) v2 = JSON.parse(openapiV2Text()) as SchemaDoc;
  return v2;
}

/** The description of a field of a definition, e.g. ('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'name'). */
export function fieldDescription(definition: string, field: string): string {
  return openapiV2().definitions[definition]?.properties?.[field]?.description ?? '';
}
