// `gesturegate dataset build FOLDER --out FILE`: runs the hand pipeline on a folder of labelled images
// and clips and records every frame's hands in a dataset file (resumable); `dataset info FILE` sums it up.
import type { Command } from 'commander';
import { HandLandmarker } from '../inference/hand-landmarker.js';
import { buildDataset } from '../train/dataset/build.js';
import { readDataset } from '../train/dataset/store.js';
import { numberFlag } from './flags.js';
import { logToStderr } from '../util/log.js';

interface BuildFlags {
  out: string;
  fps: string;
  crop?: string;
  variant: string;
  numHands: string;
  modelDir?: string;
  progress?: boolean;
  json?: boolean;
}

/** Per label: files, frames, frames with a hand; and the files without any hand. */
export function datasetSummary(path: string) {
  const contents = readDataset(path);
  const labels: Record<string, { files: number; frames: number; framesWithHands: number; twoHandFrames: number }> = {};
  for (const file of contents.files) {
    labels[file.label] ??= { files: 0, frames: 0, framesWithHands: 0, twoHandFrames: 0 };
    labels[file.label]!.files++;
  }
  for (const frame of contents.frames) {
    const entry = (labels[frame.label] ??= { files: 0, frames: 0, framesWithHands: 0, twoHandFrames: 0 });
    entry.frames++;
    if (frame.hands.length) entry.framesWithHands++;
    if (frame.hands.length >= 2) entry.twoHandFrames++;
  }
  return {
    root: contents.header.root,
    fps: contents.header.fps,
    files: contents.files.length,
    frames: contents.frames.length,
    labels,
    withoutHands: contents.files.filter((f) => !f.error && f.framesWithHands === 0).map((f) => f.source),
    failed: contents.files.filter((f) => f.error).map((f) => `${f.source}: ${f.error}`),
  };
}

export function register(program: Command): void {
  const dataset = program.command('dataset').description('Build and inspect landmark datasets for training gesture models');
  dataset
    .command('build <folder>')
    .description('Run the hand pipeline on FOLDER/LABEL/* images and clips; record hands per frame in a dataset file (resumes an interrupted build)')
    .requiredOption('--out <file>', 'dataset file to write (JSON lines)')
    .option('--fps <n>', 'clip frames sampled per second', '15')
    .option('--crop <dir>', 'write hand crops per label and a contact sheet there')
    .option('--variant <variant>', 'hand model variant: full or lite', 'full')
    .option('--num-hands <n>', 'most hands per frame', '2')
    .option('--model-dir <dir>', 'folder with the converted ONNX hand models')
    .option('--progress', 'draw a progress bar on stderr even when it is not a terminal')
    .option('--json', 'print the summary as one JSON object')
    .action(async (folder: string, flags: BuildFlags) => {
      logToStderr();
      const fps = numberFlag('--fps', flags.fps, { min: 0.1, max: 240 });
      const detector = await HandLandmarker.createFromOptions({
        variant: flags.variant as 'full',
        numHands: numberFlag('--num-hands', flags.numHands, { integer: true, min: 1, max: 16 }),
        ...(flags.modelDir && { modelDir: flags.modelDir }),
      });
      try {
        const built = await buildDataset({
          root: folder,
          out: flags.out,
          fps,
          detector,
          ...(flags.crop && { cropDir: flags.crop }),
          ...(flags.progress !== undefined && { progress: flags.progress }),
        });
        printSummary({ ...built, ...datasetSummary(flags.out) }, flags.json);
      } finally {
        await detector.close();
      }
    });
  dataset
    .command('info <file>')
    .description('Summarise a dataset file: frames and hands per label, files without hands')
    .option('--json', 'print one JSON object')
    .action((file: string, flags: { json?: boolean }) => printSummary(datasetSummary(file), flags.json));
}

function printSummary(summary: ReturnType<typeof datasetSummary>, json: boolean | undefined): void {
  if (json) {
    process.stdout.write(JSON.stringify(summary) + '\n');
    return;
  }
  const lines = [`${summary.files} files, ${summary.frames} frames from ${summary.root} (clips at ${summary.fps} fps)`];
  for (const [label, s] of Object.entries(summary.labels).sort()) {
    lines.push(`  ${label}: ${s.files} files, ${s.frames} frames, ${s.framesWithHands} with a hand, ${s.twoHandFrames} with two`);
  }
  if (summary.withoutHands.length) lines.push(`no hand found in ${summary.withoutHands.length} file(s):`, ...summary.withoutHands.map((f) => `  ${f}`));
  if (summary.failed.length) lines.push(`could not read ${summary.failed.length} file(s):`, ...summary.failed.map((f) => `  ${f}`));
  process.stdout.write(lines.join('\n') + '\n');
}
