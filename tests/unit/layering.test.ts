// Layering: the library in src/ never reaches into scripts/ (build and setup helpers), tests/ or
// bench/, so the published package (dist/src only) and the daemon stand without them. Imports are read by TypeScript's own pre-parser, dynamic
// import() included.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared-data.js';

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Relative import specifiers of one file that resolve into `forbiddenDir`. */
function importsInto(file: string, text: string, forbiddenDir: string): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .filter((specifier) => {
      const target = relative(forbiddenDir, resolve(dirname(file), specifier));
      return target === '' || !(target === '..' || target.startsWith(`..${sep}`));
    });
}

describe('layering', () => {
  const scriptsDir = join(repoRoot, 'scripts');

  it('finds static, re-export and dynamic imports into scripts/', () => {
    const file = join(repoRoot, 'src', 'commands', 'example.ts');
    const text = [
      "import { a } from '../../scripts/convert/index.js';",
      "export { b } from '../util/errors.js';",
      "export * from '../../scripts/x.js';",
      "const c = await import('../../scripts/convert/verify.js');",
      "import d from 'node:fs';",
    ].join('\n');
    expect(importsInto(file, text, scriptsDir)).toEqual(['../../scripts/convert/index.js', '../../scripts/x.js', '../../scripts/convert/verify.js']);
  });

  it('nothing under src/ imports from scripts/, tests/ or bench/', () => {
    const files = typescriptFiles(join(repoRoot, 'src'));
    expect(files.length).toBeGreaterThan(100);
    const outside = ['scripts', 'tests', 'bench'].map((dir) => join(repoRoot, dir));
    const offenders = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return outside.flatMap((dir) => importsInto(file, text, dir).map((specifier) => `${relative(repoRoot, file)}: ${specifier}`));
    });
    expect(offenders).toEqual([]);
  });
});
