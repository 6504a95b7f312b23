// Real data made by other people. The open-licence files (images, clips, landmark CSVs, reference
// outputs) are copied into tests/fixtures (sources and licences in NOTICE); data with research-only
// terms (the handshake clips) stays beside the checkout in ../shared/data and is never copied here.
// Tests call sharedData(...) for either; those needing research data skip with a clear message when
// it is absent.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { installDir } from '../../src/util/install-dir.js';

/** The checkout's root, from the sources (tests) or from dist/ (benches). */
export const repoRoot = installDir();
export const fixturesDir = resolve(repoRoot, 'tests/fixtures');
export const sharedDataDir = process.env.GESTUREGATE_SHARED_DATA ?? resolve(repoRoot, '../shared/data');

/** Folders of ../shared/data whose terms keep them out of the repository. */
const RESEARCH_ONLY = ['handshake'];

/** Absolute path of a data file: in tests/fixtures, or under ../shared/data for research-only data. */
export function sharedData(relative: string): string {
  const researchOnly = RESEARCH_ONLY.some((folder) => relative === folder || relative.startsWith(`${folder}/`));
  return resolve(researchOnly ? sharedDataDir : fixturesDir, relative);
}

/** Whether every named data file exists. */
export function hasSharedData(...relatives: string[]): boolean {
  return relatives.every((r) => existsSync(sharedData(r)));
}

/** Text for describe.skipIf / it.skipIf reasons. */
export const sharedDataMissing = `research-only data not found in ${sharedDataDir} (see tests/fixtures/README.md); skipping`;
