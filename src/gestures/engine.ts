// The gesture engine the daemon calls once per frame: hand history → recognisers → event logic.
import { GestureModel } from '../gesture-models/model.js';
import type { GestureEvent, HandsResult } from '../types.js';
import { UserError } from '../util/errors.js';
import { BUILT_IN_GESTURES, type BuiltInGesture, type GesturesConfig, type ModelEntry } from './config.js';
import { GestureEventTracker, type EventTrackerDeps, type FrameEvents } from './events.js';
import { handshakeRecogniser } from './handshake.js';
import { HandHistory, defaultHistoryOptions } from './history.js';
import { modelRecognisers, type ModelRecognisers } from './model-recognisers.js';
import { PeopleHistory } from './people-history.js';
import { poseRecogniser } from './pose-recognisers.js';
import type { ActiveGesture, Recogniser } from './types.js';
import { waveRecogniser } from './wave.js';

export type { ActiveGesture, FrameEvents, GestureEvent };

export interface GestureEngine {
  /** Labels the engine can emit. */
  readonly labels: string[];
  /** One frame's hands in (in timestamp order); the events it caused and what is under way out. */
  process(result: HandsResult): Promise<FrameEvents>;
  /** Ends whatever is under way (end of a file, shutdown) and returns those end events. */
  finish(timestampMs: number): GestureEvent[];
  /** Forgets all hands and occurrences without events (e.g. after the source reconnects). */
  reset(): void;
  close(): Promise<void>;
}

/** A trained model already loaded, with the config entry it came from. */
export interface LoadedModel {
  entry: ModelEntry;
  model: GestureModel;
}

function builtIn(name: BuiltInGesture, config: GesturesConfig): Recogniser {
  if (name === 'handshake') return handshakeRecogniser;
  if (name === 'wave') return waveRecogniser;
  return poseRecogniser(name, config.poseMinHandPx);
}

/** An engine over the built-in gestures the config enables and the given loaded models. */
export function buildGestureEngine(config: GesturesConfig, models: LoadedModel[] = [], deps?: EventTrackerDeps): GestureEngine {
  const history = new HandHistory({
    ...defaultHistoryOptions,
    keepMs: config.historyMs,
    forgetMs: Math.max(defaultHistoryOptions.forgetMs, config.historyMs + 2000),
  });
  const people = new PeopleHistory();
  const stages: { tracker: GestureEventTracker; recogniser: Recogniser }[] = [];
  for (const name of BUILT_IN_GESTURES) {
    const { enabled, ...options } = config[name];
    if (enabled) stages.push({ recogniser: builtIn(name, config), tracker: new GestureEventTracker(name, options, deps) });
  }
  const prepared: ModelRecognisers[] = [];
  for (const { entry, model } of models) {
    const adapter = modelRecognisers(model);
    prepared.push(adapter);
    const enter = entry.enter ?? model.card.thresholds.minScore;
    const options = { enter, exit: entry.exit ?? 0.8 * enter, minDurationMs: entry.minDurationMs, releaseMs: entry.releaseMs, cooldownMs: entry.cooldownMs };
    for (const recogniser of adapter.recognisers) {
      if (stages.some((s) => s.recogniser.name === recogniser.name))
        throw new UserError(
          `gesture model ${entry.path} has label "${recogniser.name}", which another gesture already uses (disable gestures.${recogniser.name} or rename the label)`,
        );
      stages.push({ recogniser, tracker: new GestureEventTracker(recogniser.name, options, deps) });
    }
  }

  return {
    labels: stages.map((s) => s.recogniser.name),
    async process(result) {
      history.update(result);
      people.update(result.people, result.timestampMs);
      for (const adapter of prepared) await adapter.prepare(history, result.timestampMs);
      const events: GestureEvent[] = [];
      const active: ActiveGesture[] = [];
      const scored = stages.map((stage) => ({ ...stage, candidates: stage.recogniser.score(history, result.timestampMs, people) }));
      // A hand taking part in a two-hand gesture (a handshake's grip) is not also showing a pose.
      const busy = new Set<number>();
      for (const s of scored)
        if (s.recogniser.hands !== 'one-hand') for (const c of s.candidates) if (c.score >= s.tracker.exit) c.hands.forEach((h) => busy.add(h));
      for (const { recogniser, tracker, candidates } of scored) {
        const free = recogniser.hands === 'one-hand' ? candidates.filter((c) => !c.hands.some((h) => busy.has(h))) : candidates;
        const frame = tracker.update(result.timestampMs, free);
        events.push(...frame.events);
        active.push(...frame.active);
      }
      return { events, active };
    },
    finish(timestampMs) {
      return stages.flatMap((s) => s.tracker.finish(timestampMs));
    },
    reset() {
      for (const s of stages) s.tracker.finish(history.nowMs);
      history.reset();
      people.reset();
    },
    async close() {
      await Promise.all(models.map((m) => m.model.close()));
    },
  };
}

/** Loads the enabled models named in the config, then builds the engine (what the daemon calls). */
export async function createGestureEngine(config: GesturesConfig, deps?: EventTrackerDeps): Promise<GestureEngine> {
  const models: LoadedModel[] = [];
  try {
    for (const entry of config.models.filter((m) => m.enabled)) models.push({ entry, model: await GestureModel.load(entry.path) });
    return buildGestureEngine(config, models, deps);
  } catch (error) {
    await Promise.all(models.map((m) => m.model.close()));
    throw error;
  }
}
