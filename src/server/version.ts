// /version: the emulated Kubernetes version with tskube's own build suffix.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../api/paths.js';

export const KUBERNETES_MAJOR = '1';
export const KUBERNETES_MINOR = '35';
export const KUBERNETES_VERSION = 'v1.35.4';

interface BuildInfo {
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
}

let cached: Record<string, string> | undefined;

export function versionInfo(): Record<string, string> {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const buildFile = join(packageRoot, 'dist', 'build-info.json');
  const build: BuildInfo = existsSync(buildFile)
    ? (JSON.parse(readFileSync(buildFile, 'utf8')) as BuildInfo)
    : { gitCommit: '', gitTreeState: 'unknown', buildDate: '1970-01-01T00:00:00Z' };
  cached = {
    major: KUBERNETES_MAJOR,
    minor: KUBERNETES_MINOR,
    emulationMajor: KUBERNETES_MAJOR,
    emulationMinor: KUBERNETES_MINOR,
    minCompatibilityMajor: KUBERNETES_MAJOR,
    minCompatibilityMinor: String(Number(KUBERNETES_MINOR) - 1),
    gitVersion: `${KUBERNETES_VERSION}-tskube.${pkg.version}`,
    gitCommit: build.gitCommit,
    gitTreeState: build.gitTreeState,
    buildDate: build.buildDate,
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
  return cached;
}
