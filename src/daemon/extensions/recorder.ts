// Records labelled clips from the running daemon's own frames (the camera is busy with the daemon),
// started from the status page: a countdown, then N seconds written to <status.recordDir>/<label>/.
import { ClipWriter, checkLabel, clipPath } from '../../capture/clip-writer.js';
import { UserError } from '../../util/errors.js';
import type { Extension, ExtensionContext } from '../extension.js';

export type RecordingState =
  | { phase: 'idle'; last: { path: string; frames: number } | null }
  | { phase: 'countdown'; label: string; remainingS: number }
  | { phase: 'recording'; label: string; remainingS: number; frames: number };

export interface RecordRequest {
  label: string;
  seconds: number;
  countdownS: number;
}

/** The recording service the status page drives. */
export interface Recorder {
  /** Starts a countdown then a recording; refuses while one is under way. */
  record(request: RecordRequest): void;
  state(): RecordingState;
  /** Called on every change of state (the status page pushes it to browsers). */
  onChange(listener: (state: RecordingState) => void): () => void;
}

export function recorderExtension(context: ExtensionContext): Extension<'recorder'> {
  let state: RecordingState = { phase: 'idle', last: null };
  let writer: ClipWriter | null = null;
  let timer: NodeJS.Timeout | null = null;
  let offFrames: (() => void) | null = null;
  const listeners = new Set<(state: RecordingState) => void>();
  const set = (next: RecordingState): void => {
    state = next;
    for (const l of listeners) l(state);
  };

  const finish = async (): Promise<void> => {
    offFrames?.();
    offFrames = null;
    if (timer) clearInterval(timer);
    timer = null;
    const done = writer ? await writer.close() : null;
    writer = null;
    if (done) context.log.info('clip recorded', done);
    set({ phase: 'idle', last: done });
  };

  const begin = (label: string, seconds: number): void => {
    const fps = Math.max(1, Math.round(context.status().pipeline.fps) || 15);
    writer = new ClipWriter(clipPath(context.config.status.recordDir, label), fps);
    const endAt = performance.now() + seconds * 1000;
    set({ phase: 'recording', label, remainingS: seconds, frames: 0 });
    offFrames = context.bus.on('frameProcessed', ({ frame }) => {
      writer?.write(frame);
      if (state.phase === 'recording') state.frames = writer?.frames ?? 0;
    });
    timer = setInterval(() => {
      const left = Math.ceil((endAt - performance.now()) / 1000);
      if (left <= 0) void finish();
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
      if (state.phase !== 'idle') await finish();
    },
    status: () => state,
  };
}
