// CEL for CustomResourceDefinition x-kubernetes-validations.
export { compile, evaluate, formatIssue, PER_CALL_LIMIT, type CelProgram, type CompileEnv, type EvalResult } from './program.js';
export { validateCelRules, validateSchemaRules, normalizeFieldPath, RUNTIME_COST_BUDGET } from './validate.js';
export { escapeName, jsonToCel, schemaType, type JSONSchemaProps, type ValidationRule } from './schema.js';
export { celToJson } from './convert.js';
export type { CelType } from './types.js';
export type { CelValue } from './values.js';
