// What a dataset folder holds, read the way MediaPipe Model Maker reads one: a subfolder per label
// with images and/or clips. A clip may carry a sidecar CLIP.segments.csv of labelled time ranges.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mediaKind, type MediaKind } from '../../capture/media.js';
import { UserError } from '../../util/errors.js';

export const SEGMENTS_SUFFIX = '.segments.csv';
/** The label of clip frames outside every labelled segment (Model Maker's background class). */
export const BACKGROUND_LABEL = 'none';

export interface Segment {
  startS: number;
  endS: number;
  label: string;
}

export interface SourceFile {
  /** Path relative to the dataset root, with forward slashes: the source's name in the dataset file. */
  name: string;
  path: string;
  type: MediaKind;
  /** The folder's label; for a clip with segments, the label outside them is BACKGROUND_LABEL. */
  label: string;
  segments?: Segment[];
}

/** Parses a segments sidecar: `start_s,end_s,label` per line, an optional header, # comments. */
export function parseSegments(text: string, name: string): Segment[] {
  const segments: Segment[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim());
    if (i === 0 && Number.isNaN(Number(cells[0]))) return;
    const [start, end, label] = cells;
    const startS = Number(start);
    const endS = Number(end);
    if (cells.length !== 3 || !label || !Number.isFinite(startS) || !Number.isFinite(endS) || endS <= startS || startS < 0) {
      throw new UserError(`${name} line ${i + 1}: expected start_s,end_s,label with 0 <= start < end, got "${line}"`);
    }
    segments.push({ startS, endS, label });
  });
  if (!segments.length) throw new UserError(`${name}: no segments`);
  return segments;
}

/** The label of a clip frame at time t (seconds). */
export function labelAt(file: SourceFile, timeS: number): string {
  if (!file.segments) return file.label;
  return file.segments.find((s) => timeS >= s.startS && timeS < s.endS)?.label ?? BACKGROUND_LABEL;
}

function sidecarSegments(path: string, root: string): Segment[] | undefined {
  const sidecar = path + SEGMENTS_SUFFIX;
  return existsSync(sidecar) ? parseSegments(readFileSync(sidecar, 'utf8'), relative(root, sidecar)) : undefined;
}

/** Every image and clip under root, sorted by name: root/LABEL/* and clips with segments anywhere. */
export function listSources(root: string): SourceFile[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UserError(`dataset folder not found: ${root}`);
  const files: SourceFile[] = [];
  const visit = (dir: string, label: string | undefined): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        visit(path, label ?? entry.name);
        continue;
      }
      const type = mediaKind(path);
      if (!type) continue;
      const name = relative(root, path).split('\\').join('/');
      const segments = type === 'video' ? sidecarSegments(path, root) : undefined;
      if (label === undefined && !segments) continue; // top-level media without a label
      files.push({ name, path, type, label: segments ? BACKGROUND_LABEL : label!, ...(segments && { segments }) });
    }
  };
  visit(root, undefined);
  if (!files.length) {
    throw new UserError(`no labelled images or clips in ${root} (expected one subfolder per label, or clips with ${SEGMENTS_SUFFIX} sidecars)`);
  }
  return files;
}
