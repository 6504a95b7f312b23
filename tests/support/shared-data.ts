// Real data made by other people lives beside the checkout in ../shared/data (never copied here).
// Tests that need it call sharedData(...) and skip with a clear message when it is absent.
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const twoUp = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The checkout; also when these helpers run compiled under dist/ (bench/faults.ts uses them). */
export const repoRoot = basename(twoUp) === 'dist' ? dirname(twoUp) : twoUp;
export const sharedDataDir = process.env.GESTUREGATE_SHARED_DATA ?? resolve(repoRoot, '../shared/data');

/** Absolute path of a file under ../shared/data. */
export function sharedData(relative: string): string {
  return resolve(sharedDataDir, relative);
}

/** Whether every named file under ../shared/data exists. */
export function hasSharedData(...relatives: string[]): boolean {
  return relatives.every((r) => existsSync(sharedData(r)));
}

/** Text for describe.skipIf / it.skipIf reasons. */
export const sharedDataMissing = `real data not found in ${sharedDataDir} (see ../shared/data/README.md); skipping`;
