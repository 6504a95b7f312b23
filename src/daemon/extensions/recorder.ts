// Records labelled clips from the running daemon's own frames (the camera is busy with the daemon),
// started from the status page: a countdown, then N seconds written to <recordDir>/<label>/, where
// recordDir defaults to <device.stateDir>/recordings (the one folder the systemd unit may write).
// A folder that cannot be written is refused when asked and reported on the page; it never ends the daemon.
import { constants, accessSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ClipWriter, checkLabel, clipPath } from '../../capture/clip-writer.js';
import { UserError, oneLine } from '../../util/errors.js';
import type { Extension, ExtensionContext } from '../extension.js';

export type RecordingState =
  | { phase: 'idle'; last: { path: string; frames: number } | null; error: string | null }
  | { phase: 'countdown'; label: string; remainingS: number }
  | { phase: 'recording'; label: string; remainingS: number; frames: number };

export interface RecordRequest {
  label: string;
  seconds: number;
  countdownS: number;
}

/** The record folder cannot be written (read-only, not a folder, full): the page answers 503. */
export class RecordDirUnavailable extends UserError {}

/** The recording service the status page drives. */
export interface Recorder {
  /** Starts a countdown then a recording; refuses while one is under way or when the folder is not writable. */
  record(request: RecordRequest): void;
  state(): RecordingState;
  /** Called on every change of state (the status page pushes it to browsers). */
  onChange(listener: (state: RecordingState) => void): () => void;
}

/** Where clips go: status.recordDir, taken under device.stateDir when relative or unset. */
function recordRoot(stateDir: string, recordDir: string | null): string {
  return resolve(stateDir, recordDir ?? 'recordings');
}

/** The error code for a folder that could not be made: a recursive mkdir reports ENOENT on a read-only file system, the nearest existing parent says EROFS. */
function whyNotWritable(folder: string, error: unknown): string {
  let parent = folder;
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  try {
    accessSync(parent, constants.W_OK);
  } catch (parentError) {
    return (parentError as NodeJS.ErrnoException).code ?? oneLine(parentError);
  }
  return (error as NodeJS.ErrnoException).code ?? oneLine(error);
}

export function recorderExtension(context: ExtensionContext): Extension<'recorder'> {
  const root = recordRoot(context.config.device.stateDir, context.config.status.recordDir);
  let state: RecordingState = { phase: 'idle', last: null, error: null };
  let writer: ClipWriter | null = null;
  let timer: NodeJS.Timeout | null = null;
  let offFrames: (() => void) | null = null;
  const listeners = new Set<(state: RecordingState) => void>();
  const set = (next: RecordingState): void => {
    state = next;
    for (const l of listeners) l(state);
  };
  const failed = (label: string, error: unknown): void => {
    const message = `recording "${label}" failed: ${oneLine(error)}`;
    context.log.error('recording failed', { label, dir: root, error: oneLine(error) });
    set({ phase: 'idle', last: null, error: message });
  };

  /** The label's folder, created and checked now, so a bad folder is answered rather than found later. */
  const labelFolder = (label: string): string => {
    const folder = join(root, label);
    try {
      mkdirSync(folder, { recursive: true });
      accessSync(folder, constants.W_OK);
    } catch (error) {
      throw new RecordDirUnavailable(`cannot record into ${folder}: ${whyNotWritable(folder, error)} (set status.recordDir to a writable folder)`);
    }
    return folder;
  };

  const finish = async (label: string): Promise<void> => {
    offFrames?.();
    offFrames = null;
    if (timer) clearInterval(timer);
    timer = null;
    const closing = writer;
    writer = null;
    try {
      const done = closing ? await closing.close() : null;
      if (done) context.log.info('clip recorded', done);
      set({ phase: 'idle', last: done, error: null });
    } catch (error) {
      failed(label, error);
    }
  };

  const begin = (label: string, seconds: number): void => {
    const fps = Math.max(1, Math.round(context.status().pipeline.fps) || 15);
    try {
      writer = new ClipWriter(clipPath(root, label), fps);
    } catch (error) {
      return failed(label, error);
    }
    const endAt = performance.now() + seconds * 1000;
    set({ phase: 'recording', label, remainingS: seconds, frames: 0 });
    offFrames = context.bus.on('frameProcessed', ({ frame }) => {
      writer?.write(frame);
      if (state.phase === 'recording') state.frames = writer?.frames ?? 0;
    });
    timer = setInterval(() => {
      const left = Math.ceil((endAt - performance.now()) / 1000);
      if (left <= 0) void finish(label);
      else set({ phase: 'recording', label, remainingS: left, frames: writer?.frames ?? 0 });
    }, 250);
  };

  const recorder: Recorder = {
    state: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    record({ label, seconds, countdownS }) {
      checkLabel(label);
      if (state.phase !== 'idle') throw new UserError('a recording is already under way');
      labelFolder(label);
      let remaining = countdownS;
      if (remaining <= 0) return begin(label, seconds);
      set({ phase: 'countdown', label, remainingS: remaining });
      timer = setInterval(() => {
        remaining--;
        if (remaining > 0) return set({ phase: 'countdown', label, remainingS: remaining });
        clearInterval(timer!);
        begin(label, seconds);
      }, 1000);
    },
  };
  context.provide('recorder', () => recorder);

  return {
    name: 'recorder',
    async start() {},
    async stop() {
      if (state.phase !== 'idle') await finish(state.label);
    },
    status: () => ({ ...state, dir: root }),
  };
}
