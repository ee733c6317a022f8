// Where generated build artefacts live, relative to the package root.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

function findRoot(): string {
  // src/api/paths.ts compiles to dist/src/api/paths.js; walk up to package.json
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('tskube: cannot find the package root');
}

export const packageRoot = findRoot();

export function generatedPath(...parts: string[]): string {
  return join(packageRoot, 'api-schemas', 'generated', ...parts);
}
