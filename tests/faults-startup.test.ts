// Faults at start: a missing, truncated or wrong model file, a malformed config, an unknown gesture,
// a bad camera URL. Each must end `gesturegate run` with one line naming the problem and a non-zero
// exit, never a stack trace: the built CLI is run as systemd runs it.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { repoRoot } from './support/shared-data.js';

const cli = join(repoRoot, 'dist/src/cli.js');
const models = join(repoRoot, 'models/onnx');
const modelFiles = ['palm_detection_full.onnx', 'hand_landmark_full.onnx'];

interface Outcome {
  status: number | null;
  stderr: string;
}

// Concurrent: each case is a separate process, mostly waiting for Node and the models to load.
describe.concurrent('start-up faults through the CLI', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
    for (const f of modelFiles) if (!existsSync(join(models, f))) throw new Error(`${join(models, f)} is missing: run \`node dist/src/cli.js convert\` first`);
    dir = mkdtempSync(join(tmpdir(), 'gesturegate-startup-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A model folder holding the real models with one of them replaced. */
  function modelDir(name: string, replace: (original: Buffer) => Buffer | string): string {
    const target = join(dir, name);
    mkdirSync(target, { recursive: true });
    for (const f of modelFiles) copyFileSync(join(models, f), join(target, f));
    writeFileSync(join(target, 'palm_detection_full.onnx'), replace(readFileSync(join(models, 'palm_detection_full.onnx'))));
    return target;
  }

  /** Runs `gesturegate run` on a config (object → YAML, or raw text) with MQTT off and a free status port. */
  function run(config: Record<string, unknown> | string): Promise<Outcome> {
    const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
    const base = { source: { uri: join(dir, 'no-such-clip.mp4') }, mqtt: { enabled: false }, status: { port: 0 }, device: { stateDir: join(dir, 'state') } };
    writeFileSync(file, typeof config === 'string' ? config : stringifyYaml({ ...base, ...config }));
    return runCli(['run', '--config', file]);
  }

  function runCli(args: string[]): Promise<Outcome> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [cli, ...args],
        { encoding: 'utf8', timeout: 60_000, env: { ...process.env, GESTUREGATE_DEBUG: '' } },
        (error, _stdout, stderr) => {
          resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr });
        },
      );
    });
  }

  function expectOneLineError(outcome: Outcome, problem: RegExp): void {
    const lines = outcome.stderr.split('\n').filter((l) => l.trim());
    expect(lines, outcome.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^gesturegate: /);
    expect(lines[0]).not.toMatch(/internal error/);
    expect(lines[0]).toMatch(problem);
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
    expect(outcome.status).toBe(1);
  }

  it('a missing model file', async () => {
    const empty = join(dir, 'empty-models');
    mkdirSync(empty, { recursive: true });
    expectOneLineError(await run({ inference: { modelDir: empty } }), /model not found: .*palm_detection_full\.onnx/);
  });

  it('a truncated model file', async () => {
    const truncated = modelDir('truncated', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 3)));
    expectOneLineError(await run({ inference: { modelDir: truncated } }), /palm_detection_full\.onnx/);
  });

  it('a file that is not a model', async () => {
    const text = modelDir('text', () => 'this is not an ONNX model\n');
    expectOneLineError(await run({ inference: { modelDir: text } }), /palm_detection_full\.onnx/);
  });

  it("the wrong model in the palm detector's place", async () => {
    const wrong = modelDir('wrong', () => readFileSync(join(models, 'hand_landmark_full.onnx')));
    expectOneLineError(await run({ inference: { modelDir: wrong } }), /palm_detection_full\.onnx/);
  });

  it('a config that is not valid YAML', async () => {
    expectOneLineError(await run('source:\n  uri: [unclosed\nmqtt: {\n'), /config .*\.yaml is not valid YAML/);
  });

  it('a config value of the wrong kind', async () => {
    expectOneLineError(await run({ source: { uri: 'clip.mp4', fps: -3 } }), /source\.fps/);
  });

  it('a numeric flag that is not a number', async () => {
    expectOneLineError(await runCli(['config', '--check', '--status-port', 'abc']), /^gesturegate: --status-port must be a number, got "abc"$/);
    expectOneLineError(await runCli(['config', '--check', '--fps', 'fast']), /^gesturegate: --fps must be a number, got "fast"$/);
  });

  it('an unknown gesture name', async () => {
    expectOneLineError(await run({ gestures: { wavee: { enabled: true } } }), /gestures: unknown gesture "wavee" \(built-in: handshake, wave,/);
  });

  it.each([
    ['rtsp://', /source\.uri/],
    ['rtsp://camera.lan:99999/stream', /source\.uri/],
    ['http://exa mple.com/stream', /source\.uri/],
  ])('a bad camera URL: %s', async (uri, problem) => {
    expectOneLineError(await run({ source: { uri } }), problem);
  });

  it('a config file that does not exist', async () => {
    expectOneLineError(await runCli(['run', '--config', join(dir, 'absent.yaml')]), /cannot read config .*absent\.yaml: ENOENT/);
  });
});
