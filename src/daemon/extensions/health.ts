// Device health for the status page, stats and metrics: CPU load and temperature, memory, GPU where
// present (systeminformation), plus this process's own CPU share, memory and event-loop delay.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import si from 'systeminformation';
import { oneLine } from '../../util/errors.js';
import type { Extension, ExtensionContext } from '../extension.js';

export interface HealthReading {
  cpuLoadPercent: number | null;
  cpuTemperatureC: number | null;
  memoryUsedPercent: number | null;
  /** This process: share of one core (100 = one core busy), resident memory. */
  processCpuPercent: number;
  processRssMb: number;
  eventLoopDelayP99Ms: number;
  gpus: { model: string; utilizationPercent: number | null; temperatureC: number | null; memoryUsedMb: number | null }[];
  readAt: number;
}

export function healthExtension(context: ExtensionContext): Extension<'health'> {
  let timer: NodeJS.Timeout | null = null;
  let reading: HealthReading | null = null;
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  let reading$: Promise<void> | null = null;
  // GPU queries spawn tools (lspci, nvidia-smi): about once a minute is enough.
  const gpuEvery = Math.max(1, Math.round(60 / context.config.health.intervalS));
  let readings = 0;
  let graphics: si.Systeminformation.GraphicsData | null = null;

  const read = async (): Promise<void> => {
    const [load, temp, mem, gpu] = await Promise.all([
      si.currentLoad().catch(() => null),
      si.cpuTemperature().catch(() => null),
      si.mem().catch(() => null),
      readings++ % gpuEvery === 0 ? si.graphics().catch(() => null) : Promise.resolve(graphics),
    ]);
    graphics = gpu;
    const cpu = process.cpuUsage(lastCpu);
    const now = performance.now();
    const processCpuPercent = ((cpu.user + cpu.system) / 1000 / (now - lastAt)) * 100;
    lastCpu = process.cpuUsage();
    lastAt = now;
    reading = {
      cpuLoadPercent: load ? round(load.currentLoad) : null,
      cpuTemperatureC: temp && typeof temp.main === 'number' ? round(temp.main) : null,
      memoryUsedPercent: mem ? round((100 * mem.active) / mem.total) : null,
      processCpuPercent: round(processCpuPercent),
      processRssMb: round(process.memoryUsage.rss() / 2 ** 20),
      eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
      gpus: (graphics?.controllers ?? [])
        .filter((c) => c.utilizationGpu !== undefined || /nvidia|tegra/i.test(c.vendor + c.model))
        .map((c) => ({
          model: c.model,
          utilizationPercent: c.utilizationGpu ?? null,
          temperatureC: c.temperatureGpu ?? null,
          memoryUsedMb: c.memoryUsed ?? null,
        })),
      readAt: Date.now(),
    };
    loopDelay.reset();
  };

  const poll = (): void => {
    reading$ ??= read()
      .catch((error) => context.log.warn('health reading failed', { error: oneLine(error) }))
      .finally(() => {
        reading$ = null;
      });
  };

  return {
    name: 'health',
    async start() {
      loopDelay.enable();
      poll();
      timer = setInterval(poll, context.config.health.intervalS * 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      loopDelay.disable();
    },
    status: () => reading,
  };
}

const round = (v: number): number => Math.round(v * 10) / 10;
