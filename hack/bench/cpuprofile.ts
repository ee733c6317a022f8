// Summarises a V8 .cpuprofile (written by `node --cpu-prof`) for the benchmark:
// self time by function, by code area, and by the nearest tskube frame on the
// stack, optionally restricted to time windows (benchmark phases).
//
// Sample timestamps in a .cpuprofile are V8 TimeTicks in microseconds, which on
// Linux come from CLOCK_MONOTONIC, the clock behind process.hrtime() in the
// benchmark process, so phase windows recorded there select the samples taken
// in the server during that phase.
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Window {
  name: string;
  /** microseconds, process.hrtime.bigint() / 1000 */
  startUs: number;
  endUs: number;
}

export interface Entry {
  name: string;
  ms: number;
  pct: number;
}

export interface WindowSummary {
  name: string;
  sampledMs: number;
  /** share of the window's wall time the server's main thread was busy (not idle) */
  busyPct: number;
  byFunction: Entry[];
  byArea: Entry[];
  byProjectFrame: Entry[];
}

export interface ProfileSummary {
  file: string;
  profileStartUs: number;
  profileEndUs: number;
  /** true when the phase windows fall inside the profile's time range */
  clockAligned: boolean;
  windows: WindowSummary[];
}

function shortUrl(url: string, root: string): string {
  let u = url.replace(/^file:\/\//, '');
  if (u.startsWith(root)) u = u.slice(root.length).replace(/^\//, '');
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) u = u.slice(nm);
  return u;
}

function area(url: string, fn: string, root: string): string {
  if (!url) {
    if (fn.startsWith('(')) return fn; // (garbage collector), (program), (idle), (root)
    return '(native / builtin)';
  }
  if (url.startsWith('node:')) {
    const m = /^node:(?:internal\/)?([^/]+)/.exec(url);
    return `node:${m ? m[1] : url.slice(5)}`;
  }
  const u = shortUrl(url, root);
  const nm = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (nm) return nm[1];
  const src = /^dist\/src\/([^/]+)(?:\/([^/]+))?/.exec(u);
  if (src) return src[2] && !src[2].endsWith('.js') ? `src/${src[1]}/${src[2]}` : `src/${src[1]}`;
  return u;
}

function top(map: Map<string, number>, totalUs: number, n: number): Entry[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: totalUs ? Math.round((1000 * us) / totalUs) / 10 : 0 }));
}

export function summarizeProfile(file: string, windows: Window[], root: string, topN = 12): ProfileSummary {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of prof.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const label = (n: ProfileNode): string => {
    const f = n.callFrame;
    const fn = f.functionName || '(anonymous)';
    return f.url ? `${fn} ${shortUrl(f.url, root)}:${f.lineNumber + 1}` : fn;
  };
  // nearest frame on the stack that is tskube code (dist/src/...), for attributing builtins/libraries
  const projectFrame = new Map<number, string>();
  const nearestProject = (id: number): string => {
    const cached = projectFrame.get(id);
    if (cached !== undefined) return cached;
    let cur: number | undefined = id;
    let found = '(no tskube frame on stack)';
    while (cur !== undefined) {
      const n = byId.get(cur)!;
      if (n.callFrame.url.includes('/dist/src/')) {
        found = label(n);
        break;
      }
      cur = parent.get(cur);
    }
    projectFrame.set(id, found);
    return found;
  };

  // sample timestamps; sample i covers the interval until the next one
  const times: number[] = new Array(prof.samples.length);
  let t = prof.startTime;
  for (let i = 0; i < prof.samples.length; i++) {
    t += prof.timeDeltas[i];
    times[i] = t;
  }
  const wins = windows.length ? windows : [{ name: 'whole run', startUs: prof.startTime, endUs: prof.endTime }];
  const clockAligned = wins.every((w) => w.startUs >= prof.startTime - 5e6 && w.endUs <= prof.endTime + 5e6);

  const out: WindowSummary[] = [];
  for (const w of wins) {
    const fnMap = new Map<string, number>();
    const areaMap = new Map<string, number>();
    const projMap = new Map<string, number>();
    let total = 0;
    let idle = 0;
    for (let i = 0; i < prof.samples.length; i++) {
      if (times[i] < w.startUs || times[i] >= w.endUs) continue;
      const dur = i + 1 < times.length ? times[i + 1] - times[i] : 0;
      const node = byId.get(prof.samples[i])!;
      const f = node.callFrame;
      total += dur;
      if (f.functionName === '(idle)') {
        idle += dur;
        continue;
      }
      const l = label(node);
      fnMap.set(l, (fnMap.get(l) ?? 0) + dur);
      const a = area(f.url, f.functionName, root);
      areaMap.set(a, (areaMap.get(a) ?? 0) + dur);
      const p = f.functionName.startsWith('(') && !f.url ? f.functionName : nearestProject(node.id);
      projMap.set(p, (projMap.get(p) ?? 0) + dur);
    }
    const busy = total - idle;
    const wall = w.endUs - w.startUs;
    out.push({
      name: w.name,
      sampledMs: Math.round(total / 1000),
      busyPct: wall > 0 ? Math.round((1000 * busy) / wall) / 10 : 0,
      byFunction: top(fnMap, busy, topN),
      byArea: top(areaMap, busy, topN),
      byProjectFrame: top(projMap, busy, topN),
    });
  }
  return { file, profileStartUs: prof.startTime, profileEndUs: prof.endTime, clockAligned, windows: out };
}

export function formatProfileSummary(s: ProfileSummary): string {
  const lines: string[] = [];
  lines.push(`CPU profile ${s.file}${s.clockAligned ? '' : '  (WARNING: phase windows outside the profile time range; clocks not aligned?)'}`);
  for (const w of s.windows) {
    lines.push('');
    lines.push(`  [${w.name}] main thread busy ${w.busyPct}% of wall time (${w.sampledMs} ms sampled); shares below are of busy time`);
    const col = (title: string, es: Entry[]) => {
      lines.push(`    ${title}`);
      for (const e of es) lines.push(`      ${String(e.pct.toFixed(1)).padStart(5)}%  ${String(e.ms).padStart(6)} ms  ${e.name}`);
    };
    col('self time by area', w.byArea);
    col('self time by function', w.byFunction);
    col('time by nearest tskube frame (inclusive of builtins and libraries called from it)', w.byProjectFrame);
  }
  return lines.join('\n');
}

// standalone: node dist/hack/bench/cpuprofile.js FILE.cpuprofile [root]
if (process.argv[1] && /cpuprofile\.js$/.test(process.argv[1]) && process.argv[2]) {
  console.log(formatProfileSummary(summarizeProfile(process.argv[2], [], process.argv[3] ?? process.cwd())));
}
