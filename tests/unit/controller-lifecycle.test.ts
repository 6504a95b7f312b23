// The controller's lifecycle without models, camera or broker: a fake source and a fake hand pipeline
// drive the real Controller, bus and extension contracts (start order, services through the context,
// typed status sections, gestures ended before the extensions stop, reverse stop order).
import { describe, expect, it } from 'vitest';
import type { FrameSource, RawFrame } from '../../src/capture/frame-source.js';
import { Controller } from '../../src/daemon/controller.js';
import type { Extension, ExtensionFactory } from '../../src/daemon/extension.js';
import type { Recorder, RecordingState } from '../../src/daemon/extensions/recorder.js';
import type { HandPipeline, PipelineResult } from '../../src/daemon/hand-pipeline.js';
import type { Frame, GestureEvent, HandObservation } from '../../src/types.js';
import { setLogLevel } from '../../src/util/log.js';
import { testDaemonConfig } from '../support/daemon.js';

setLogLevel('error');

const FRAMES = 6;

/** A finite source of FRAMES blank frames. */
function fakeSource(): FrameSource {
  let read = 0;
  return {
    description: 'fake clip',
    finite: true,
    nominalFps: 15,
    async open() {},
    async read(): Promise<RawFrame | null> {
      if (read >= FRAMES) return null;
      return { timestampMs: 1000 + (read++ * 1000) / 15, width: 4, height: 2, data: new Uint8Array(24) };
    },
    close() {},
  };
}

const hand = (trackId: number): HandObservation => {
  const point = { x: 1, y: 1, z: 0 };
  const box = { xMin: 0, yMin: 0, width: 2, height: 2 };
  return {
    trackId,
    timestampMs: 0,
    landmarks: Array(21).fill(point),
    worldLandmarks: Array(21).fill(point),
    handedness: 'Right',
    handednessScore: 0.9,
    presence: 0.9,
    detectionScore: 0.9,
    box,
    region: { xCenter: 1, yCenter: 1, width: 2, height: 2, rotation: 0 },
  };
};

const event = (phase: GestureEvent['phase'], frameTimestampMs: number): GestureEvent => ({
  id: 'wave-1',
  label: 'wave',
  phase,
  timestamp: 0,
  frameTimestampMs,
  peakScore: 0.8,
  hands: [1],
});

/** Sees a hand from the third frame and starts a wave on the fourth; the wave is still under way at the end. */
function fakePipeline(calls: string[]): HandPipeline {
  return {
    gestureLabels: ['wave'],
    models: { fake: true },
    async process(frame: Frame): Promise<PipelineResult> {
      const hands = frame.index >= 2 ? [hand(1)] : [];
      const events = frame.index === 3 ? [event('start', frame.timestampMs)] : [];
      const active = frame.index >= 3 ? [{ id: 'wave-1', label: 'wave', hands: [1], startedAtMs: 1200, score: 0.8, peakScore: 0.8 }] : [];
      const result = {
        frameIndex: frame.index,
        timestampMs: frame.timestampMs,
        imageSize: { width: 4, height: 2 },
        hands,
        people: [],
        detectionRan: true,
        timings: {},
      };
      return { frame, hands: result, events, active, gesturesMs: 0 };
    },
    async finish(timestampMs) {
      calls.push('pipeline.finish');
      return [event('end', timestampMs)];
    },
    reset() {
      calls.push('pipeline.reset');
    },
    async close() {
      calls.push('pipeline.close');
    },
  };
}

describe('controller lifecycle (fake pipeline)', () => {
  it('starts extensions in order, hands services through the context, ends gestures before stopping them in reverse', async () => {
    const calls: string[] = [];
    const recordingState: RecordingState = { phase: 'idle', last: null, error: null };
    const recorder: Recorder = { state: () => recordingState, onChange: () => () => undefined, record: () => undefined };
    const gestures: GestureEvent[] = [];
    let recorderSeen: RecordingState | undefined;

    const provider: ExtensionFactory = (context): Extension<'recorder'> => {
      context.provide('recorder', () => recorder);
      return {
        name: 'recorder',
        start: async () => void calls.push('recorder.start'),
        stop: async () => void calls.push('recorder.stop'),
        status: () => ({ ...recorder.state(), dir: '/tmp/recordings' }),
      };
    };
    const consumer: ExtensionFactory = (context) => {
      context.bus.on('gesture', (e) => gestures.push(e));
      return {
        name: 'observer',
        async start() {
          calls.push('observer.start');
          recorderSeen = context.service('recorder')?.state();
          expect(context.service('mqttBridge')).toBeUndefined();
        },
        stop: async () => void calls.push(`observer.stop after ${gestures.map((e) => e.phase).join(',')}`),
        status: () => ({ gestures: gestures.length }),
      };
    };

    const config = testDaemonConfig({ source: { uri: '/nonexistent/fake.mp4', realtime: false }, mqtt: { enabled: false } });
    const daemon = new Controller(config, { source: fakeSource(), pipeline: fakePipeline(calls) }, [provider, consumer]);
    await daemon.start();
    expect(await daemon.done).toBe('source ended');

    expect(recorderSeen).toEqual({ phase: 'idle', last: null, error: null });
    expect(calls).toEqual(['recorder.start', 'observer.start', 'pipeline.finish', 'observer.stop after start,end', 'recorder.stop', 'pipeline.close']);
    const status = daemon.status();
    expect(status.state).toBe('stopped');
    expect(status.pipeline.framesProcessed).toBe(FRAMES);
    expect(status.eventCounts).toEqual({ wave: { start: 1, end: 1 } });
    expect(status.recentEvents.map((e) => e.phase)).toEqual(['end', 'start']);
    // The standard section is typed by its name; others come back as they were given.
    const recorderStatus: RecordingState | undefined = status.extensions.recorder;
    expect(recorderStatus?.phase).toBe('idle');
    expect(status.extensions.observer).toEqual({ gestures: 2 });
    expect(status.active).toEqual([]);
  });

  it('stops the extensions already started, in reverse, when a later one refuses to start', async () => {
    const calls: string[] = [];
    const named =
      (name: string, refuse = false): ExtensionFactory =>
      () => ({
        name,
        async start() {
          calls.push(`${name}.start`);
          if (refuse) throw new Error(`${name} refused`);
        },
        stop: async () => void calls.push(`${name}.stop`),
      });
    const config = testDaemonConfig({ source: { uri: '/nonexistent/fake.mp4', realtime: false }, mqtt: { enabled: false } });
    const daemon = new Controller(config, { source: fakeSource(), pipeline: fakePipeline(calls) }, [named('a'), named('b'), named('c', true), named('d')]);
    await expect(daemon.start()).rejects.toThrow('c refused');
    expect(calls).toEqual(['a.start', 'b.start', 'c.start', 'b.stop', 'a.stop', 'pipeline.close']);
  });
});
