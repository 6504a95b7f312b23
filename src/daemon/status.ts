// The daemon's status snapshot: /api/status, the status page, MQTT stats and /metrics all read it.
import type { SourceStatus } from '../capture/frame-grabber.js';
import type { GestureEvent } from '../types.js';
import type { ExtensionStatuses } from './extension.js';
import type { StageSummary } from './stage-stats.js';

export type DaemonState = 'starting' | 'running' | 'stopping' | 'stopped';

export interface DaemonStatus {
  device: { id: string; name: string };
  version: string;
  state: DaemonState;
  /** Epoch ms. */
  startedAt: number;
  uptimeS: number;
  source: SourceStatus;
  pipeline: {
    fps: number;
    framesProcessed: number;
    /** Frames the pipeline skipped because a newer one was already waiting. */
    framesDropped: number;
    /** Frames on which a stage threw (logged, then skipped). */
    frameErrors: number;
    /** Fraction of frames on which palm detection ran. */
    detectionRate: number;
    stages: Record<string, StageSummary>;
  };
  /** Models, variant, detection strategy and execution providers, as the hand tracker reports them. */
  models: Record<string, unknown>;
  /** Hands in view: confirmed tracks, held through short gaps (hands-in-view.ts). */
  hands: { trackId: number; handedness: string; presence: number }[];
  active: { id: string; label: string; hands: number[]; score: number }[];
  /** Newest first. */
  recentEvents: GestureEvent[];
  /** Events since start per label and phase. */
  eventCounts: Record<string, { start: number; end: number }>;
  /** Each running extension's own section (mqtt, health, ...). */
  extensions: ExtensionStatuses;
}
