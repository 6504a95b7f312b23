// The pipeline's parts as the controller sees them, and the real ones built from the config.
import { createFrameSource, type FrameSource } from '../capture/frame-source.js';
import type { DaemonConfig } from '../config/schema.js';
import { createInProcessPipeline, type HandPipeline } from './hand-pipeline.js';

export interface PipelineParts {
  source: FrameSource;
  pipeline: HandPipeline;
}

/**
 * The pipeline runs on the main thread: the OpenCV bindings are not safe to load in a second thread
 * (a worker that loaded them aborted V8), and capture, live view and recorder need them here.
 */
export async function createPipelineParts(config: DaemonConfig): Promise<PipelineParts> {
  const source = createFrameSource(config.source);
  return { source, pipeline: await createInProcessPipeline(config) };
}
