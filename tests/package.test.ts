// The published package as an application sees it: `npm pack` of this checkout, unpacked into
// node_modules/gesturegate of a small TypeScript program outside the repository, which imports it by
// name, type-checks against the shipped declarations, and finds the two hands of a fixture image.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, sharedData } from './support/shared-data.js';

const app = mkdtempSync(join(tmpdir(), 'gesturegate-app-'));
afterAll(() => rmSync(app, { recursive: true, force: true }));

const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

const program = `
import { HandLandmarker, VERSION, frameFromBgr, readImageFrame, setLogSink, type HandsResult } from 'gesturegate';

const logLines: string[] = [];
setLogSink((line) => logLines.push(line));
const [modelDir, imagePath] = process.argv.slice(2) as [string, string];
const landmarker = await HandLandmarker.createFromModelPath(modelDir, { numHands: 2, variant: 'full' });
const image = readImageFrame(imagePath);
const frame = frameFromBgr(image.data, image.width, image.height, 0);
const result: HandsResult = await landmarker.detect(frame);
await landmarker.close();
const centres = result.hands.map((h) => Math.round(h.box.xMin + h.box.width / 2)).sort((a, b) => a - b);
console.log(JSON.stringify({ version: VERSION, centres, logLines: logLines.length }));
`;

/**
 * Runs tsc on the app; its output (errors) and exit status. Asynchronous: a check of every declaration
 * takes tens of seconds on a loaded machine, and a blocked test worker misses vitest's RPC deadline.
 */
function typecheck(): Promise<{ status: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [tsc, '-p', app]);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (status) => done({ status, output }));
  });
}

let packed: string[] = [];

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist/src/index.d.ts'))) throw new Error('dist/src/index.d.ts missing: run `npm run build` first (npm test does)');
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', app], { cwd: repoRoot, encoding: 'utf8' })) as [
    { filename: string; files: { path: string }[] },
  ];
  packed = pack.files.map((f) => f.path);
  const installed = join(app, 'node_modules', 'gesturegate');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(app, pack.filename), '-C', installed, '--strip-components=1']);
  // The package's dependencies as npm would install them beside it, and the app's own @types/node.
  const dependencies = realpathSync(join(repoRoot, 'node_modules'));
  symlinkSync(dependencies, join(installed, 'node_modules'));
  symlinkSync(join(dependencies, '@types'), join(app, 'node_modules', '@types'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  // skipLibCheck off: the declarations must not reach @u4/opencv4nodejs's typings, which fail TS1093.
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        types: ['node'],
        outDir: 'out',
        skipLibCheck: false,
      },
      files: ['main.ts'],
    }),
  );
  writeFileSync(join(app, 'main.ts'), program);
}, 120_000);

describe('the gesturegate package', () => {
  it('ships the built library with its declarations and notices, and no tests or benches', () => {
    for (const file of ['package.json', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli.js', 'NOTICE', 'README.md']) expect(packed).toContain(file);
    expect(packed.filter((f) => /^(tests|bench|src|dist\/tests|dist\/bench|assets)\//.test(f))).toEqual([]);
    // The maps point at src/, which is not shipped: they carry the sources themselves.
    const map = JSON.parse(readFileSync(join(app, 'node_modules/gesturegate/dist/src/index.js.map'), 'utf8')) as { sourcesContent?: string[] };
    expect(map.sourcesContent?.[0]).toContain('export { HolisticLandmarker }');
  });

  it('type-checks a program that imports it by name, and refuses a wrong option type', async () => {
    const good = await typecheck();
    expect(good.output).toBe('');
    expect(good.status).toBe(0);
    writeFileSync(join(app, 'main.ts'), program.replace('numHands: 2', "numHands: 'two'"));
    try {
      const bad = await typecheck();
      expect(bad.status).not.toBe(0);
      expect(bad.output).toMatch(/main\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
    } finally {
      writeFileSync(join(app, 'main.ts'), program);
      expect((await typecheck()).status).toBe(0);
    }
  }, 240_000);

  it('finds the two hands of a fixture image, with its logs redirected off stdout', () => {
    const run = spawnSync(process.execPath, [join(app, 'out/main.js'), join(repoRoot, 'models/onnx'), sharedData('images/tfjs_two_hands.jpg')], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!) as { version: string; centres: number[]; logLines: number };
    expect(report.version).toBe(version);
    // The photo's two hands: one around x 200, the other around x 520 (720 wide).
    expect(report.centres).toHaveLength(2);
    expect(Math.abs(report.centres[0]! - 200)).toBeLessThan(60);
    expect(Math.abs(report.centres[1]! - 520)).toBeLessThan(60);
    expect(report.logLines).toBeGreaterThan(0);
  }, 60_000);
});
