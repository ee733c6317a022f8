// MutatingWebhookConfiguration columns: the number of WEBHOOKS.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, arr, nameOf } from '../../generic/tableHelpers.js';

export const mutatingWebhookConfigurationTable: TableConvertor = {
  columns: [nameColumn, column('Webhooks', 'integer', 'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration', 'webhooks'), ageColumn],
  cells(obj, now) {
    return [nameOf(obj), arr(obj.webhooks).length, ageOf(obj, now)];
  },
};

export default mutatingWebhookConfigurationTable;
