// IPAddress columns: PARENTREF "resource.group/namespace/name". Upstream
// defines no Age column here but still emits the age as a third cell; the
// row keeps that shape (kubectl ignores cells beyond the columns).
import type { TableConvertor } from '../../generic/strategy.js';
import { column, nameColumn } from '../../generic/table.js';
import { ageOf, nameOf, opt, rec, str } from '../../generic/tableHelpers.js';

export const ipAddressTable: TableConvertor = {
  columns: [nameColumn, column('ParentRef', 'string', 'io.k8s.api.networking.v1.IPAddressSpec', 'parentRef')],
  cells(obj, now) {
    const ref = opt(rec(obj.spec).parentRef);
    let parent = '<none>';
    if (ref) {
      const group = str(ref.group);
      const resource = str(ref.resource);
      parent = (group === '' ? resource : `${resource}.${group}`).toLowerCase();
      if (str(ref.namespace) !== '') parent += `/${str(ref.namespace)}`;
      parent += `/${str(ref.name)}`;
    }
    return [nameOf(obj), parent, ageOf(obj, now)];
  },
};

export default ipAddressTable;
