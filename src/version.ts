// The one version string: package.json's, read from the installation this module belongs to.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installDir } from './util/install-dir.js';

export const VERSION: string = (JSON.parse(readFileSync(join(installDir(), 'package.json'), 'utf8')) as { version: string }).version;
