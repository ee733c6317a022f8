// CertificateSigningRequest columns: AGE comes second, then SIGNERNAME,
// REQUESTOR, REQUESTEDDURATION and CONDITION "Approved,Issued".
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, humanDurationMs, int, nameOf, rec, recs, str } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.certificates.v1.CertificateSigningRequestSpec';

export function csrCondition(status: unknown): string {
  const st = rec(status);
  let approved = false;
  let denied = false;
  let failed = false;
  for (const c of recs(st.conditions)) {
    if (c.type === 'Approved') approved = true;
    else if (c.type === 'Denied') denied = true;
    else if (c.type === 'Failed') failed = true;
  }
  // Denied outranks Approved
  let text = denied ? 'Denied' : approved ? 'Approved' : 'Pending';
  if (failed) text += ',Failed';
  if (str(st.certificate) !== '') text += ',Issued';
  return text;
}

export const certificateSigningRequestTable: TableConvertor = {
  columns: [
    nameColumn,
    ageColumn,
    column('SignerName', 'string', specDef, 'signerName'),
    // upstream takes the REQUESTOR description from the request field
    column('Requestor', 'string', specDef, 'request'),
    column('RequestedDuration', 'string', specDef, 'expirationSeconds'),
    column('Condition', 'string', 'io.k8s.api.certificates.v1.CertificateSigningRequestStatus', 'conditions'),
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const duration = typeof spec.expirationSeconds === 'number' ? humanDurationMs(int(spec.expirationSeconds) * 1000) : '<none>';
    return [nameOf(obj), ageOf(obj, now), str(spec.signerName) || '<none>', str(spec.username), duration, csrCondition(obj.status)];
  },
};

export default certificateSigningRequestTable;
