// PodTemplate columns: the template's containers, images and pod labels.
import type { TableConvertor } from '../../generic/strategy.js';
import { column, nameColumn } from '../../generic/table.js';
import { containerCells, containersColumn, formatLabels, imagesColumn, nameOf, rec } from '../../generic/tableHelpers.js';

export const podTemplateTable: TableConvertor = {
  columns: [
    nameColumn,
    containersColumn(0),
    imagesColumn(0),
    column('Pod Labels', 'string', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'labels'),
  ],
  cells(obj) {
    const template = rec(obj.template);
    const [names, images] = containerCells(template.spec);
    return [nameOf(obj), names, images, formatLabels(rec(template.metadata).labels)];
  },
};

export default podTemplateTable;
