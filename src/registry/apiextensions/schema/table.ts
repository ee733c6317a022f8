// Server-side table columns of custom resources: Name plus the version's
// additionalPrinterColumns (or Age when there are none), cells evaluated with
// JSONPath and typed like apiextensions' tableconvertor.
import type { TableConvertor } from '../../generic/strategy.js';
import type { TableColumnDefinition } from '../../generic/table.js';
import { humanDuration } from '../../generic/table.js';
import { fieldDescription } from '../../../api/schemaDocs.js';
import type { KObject } from '../../../machinery/objects.js';
import { JSONPath, JSONPathError, printValue } from './jsonpath.js';
import { type JSONObject, isInt64, isObj } from './util.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

function metaDescription(field: string): string {
  try {
    return fieldDescription(OBJECT_META, field);
  } catch {
    return '';
  }
}

type ColumnType = TableColumnDefinition['type'];

interface Column {
  def: TableColumnDefinition;
  path: JSONPath;
}

export interface CustomResourceTable extends TableConvertor {
  /** the column definition that failed to parse (upstream then serves the columns before it) */
  error?: string;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** the additionalPrinterColumns of a version, or the default Age column */
export function columnsForVersion(crd: JSONObject, version: string): JSONObject[] {
  const spec = isObj(crd.spec) ? crd.spec : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObj) : [];
  const v = versions.find((x) => x.name === version);
  const cols = v && Array.isArray(v.additionalPrinterColumns) ? v.additionalPrinterColumns.filter(isObj) : [];
  if (cols.length) return cols;
  return [{ name: 'Age', type: 'date', description: metaDescription('creationTimestamp'), jsonPath: '.metadata.creationTimestamp' }];
}

/** metav1.Time query-parameter parsing + ConvertToHumanReadableDateType */
function dateCell(v: string, now: Date): string {
  if (v === '' || v === 'null') return '<unknown>';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(v);
  const t = m ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) return '<invalid>';
  return humanDuration(now.getTime() - t);
}

function cellFor(type: string, value: unknown, now: Date): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      if (typeof value === 'number') return isInt64(value) ? value : Math.trunc(value);
      return null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      return typeof value === 'string' ? value : null;
    case 'date':
      return typeof value === 'string' ? dateCell(value, now) : null;
    default:
      return null;
  }
}

/** the table convertor of a custom resource version (tableconvertor.New over the served columns) */
export function printerColumnsFor(crd: JSONObject, version: string): CustomResourceTable {
  const nameDef: TableColumnDefinition = { name: 'Name', type: 'string', format: 'name', description: metaDescription('name'), priority: 0 };
  const columns: Column[] = [];
  let error: string | undefined;
  for (const c of columnsForVersion(crd, version)) {
    const jp = str(c.jsonPath);
    let path: JSONPath;
    try {
      path = new JSONPath(`{${jp}}`, { allowMissingKeys: true });
    } catch (e) {
      if (!(e instanceof JSONPathError)) throw e;
      error = `unrecognized column definition ${JSON.stringify(jp)}`;
      break;
    }
    columns.push({
      path,
      def: {
        name: str(c.name),
        type: str(c.type) as ColumnType,
        format: str(c.format),
        description: str(c.description) || `Custom resource definition column (in JSONPath format): ${jp}`,
        priority: typeof c.priority === 'number' ? c.priority : 0,
      },
    });
  }
  const table: CustomResourceTable = {
    columns: [nameDef, ...columns.map((c) => c.def)],
    cells(obj: KObject, now: Date): unknown[] {
      const cells: unknown[] = [obj.metadata?.name ?? ''];
      for (const c of columns) {
        let results: unknown[][];
        try {
          results = c.path.findResults(obj);
        } catch {
          cells.push(null);
          continue;
        }
        if (!results.length || !results[0].length) {
          cells.push(null);
          continue;
        }
        const value = results[0][0];
        if (c.def.type === 'string') cells.push(printValue(value));
        else cells.push(cellFor(c.def.type, value, now));
      }
      return cells;
    },
  };
  if (error) table.error = error;
  return table;
}

/** the values of a version's selectableFields for field selectors ("" when absent) */
export function selectableFieldValues(crd: JSONObject, version: string, obj: unknown): Record<string, string> {
  const spec = isObj(crd.spec) ? crd.spec : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObj) : [];
  const v = versions.find((x) => x.name === version);
  const out: Record<string, string> = {};
  for (const sf of v && Array.isArray(v.selectableFields) ? v.selectableFields.filter(isObj) : []) {
    const jp = str(sf.jsonPath);
    const name = jp.replace(/^\./, '');
    const path = new JSONPath(`{${jp}}`, { allowMissingKeys: true });
    const res = path.findResults(obj);
    let value: unknown;
    if (res.length && res[0].length) {
      if (res.length > 1 || res[0].length > 1) throw new Error('unexpectedly received more than one JSON path result');
      value = res[0][0];
    }
    out[name] = value === null || value === undefined ? '' : typeof value === 'number' ? printValue(value) : isObj(value) || Array.isArray(value) ? goSprint(value) : String(value);
  }
  return out;
}

/** fmt.Sprint of a map or slice value */
function goSprint(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (isObj(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goSprint(v[k])}`).join(' ')}]`;
  }
  if (v === null || v === undefined) return '<nil>';
  return printValue(v);
}
