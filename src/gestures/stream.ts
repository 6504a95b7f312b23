// Gesture events over a finite stream of frames from one or more files (the detect command): the
// engine starts afresh for each file and whatever is under way when a file ends is ended there.
import type { GestureEvent, HandsResult } from '../types.js';
import type { GestureEngine } from './engine.js';

export interface SourcedResult {
  /** The file (or other source) the frame came from. */
  source: string;
  result: HandsResult;
}

export async function* gestureEvents(frames: AsyncIterable<SourcedResult>, engine: GestureEngine): AsyncGenerator<{ source: string; event: GestureEvent }> {
  let current: { source: string; lastMs: number } | null = null;
  for await (const { source, result } of frames) {
    if (current && current.source !== source) {
      for (const event of engine.finish(current.lastMs)) yield { source: current.source, event };
      engine.reset();
    }
    current = { source, lastMs: result.timestampMs };
    for (const event of (await engine.process(result)).events) yield { source, event };
  }
  if (current) for (const event of engine.finish(current.lastMs)) yield { source: current.source, event };
}
