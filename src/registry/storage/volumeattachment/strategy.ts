// VolumeAttachments, after pkg/registry/storage/volumeattachment and the
// storage validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, specOf, statusOf } from '../../shared/define.js';
import { validateCSIDriverName } from '../csinode/strategy.js';
import { type Errs, type O, forbidden, inclusiveRangeError, invalid, isDNS1123Subdomain, isObj, mapOf, required, semanticEqual, sortedDeep, str, tooLong, fieldImmutableErrorMsg } from '../../shared/field.js';

function validateStatus(st: O): Errs {
  const errs: Errs = [];
  let size = 0;
  for (const [k, v] of Object.entries(mapOf(st.attachmentMetadata))) size += k.length + str(v).length;
  if (size > 256 * 1024) errs.push(tooLong('status.attachmentMetadata', 256 * 1024));
  for (const f of ['attachError', 'detachError']) {
    const e = st[f];
    if (!isObj(e)) continue;
    if (str(e.message).length > 1024) errs.push(tooLong(`status.${f}.message`, 256 * 1024));
    if (typeof e.errorCode === 'number' && e.errorCode < 0) errs.push(invalid(`status.${f}.errorCode`, e.errorCode, inclusiveRangeError(0, 2147483647)));
  }
  return errs;
}

function validate(obj: KObject): Errs {
  const errs: Errs = [];
  const spec = specOf(obj);
  if (!str(spec.attacher)) errs.push(required('spec.attacher'));
  const src: O = isObj(spec.source) ? spec.source : {};
  const hasInline = isObj(src.inlineVolumeSpec);
  const hasPV = src.persistentVolumeName !== undefined && src.persistentVolumeName !== null;
  if (!hasInline && !hasPV) errs.push(required('spec.source', 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  else if (hasInline && hasPV) errs.push(forbidden('spec.source', 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  else if (hasPV && !str(src.persistentVolumeName)) errs.push(required('spec.source.persistentVolumeName', 'must specify non empty persistentVolumeName'));
  for (const m of isDNS1123Subdomain(str(spec.nodeName))) errs.push(invalid('spec.nodeName', str(spec.nodeName), m));
  errs.push(...validateStatus(statusOf(obj)));
  // the v1 checks
  errs.push(...validateCSIDriverName(str(spec.attacher), 'spec.attacher').filter((e) => e.type !== 'FieldValueRequired'));
  if (hasPV && str(src.persistentVolumeName))
    for (const m of isDNS1123Subdomain(str(src.persistentVolumeName))) errs.push(invalid('spec.source.persistentVolumeName', src.persistentVolumeName, m));
  return errs;
}

export const volumeAttachmentStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  hasStatus: true,
  allowUnconditionalUpdate: false,
  returnDeletedObject: true,
  prepareForCreate(obj) {
    obj.status = { attached: false };
  },
  validate,
  validateUpdate(obj, old) {
    const errs = validate(obj);
    if (!semanticEqual(specOf(obj), specOf(old))) errs.push(invalid('spec', sortedDeep(specOf(obj)), fieldImmutableErrorMsg));
    return errs;
  },
  validateStatusUpdate: (obj) => validate(obj),
});
