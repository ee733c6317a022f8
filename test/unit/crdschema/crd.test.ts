// CustomResourceDefinition validation. Expected messages follow
// apiextensions-apiserver pkg/apis/apiextensions/validation/validation_test.go
// (TestValidateCustomResourceDefinition, ...Update, ...Validation,
// TestSelectableFields, ...StoredVersions) and
// pkg/apiserver/schema/validation_test.go (structural schemas); paths are the
// ones a v1 CRD produces after conversion (identical per-version fields are
// hoisted to spec.validation, spec.subresources, spec.additionalPrinterColumns).
import assert from 'node:assert/strict';
import { fieldErrorMessage } from '../../../src/machinery/errors.js';
import { crdWarnings, validateCRD, type CompileRule, type JSONSchemaProps } from '../../../src/registry/apiextensions/schema/index.js';

type O = Record<string, unknown>;

const defaultSchema: JSONSchemaProps = { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } }, status: { type: 'object' } } };

function crd(specOver: O = {}, versionOver: O = {}, extra: O = {}): O {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList' },
      conversion: { strategy: 'None' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: defaultSchema }, ...versionOver }],
      ...specOver,
    },
    status: { storedVersions: ['v1'] },
    ...extra,
  };
}

const withSchema = (s: JSONSchemaProps, over: O = {}): O => crd({}, { schema: { openAPIV3Schema: s }, ...over });
const messages = (c: O, old?: O, compileRule?: CompileRule): string[] => validateCRD(c, old, { compileRule }).map(fieldErrorMessage);

const dns1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const V = 'spec.validation.openAPIV3Schema';

describe('crdschema: validateCRD basics (apis/apiextensions/validation/validation_test.go)', () => {
  it('accepts a well-formed CRD', () => {
    assert.deepEqual(messages(crd()), []);
  });

  it('group, scope and names', () => {
    assert.deepEqual(messages(crd({ group: 'example', scope: 'Other' })), [
      'metadata.name: Invalid value: "crontabs.stable.example.com": must be spec.names.plural+"."+spec.group',
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
      'spec.scope: Unsupported value: "Other": supported values: "Cluster", "Namespaced"',
    ]);
    assert.deepEqual(messages(crd({ group: '', scope: '' }, {}, { metadata: {} })), ['spec.group: Required value', 'spec.scope: Required value']);
    assert.deepEqual(
      messages(crd({ names: { plural: 'CronTabs', singular: '', kind: 'Cron_Tab', listKind: 'Cron_Tab', shortNames: ['ct', 'C T'], categories: ['all', '1x'] } }, {}, { metadata: { name: 'CronTabs.stable.example.com' } })),
      [
        'spec.names.singular: Required value',
        `spec.names.plural: Invalid value: "CronTabs": ${dns1035}`,
        `spec.names.kind: Invalid value: "Cron_Tab": may have mixed case, but should otherwise match: ${dns1035}`,
        `spec.names.listKind: Invalid value: "Cron_Tab": may have mixed case, but should otherwise match: ${dns1035}`,
        `spec.names.shortNames[1]: Invalid value: "C T": ${dns1035}`,
        'spec.names.listKind: Invalid value: "Cron_Tab": kind and listKind may not be the same',
        `spec.names.categories[1]: Invalid value: "1x": ${dns1035}`,
      ],
    );
  });

  it('versions: names, storage, uniqueness, schema required', () => {
    const two = (a: O, b: O): O => crd({ versions: [a, b] }, {}, { status: { storedVersions: ['v1'] } });
    const v = (name: string, storage: boolean, schema = true): O => ({ name, served: true, storage, ...(schema ? { schema: { openAPIV3Schema: defaultSchema } } : {}) });
    assert.deepEqual(messages(two(v('v1', true), v('v1', true))), [
      'spec.versions: Invalid value: [{"Name":"v1","Served":true,"Storage":true,"Deprecated":false,"DeprecationWarning":null,"Schema":null,"Subresources":null,"AdditionalPrinterColumns":null,"SelectableFields":null},{"Name":"v1","Served":true,"Storage":true,"Deprecated":false,"DeprecationWarning":null,"Schema":null,"Subresources":null,"AdditionalPrinterColumns":null,"SelectableFields":null}]: must contain unique version names',
      'spec.versions: Invalid value: [{"Name":"v1","Served":true,"Storage":true,"Deprecated":false,"DeprecationWarning":null,"Schema":null,"Subresources":null,"AdditionalPrinterColumns":null,"SelectableFields":null},{"Name":"v1","Served":true,"Storage":true,"Deprecated":false,"DeprecationWarning":null,"Schema":null,"Subresources":null,"AdditionalPrinterColumns":null,"SelectableFields":null}]: must have exactly one version marked as storage version',
      // the second v1 no longer finds itself among the stored versions
      'status.storedVersions: Invalid value: ["v1"]: must have the storage version v1',
    ]);
    assert.deepEqual(messages(two(v('V1', true), v('v2', false, false))), [
      'spec.versions[1].schema.openAPIV3Schema: Required value',
      `spec.versions[0].name: Invalid value: "V1": ${dns1035}`,
      `spec.version: Invalid value: "V1": ${dns1035}`,
      'status.storedVersions: Invalid value: ["v1"]: must have the storage version V1',
      'status.storedVersions[0]: Invalid value: "v1": missing from spec.versions; v1 was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in v1 and removes v1 from status.storedVersions',
    ]);
  });

  it('different per-version schemas are validated at spec.versions[i].schema', () => {
    const bad = { type: 'object', properties: { spec: {} } };
    const c = crd({ versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: defaultSchema } }, { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: bad } }] });
    assert.deepEqual(messages(c), ['spec.versions[1].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields']);
  });

  it('deprecation warnings', () => {
    assert.deepEqual(messages(crd({}, { deprecationWarning: 'x' })), ['spec.versions[0].deprecationWarning: Invalid value: "x": can only be set for deprecated versions']);
    assert.deepEqual(messages(crd({}, { deprecated: true, deprecationWarning: 'a\tb' })), [
      'spec.versions[0].deprecationWarning: Invalid value: "a\\tb": must only contain printable UTF-8 characters; non-printable character found at index 1',
    ]);
  });

  it('printer columns', () => {
    assert.deepEqual(
      messages(crd({}, { additionalPrinterColumns: [{ name: '', type: '', jsonPath: '' }, { name: 'x', type: 'foo', format: 'bar', jsonPath: 'spec.x' }] })),
      [
        'spec.additionalPrinterColumns[0].name: Required value',
        'spec.additionalPrinterColumns[0].type: Required value: must be one of boolean,date,integer,number,string',
        'spec.additionalPrinterColumns[0].JSONPath: Required value',
        'spec.additionalPrinterColumns[1].type: Invalid value: "foo": must be one of boolean,date,integer,number,string',
        'spec.additionalPrinterColumns[1].format: Invalid value: "bar": must be one of byte,date,date-time,double,float,int32,int64,password',
        'spec.additionalPrinterColumns[1].JSONPath: Invalid value: "spec.x": must be a simple json path starting with .',
      ],
    );
  });

  it('scale subresource paths', () => {
    assert.deepEqual(messages(crd({}, { subresources: { scale: { specReplicasPath: '.status.x', statusReplicasPath: '', labelSelectorPath: '.metadata.x' } } })), [
      'spec.subresources.scale.specReplicasPath: Invalid value: ".status.x": should be a json path under .spec',
      'spec.subresources.scale.statusReplicasPath: Required value',
      'spec.subresources.scale.labelSelectorPath: Invalid value: ".metadata.x": should be a json path under either .spec or .status',
    ]);
  });

  it('conversion', () => {
    assert.deepEqual(messages(crd({ conversion: { strategy: 'Webhook' } })), [
      'spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook',
      'spec.conversion.conversionReviewVersions: Required value',
    ]);
    assert.deepEqual(
      messages(crd({ conversion: { strategy: 'Webhook', webhook: { clientConfig: { url: 'http://a/b?c=d#e' }, conversionReviewVersions: ['v2', 'v2'] } } })),
      [
        "spec.conversion.webhookClientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]",
        'spec.conversion.webhookClientConfig.url: Invalid value: "e": fragments are not permitted in the URL',
        'spec.conversion.webhookClientConfig.url: Invalid value: "c=d": query parameters are not permitted in the URL',
        'spec.conversion.conversionReviewVersions[1]: Invalid value: "v2": duplicate version',
        'spec.conversion.conversionReviewVersions: Invalid value: ["v2","v2"]: must include at least one of v1, v1beta1',
      ],
    );
    assert.deepEqual(messages(crd({ conversion: { strategy: 'None', webhook: { clientConfig: { url: 'https://a' }, conversionReviewVersions: ['v1'] } } })), [
      'spec.conversion.webhookClientConfig: Forbidden: should not be set when strategy is not set to Webhook',
      'spec.conversion.conversionReviewVersions: Forbidden: should not be set when strategy is not set to Webhook',
    ]);
    assert.deepEqual(messages(crd({ conversion: { strategy: 'Webhook', webhook: { clientConfig: { service: { name: '', namespace: 'ns', path: 'x' } }, conversionReviewVersions: ['v1'] } } })), [
      'spec.conversion.webhookClientConfig.service.name: Required value',
      "spec.conversion.webhookClientConfig.service.path: Invalid value: \"x\": must start with a '/'",
      'spec.conversion.webhookClientConfig.service.path: Invalid value: "x": segment[0] may not be empty',
    ]);
  });

  it('stored versions and preserveUnknownFields', () => {
    assert.deepEqual(messages(crd({}, {}, { status: { storedVersions: [] } })), ['status.storedVersions: Invalid value: []: must have at least one stored version']);
    assert.deepEqual(messages(crd({}, {}, { status: {} })), ['status.storedVersions: Invalid value: null: must have at least one stored version']);
    assert.deepEqual(
      messages(crd({ versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: defaultSchema } }, { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: defaultSchema } }] }, {}, { status: { storedVersions: ['v2'] } })),
      ['status.storedVersions: Invalid value: ["v2"]: must have the storage version v1'],
    );
    assert.deepEqual(messages(crd({ preserveUnknownFields: true })), [
      'spec.preserveUnknownFields: Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
    ]);
  });

  it('API approval for protected groups', () => {
    const c = crd({ group: 'foo.k8s.io' }, {}, { metadata: { name: 'crontabs.foo.k8s.io' } });
    assert.deepEqual(messages(c), [
      'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
    ]);
    assert.deepEqual(messages({ ...c, metadata: { name: 'crontabs.foo.k8s.io', annotations: { 'api-approved.kubernetes.io': 'unapproved, testing' } } }), []);
  });
});

describe('crdschema: schema rules (apis/apiextensions/validation + schema/validation_test.go)', () => {
  const cases: [string, JSONSchemaProps, string[], O?][] = [
    ['missing type of a property', { type: 'object', properties: { a: { properties: { b: { type: 'string' } } } } }, [`${V}.properties[a].type: Required value: must not be empty for specified object fields`]],
    ['array without items', { type: 'object', properties: { a: { type: 'array' } } }, [`${V}.properties[a].items: Required value: must be specified`]],
    ['root must be an object', { type: 'string' }, [`${V}.type: Invalid value: "string": must be object at the root`]],
    ['invalid type', { type: 'object', properties: { a: { type: 'bug' } } }, [`${V}.properties[a].type: Unsupported value: "bug": supported values: "array", "boolean", "integer", "number", "object", "string"`]],
    [
      'unsupported keywords',
      { type: 'object', properties: { a: { type: 'object', $ref: '#/x', additionalItems: false, uniqueItems: true, id: 'x' } } },
      [
        `${V}.properties[a].id: Forbidden: id is not supported`,
        `${V}.properties[a].additionalItems: Forbidden: additionalItems is not supported`,
        `${V}.properties[a].$ref: Forbidden: $ref is not supported`,
        `${V}.properties[a].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
      ],
    ],
    [
      'properties and additionalProperties are exclusive; none at the root',
      { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } }, additionalProperties: { type: 'string' } } } },
      [`${V}.properties[a].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`],
    ],
    ['additionalProperties at the root', { type: 'object', additionalProperties: { type: 'string' } }, [`${V}.additionalProperties: Forbidden: must not be used at the root`]],
    [
      'metadata may only restrict name and generateName',
      { type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10 }, labels: { type: 'object' } } } } },
      [`${V}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`],
    ],
    ['metadata name restriction is fine', { type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10 } } } } }, []],
    [
      'value validations may not introduce structure',
      { type: 'object', properties: { a: { type: 'string', anyOf: [{ type: 'string' }, { properties: { x: { type: 'string' } } }] } } },
      [
        `${V}.properties[a].anyOf[0].type: Forbidden: must be empty to be structural`,
        `${V}.properties[a].anyOf[1].properties[x].type: Forbidden: must be empty to be structural`,
      ],
    ],
    [
      'root value validations must not mention unknown properties',
      { type: 'object', properties: { a: { type: 'string' } }, anyOf: [{ properties: { x: {} } }] },
      [`${V}.properties[x]: Required value: because it is defined in ${V}.anyOf[0].properties[x]`],
    ],
    ['x-kubernetes-int-or-string needs no type', { type: 'object', properties: { a: { 'x-kubernetes-int-or-string': true } } }, []],
    [
      'x-kubernetes-embedded-resource requires an object with properties',
      { type: 'object', properties: { a: { 'x-kubernetes-embedded-resource': true, type: 'string' }, b: { type: 'object', 'x-kubernetes-embedded-resource': true } } },
      [
        `${V}.properties[a].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
        `${V}.properties[a].type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true`,
        `${V}.properties[b].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
      ],
    ],
    [
      'list types',
      {
        type: 'object',
        properties: {
          a: { type: 'object', 'x-kubernetes-list-type': 'set' },
          b: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'bag' },
          c: { type: 'array', items: { type: 'object', properties: { k: { type: 'string' } } }, 'x-kubernetes-list-type': 'map' },
          d: {
            type: 'array',
            items: { type: 'object', properties: { k: { type: 'object' }, n: { type: 'string', nullable: true, default: 'x' } } },
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['k', 'n', 'z'],
          },
          e: { type: 'array', items: { type: 'object', properties: { k: { type: 'string' } } }, 'x-kubernetes-list-type': 'set' },
          f: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-map-keys': ['k'] },
        },
      },
      [
        `${V}.properties[a].type: Invalid value: "object": must be array if x-kubernetes-list-type is specified`,
        `${V}.properties[b].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"`,
        `${V}.properties[c].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`,
        `${V}.properties[d].items.properties[k].type: Invalid value: "object": must be a scalar type if parent array's x-kubernetes-list-type is map`,
        `${V}.properties[d].x-kubernetes-list-map-keys: Invalid value: ["k","n","z"]: entries must all be names of item properties`,
        `${V}.properties[d].items.properties[k].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
        `${V}.properties[d].items.properties[n].nullable: Forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be nullable`,
        `${V}.properties[e].items.x-kubernetes-map-type: Invalid value: null: must be atomic as item of a list with x-kubernetes-list-type=set`,
        `${V}.properties[f].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty`,
      ],
    ],
    ['map type', { type: 'object', properties: { a: { type: 'string', 'x-kubernetes-map-type': 'grain' } } }, [
      `${V}.properties[a].type: Invalid value: "string": must be object if x-kubernetes-map-type is specified`,
      `${V}.properties[a].x-kubernetes-map-type: Unsupported value: "grain": supported values: "atomic", "granular"`,
    ]],
    ['nullable root', { type: 'object', nullable: true }, [`${V}.nullable: Forbidden: nullable cannot be true at the root`]],
    ['invalid pattern', { type: 'object', properties: { a: { type: 'string', pattern: '(?=x)' } } }, [
      `${V}.properties[a].pattern: Invalid value: "(?=x)": must be a valid regular expression, but isn't: error parsing regexp: invalid or unsupported Perl syntax: \`(?=\``,
    ]],
    [
      'defaults must validate',
      { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'integer', default: 'x' }, b: { type: 'string', maxLength: 1, default: 'abc' } } } } },
      [
        `${V}.properties[spec].properties[a].default: Invalid value: "string": ${V}.properties[spec].properties[a].default in body must be of type integer: "string"`.replace(
          `${V}.properties[spec].properties[a].default in body`,
          ' in body',
        ),
        `${V}.properties[spec].properties[b].default: Too long: may not be more than 1 byte`,
      ],
    ],
    [
      'defaults must be pruned',
      { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'object', properties: { x: { type: 'string' } }, default: { x: 'a', y: 'b' } } } } } },
      [`${V}.properties[spec].properties[a].default: Invalid value: {"x":"a","y":"b"}: must not have unknown fields`],
    ],
    ['no defaults in top-level metadata', { type: 'object', properties: { metadata: { type: 'object', default: {} } } }, [
      `${V}.properties[metadata].default: Forbidden: must not be set in top-level metadata`,
    ]],
    [
      'status subresource restricts the root',
      { type: 'object', properties: { spec: { type: 'object' } }, anyOf: [{ required: ['spec'] }] },
      [
        `${V}: Invalid value: {"ID":"","Schema":"","Ref":null,"Description":"","Type":"object","Nullable":false,"Format":"","Title":"","Default":null,"Maximum":null,"ExclusiveMaximum":false,"Minimum":null,"ExclusiveMinimum":false,"MaxLength":null,"MinLength":null,"Pattern":"","MaxItems":null,"MinItems":null,"UniqueItems":false,"MultipleOf":null,"Enum":null,"MaxProperties":null,"MinProperties":null,"Required":null,"Items":null,"AllOf":null,"OneOf":null,"AnyOf":[{"ID":"","Schema":"","Ref":null,"Description":"","Type":"","Nullable":false,"Format":"","Title":"","Default":null,"Maximum":null,"ExclusiveMaximum":false,"Minimum":null,"ExclusiveMinimum":false,"MaxLength":null,"MinLength":null,"Pattern":"","MaxItems":null,"MinItems":null,"UniqueItems":false,"MultipleOf":null,"Enum":null,"MaxProperties":null,"MinProperties":null,"Required":["spec"],"Items":null,"AllOf":null,"OneOf":null,"AnyOf":null,"Not":null,"Properties":null,"AdditionalProperties":null,"PatternProperties":null,"Dependencies":null,"AdditionalItems":null,"Definitions":null,"ExternalDocs":null,"Example":null,"XPreserveUnknownFields":null,"XEmbeddedResource":false,"XIntOrString":false,"XListMapKeys":null,"XListType":null,"XMapType":null,"XValidations":null}],"Not":null,"Properties":{"spec":{"ID":"","Schema":"","Ref":null,"Description":"","Type":"object","Nullable":false,"Format":"","Title":"","Default":null,"Maximum":null,"ExclusiveMaximum":false,"Minimum":null,"ExclusiveMinimum":false,"MaxLength":null,"MinLength":null,"Pattern":"","MaxItems":null,"MinItems":null,"UniqueItems":false,"MultipleOf":null,"Enum":null,"MaxProperties":null,"MinProperties":null,"Required":null,"Items":null,"AllOf":null,"OneOf":null,"AnyOf":null,"Not":null,"Properties":null,"AdditionalProperties":null,"PatternProperties":null,"Dependencies":null,"AdditionalItems":null,"Definitions":null,"ExternalDocs":null,"Example":null,"XPreserveUnknownFields":null,"XEmbeddedResource":false,"XIntOrString":false,"XListMapKeys":null,"XListType":null,"XMapType":null,"XValidations":null}},"AdditionalProperties":null,"PatternProperties":null,"Dependencies":null,"AdditionalItems":null,"Definitions":null,"ExternalDocs":null,"Example":null,"XPreserveUnknownFields":null,"XEmbeddedResource":false,"XIntOrString":false,"XListMapKeys":null,"XListType":null,"XMapType":null,"XValidations":null}: only [Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations] fields are allowed at the root of the schema if the status subresource is enabled`,
      ],
      { subresources: { status: {} } },
    ],
    [
      'x-kubernetes-validations shape',
      { type: 'object', 'x-kubernetes-validations': [{ rule: ' ' }, { rule: 'self.a\n|| true' }, { rule: 'true', message: 'a\nb', reason: 'Nope', fieldPath: '.nope' }] },
      [
        `${V}.x-kubernetes-validations[0].rule: Required value: rule is not specified`,
        `${V}.x-kubernetes-validations[1].message: Required value: message must be specified if rule contains line breaks`,
        `${V}.x-kubernetes-validations[2].message: Invalid value: "a\\nb": must not contain line breaks`,
        `${V}.x-kubernetes-validations[2].reason: Unsupported value: "Nope": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"`,
        `${V}.x-kubernetes-validations[2].fieldPath: Invalid value: ".nope": must be a valid path`,
      ],
    ],
  ];
  for (const [name, schema, want, over] of cases) {
    it(name, () => {
      assert.deepEqual(messages(withSchema(schema, over)), want);
    });
  }

  it('x-kubernetes-validations compile through the CEL hook', () => {
    const schema = { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { a: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] } } } }, 'x-kubernetes-validations': [{ rule: 'bad(' }, { rule: 'true', optionalOldSelf: true }] };
    const compileRule: CompileRule = ({ rule }) => (rule === 'bad(' ? { error: 'compilation failed: ERROR: <input>:1:5: Syntax error' } : { usesOldSelf: rule.includes('oldSelf') });
    assert.deepEqual(messages(withSchema(schema), undefined, compileRule), [
      `${V}.properties[spec].properties[a].x-kubernetes-validations[0].rule: Invalid value: "self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema within ${V}.properties[spec]`,
      `${V}.x-kubernetes-validations[0].rule: Invalid value: {"Rule":"bad(","Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null}: compilation failed: ERROR: <input>:1:5: Syntax error`,
      `${V}.x-kubernetes-validations[1].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule`,
    ]);
  });

  it('selectable fields', () => {
    const schema = { type: 'object', properties: { spec: { type: 'object', properties: { s: { type: 'string' }, o: { type: 'object' }, m: { type: 'object', additionalProperties: { type: 'string' } } } } } };
    assert.deepEqual(
      messages(withSchema(schema, { selectableFields: [{ jsonPath: '.spec.s' }, { jsonPath: '.spec.o' }, { jsonPath: '.spec.x' }, { jsonPath: '.spec.s' }, { jsonPath: '' }, { jsonPath: ".spec.m['a']" }, { jsonPath: '.metadata.name' }] })),
      [
        'spec.selectableFields[1].jsonPath: Invalid value: ".spec.o": must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.',
        'spec.selectableFields[2].jsonPath: Invalid value: ".spec.x": is an invalid path: does not refer to a valid field',
        'spec.selectableFields[3].jsonPath: Duplicate value: ".spec.s"',
        'spec.selectableFields[4].jsonPath: Required value',
        'spec.selectableFields[5].jsonPath: Invalid value: ".spec.m[\'a\']": is an invalid path: array notation is not allowed',
        'spec.selectableFields[6].jsonPath: Invalid value: ".metadata.name": is an invalid path: does not refer to a valid field',
      ],
    );
  });
});

describe('crdschema: validateCRD on update (TestValidateCustomResourceDefinitionUpdate)', () => {
  const established = (c: O): O => ({ ...c, status: { ...(c.status as O), conditions: [{ type: 'Established', status: 'True' }] } });
  it('group and plural are immutable; scope and kind once established', () => {
    const old = established(crd());
    const changed = crd({ scope: 'Cluster', group: 'other.example.com', names: { plural: 'crons', singular: 'crontab', kind: 'Cron', listKind: 'CronList' } });
    assert.deepEqual(messages(changed, old), [
      'spec.scope: Invalid value: "Cluster": field is immutable',
      'spec.names.kind: Invalid value: "Cron": field is immutable',
      'spec.group: Invalid value: "other.example.com": field is immutable',
      'spec.names.plural: Invalid value: "crons": field is immutable',
    ]);
    assert.deepEqual(messages(crd({ scope: 'Cluster' }), crd()), []);
  });

  it('ratchets rules the old object already broke', () => {
    // v1 CRDs always need structural schemas, even on update
    const nonStructural = { type: 'object', properties: { a: { properties: { b: { type: 'string' } } } } };
    assert.deepEqual(messages(withSchema(nonStructural), withSchema(nonStructural)), [`${V}.properties[a].type: Required value: must not be empty for specified object fields`]);
    const badType = { type: 'object', properties: { a: { type: 'bug' } } };
    assert.deepEqual(messages(withSchema(badType), withSchema(badType)), []);
    assert.deepEqual(messages(withSchema(badType), crd()), [`${V}.properties[a].type: Unsupported value: "bug": supported values: "array", "boolean", "integer", "number", "object", "string"`]);
    const mapKeyWithoutDefault = {
      type: 'object',
      properties: { l: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'], items: { type: 'object', properties: { k: { type: 'string' } } } } },
    };
    assert.deepEqual(messages(withSchema(mapKeyWithoutDefault), withSchema(mapKeyWithoutDefault)), []);
    assert.deepEqual(messages(withSchema(mapKeyWithoutDefault), crd()), [
      `${V}.properties[l].items.properties[k].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
    ]);
  });
});

describe('crdschema: crdWarnings (registry/customresourcedefinition/strategy.go)', () => {
  it('warns about newly introduced unrecognized string formats', () => {
    const s = { type: 'object', properties: { a: { type: 'string', format: 'int32' }, b: { type: 'string', format: 'date-time' }, c: { type: 'integer', format: 'int64' } } };
    assert.deepEqual(crdWarnings(withSchema(s)), ['unrecognized format "int32"']);
    assert.deepEqual(crdWarnings(withSchema(s), withSchema(s)), []);
  });
});
