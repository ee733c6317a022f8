// Kubernetes' version priority (apimachinery's version.CompareKubeAwareVersionStrings):
// GA before beta before alpha, higher major first, higher minor first; versions
// that do not look like v<N>[alpha|beta<M>] come last, in alphabetical order.

interface Parsed {
  major: number;
  /** 2 GA, 1 beta, 0 alpha */
  level: number;
  minor: number;
}

const kubeLike = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

function parse(v: string): Parsed | undefined {
  const m = kubeLike.exec(v);
  if (!m) return undefined;
  return { major: Number(m[1]), level: m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2, minor: m[3] ? Number(m[3]) : 0 };
}

/** negative when a has the higher priority */
export function compareKubeVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (pa && pb) {
    if (pa.level !== pb.level) return pb.level - pa.level;
    if (pa.major !== pb.major) return pb.major - pa.major;
    return pb.minor - pa.minor;
  }
  if (pa) return -1;
  if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortKubeVersions(versions: string[]): string[] {
  return [...versions].sort(compareKubeVersions);
}
