// Duplicate keys in a JSON text. JSON.parse keeps the last value silently;
// kube-apiserver's strict decoder reports each repeated key as
// `duplicate field "<path>"` (fieldValidation Strict fails, Warn warns), with
// paths written as spec.template.spec.containers[0].name.
//
// A single pass over the text with a small stack; the text is known to be
// valid JSON (it was parsed already), so the scanner does not validate.

interface Frame {
  /** object: keys seen; array: undefined */
  keys?: Set<string>;
  /** path of this container */
  path: string;
  /** next array index */
  index: number;
  /** key whose value comes next (objects) */
  pendingKey?: string;
}

function childPath(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

/** Paths of repeated keys, in the order they appear; empty when the text has none. */
export function duplicateFields(text: string): string[] {
  const out: string[] = [];
  const stack: Frame[] = [];
  let expectKey = false;
  const n = text.length;
  let i = 0;
  // where the value that starts now lives
  const valuePath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.keys) return childPath(top.path, top.pendingKey ?? '');
    return `${top.path}[${top.index}]`;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // read a string
      let j = i + 1;
      let s = '';
      let start = j;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c /* \ */) {
          s += text.slice(start, j);
          const raw = text.slice(j, j + 2);
          if (raw === '\\u') {
            s += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
            j += 6;
          } else {
            s += JSON.parse(`"${raw}"`) as string;
            j += 2;
          }
          start = j;
          continue;
        }
        if (d === 0x22) break;
        j++;
      }
      s += text.slice(start, j);
      i = j + 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        if (top.keys.has(s)) out.push(childPath(top.path, s));
        else top.keys.add(s);
        top.pendingKey = s;
        expectKey = false;
      }
      continue;
    }
    if (c === 0x7b /* { */) {
      stack.push({ keys: new Set(), path: valuePath(), index: 0 });
      expectKey = true;
      i++;
      continue;
    }
    if (c === 0x5b /* [ */) {
      stack.push({ path: valuePath(), index: 0 });
      i++;
      continue;
    }
    if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
      i++;
      continue;
    }
    if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
      i++;
      continue;
    }
    i++;
  }
  return out;
}

/**
 * Repeated keys in a YAML text, as Go's YAML decoder words them:
 * `line 11: key "foo" already set in map`.
 */
export function yamlDuplicateKeys(text: string, parseDocument: (t: string, o: { uniqueKeys: boolean }) => { errors: { code: string; linePos?: { line: number; col: number }[] }[] }): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  for (const e of parseDocument(text, { uniqueKeys: true }).errors) {
    if (e.code !== 'DUPLICATE_KEY' || !e.linePos?.[0]) continue;
    const { line, col } = e.linePos[0];
    const rest = (lines[line - 1] ?? '').slice(col - 1);
    const m = /^"((?:[^"\\]|\\.)*)"|^'((?:[^']|'')*)'|^([^:#]*?)\s*:/.exec(rest);
    const key = m ? (m[1] ?? m[2]?.replace(/''/g, "'") ?? m[3] ?? '') : rest;
    out.push(`line ${line}: key ${JSON.stringify(key)} already set in map`);
  }
  return out;
}
