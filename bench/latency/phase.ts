// One measuring phase of bench/latency.ts: subscribe to events, optionally watch the live view, count.
import mqtt from 'mqtt';
import type { Controller } from '../../src/daemon/controller.js';

export interface PhaseResult {
  events: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  fps: number;
  droppedPercent: number;
  totalMeanMs: number | null;
  cpuPercent: number;
  liveFrames: number;
}

const percentile = (sorted: number[], p: number): number | null =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]! : null;

/** Reads the MJPEG stream and the event stream as a browser on the status page would. */
async function watch(url: string, signal: AbortSignal): Promise<void> {
  const drain = async (path: string): Promise<void> => {
    const res = await fetch(`${url}${path}`, { signal });
    const reader = res.body!.getReader();
    while (!(await reader.read()).done);
  };
  await Promise.all([drain('/live.mjpg'), drain('/api/events')]).catch(() => undefined);
}

export async function measurePhase(daemon: Controller, watched: boolean, seconds: number): Promise<PhaseResult> {
  const status = daemon.status();
  const mqttStatus = status.extensions.mqtt as { embeddedBroker: string };
  const frontend = status.extensions.frontend as { url: string; liveFramesSent: number };
  const client = await mqtt.connectAsync(mqttStatus.embeddedBroker, { protocolVersion: 4 });
  const latencies: number[] = [];
  client.on('message', (_topic, payload) => {
    const arrived = performance.timeOrigin + performance.now();
    latencies.push(arrived - (JSON.parse(payload.toString()) as { captured_at: number }).captured_at);
  });
  await client.subscribeAsync(`gesturegate/${status.device.id}/event`, { qos: 1 });
  const abort = new AbortController();
  const watching = watched ? watch(frontend.url, abort.signal) : Promise.resolve();

  const before = { ...status.pipeline, source: status.source, live: frontend.liveFramesSent, cpu: process.cpuUsage(), at: performance.now() };
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const after = daemon.status();
  const wallMs = performance.now() - before.at;
  const cpu = process.cpuUsage(before.cpu);
  abort.abort();
  await watching;
  await client.endAsync();

  const processed = after.pipeline.framesProcessed - before.framesProcessed;
  const read = after.source.framesRead - before.source.framesRead;
  const dropped = after.source.framesDropped - before.source.framesDropped;
  latencies.sort((a, b) => a - b);
  return {
    events: latencies.length,
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
    fps: (processed * 1000) / wallMs,
    droppedPercent: read ? (100 * dropped) / read : 0,
    totalMeanMs: after.pipeline.stages.total?.meanMs ?? null,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
    liveFrames: (after.extensions.frontend as { liveFramesSent: number }).liveFramesSent - before.live,
  };
}
