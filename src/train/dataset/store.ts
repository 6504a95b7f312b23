// The dataset file: JSON lines, appended as work goes so an interrupted build keeps what it recorded.
// A header line, then per source an opening `start` line, its frames' hand observations and a closing
// `file` line; a source without the closing line was interrupted: it is redone, and only the frames
// after its last `start` count.
import { appendFileSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import type { HandObservation } from '../../types.js';
import { UserError } from '../../util/errors.js';

export const DATASET_FORMAT = 'gesturegate-dataset';

export interface DatasetHeader {
  type: 'header';
  format: typeof DATASET_FORMAT;
  version: 1;
  root: string;
  /** Clip frames sampled per second. */
  fps: number;
  createdAt: string;
}

/** Opens a source's records; frames before it belong to an interrupted attempt. */
export interface StartRecord {
  type: 'start';
  source: string;
}

export interface FrameRecord {
  type: 'frame';
  source: string;
  /** Frame index in the source (0 for images). */
  frame: number;
  timeMs: number;
  label: string;
  width: number;
  height: number;
  hands: HandObservation[];
}

export interface FileRecord {
  type: 'file';
  source: string;
  kind: 'image' | 'video';
  label: string;
  frames: number;
  framesWithHands: number;
  /** Set when the file could not be decoded. */
  error?: string;
}

export interface DatasetContents {
  header: DatasetHeader;
  frames: FrameRecord[];
  files: FileRecord[];
}

/** The dataset file's text; a folder in its place is a one-line UserError (Node's EISDIR names no path). */
function readText(path: string): string {
  if (statSync(path).isDirectory()) throw new UserError(`${path} is a folder, not a dataset file`);
  return readFileSync(path, 'utf8');
}

/** Reads a dataset file; frames of sources that never finished are left out. */
export function readDataset(path: string): DatasetContents {
  if (!existsSync(path)) throw new UserError(`dataset file not found: ${path}`);
  const lines = readText(path).split('\n');
  let header: DatasetHeader | undefined;
  const frames: FrameRecord[] = [];
  const files: FileRecord[] = [];
  const pending = new Map<string, FrameRecord[]>();
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let record: DatasetHeader | StartRecord | FrameRecord | FileRecord;
    try {
      record = JSON.parse(line);
    } catch {
      if (i === lines.length - 1) return; // a line cut short by an interruption
      throw new UserError(`${path} line ${i + 1}: not a JSON record`);
    }
    if (i === 0) {
      if ((record as DatasetHeader).format !== DATASET_FORMAT) throw new UserError(`${path} is not a gesturegate dataset file`);
      header = record as DatasetHeader;
    } else if (record.type === 'start') pending.set(record.source, []);
    else if (record.type === 'frame') pending.get(record.source)?.push(record);
    else if (record.type === 'file') {
      files.push(record);
      frames.push(...(pending.get(record.source) ?? []));
      pending.delete(record.source);
    }
  });
  if (!header) throw new UserError(`${path} is empty`);
  return { header, frames, files };
}

/** Appends records; opening an existing file for the same root resumes it. */
export class DatasetWriter {
  readonly done: Set<string>;

  constructor(
    readonly path: string,
    header: Omit<DatasetHeader, 'type' | 'format' | 'version' | 'createdAt'>,
  ) {
    if (existsSync(path) && readText(path).trim()) {
      const existing = readDataset(path);
      if (existing.header.root !== header.root || existing.header.fps !== header.fps) {
        throw new UserError(`${path} was built from ${existing.header.root} at ${existing.header.fps} fps; use another --out or delete it`);
      }
      // Drop a line cut short by an interruption so appends start on a fresh line.
      const text = readFileSync(path, 'utf8');
      if (!text.endsWith('\n')) truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
      this.done = new Set(existing.files.map((f) => f.source));
    } else {
      const full: DatasetHeader = { type: 'header', format: DATASET_FORMAT, version: 1, ...header, createdAt: new Date().toISOString() };
      writeFileSync(path, JSON.stringify(full) + '\n');
      this.done = new Set();
    }
  }

  start(source: string): void {
    appendFileSync(this.path, JSON.stringify({ type: 'start', source }) + '\n');
  }

  frame(record: Omit<FrameRecord, 'type'>): void {
    appendFileSync(this.path, JSON.stringify({ type: 'frame', ...record }, roundNumbers) + '\n');
  }

  file(record: Omit<FileRecord, 'type'>): void {
    appendFileSync(this.path, JSON.stringify({ type: 'file', ...record }) + '\n');
    this.done.add(record.source);
  }
}

/** Six significant digits are far finer than landmark noise and keep the file small. */
function roundNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value;
}
