// The yaml package, loaded on first use: most requests are JSON, and its module
// graph costs about 50 ms of start-up.
import { createRequire } from 'node:module';

type YamlModule = typeof import('yaml');
const requireCjs = createRequire(import.meta.url);
let mod: YamlModule | undefined;

export function yaml(): YamlModule {
  return (mod ??= requireCjs('yaml') as YamlModule);
}
