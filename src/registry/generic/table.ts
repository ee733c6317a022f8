// meta.k8s.io/v1 Table: the server-side printing kubectl asks for with
// Accept: application/json;as=Table;v=v1;g=meta.k8s.io
import type { KObject } from '../../machinery/objects.js';
import { fieldDescription } from '../../api/schemaDocs.js';

export interface TableColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

export interface TableRow {
  cells: unknown[];
  object?: KObject | { kind: string; apiVersion: string; metadata: unknown };
  conditions?: unknown[];
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** Human-readable age as kubectl prints it (duration.HumanDuration). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** The AGE cell: time since metadata.creationTimestamp. */
export function age(obj: KObject, now: Date): string {
  const ts = obj.metadata?.creationTimestamp;
  if (!ts) return '<unknown>';
  return humanDuration(now.getTime() - Date.parse(ts));
}

const objectMeta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** A column whose description is the OpenAPI description of a field. */
export function column(name: string, type: TableColumnDefinition['type'], definition: string, field: string, opts: { format?: string; priority?: number } = {}): TableColumnDefinition {
  let description: string | undefined;
  return {
    name,
    type,
    format: opts.format ?? '',
    get description() {
      if (description === undefined) description = fieldDescription(definition, field);
      return description;
    },
    priority: opts.priority ?? 0,
  } as TableColumnDefinition;
}

export const nameColumn = column('Name', 'string', objectMeta, 'name', { format: 'name' });
export const ageColumn = column('Age', 'string', objectMeta, 'creationTimestamp');

/** The default table: Name and Created At, as the generic server prints resources without their own columns. */
export const defaultTableColumns: TableColumnDefinition[] = [nameColumn, column('Created At', 'date', objectMeta, 'creationTimestamp')];
