// A progress bar with rate and ETA on stderr, drawn only on a TTY or when asked (--progress).

export interface Progress {
  tick(step?: number, note?: string): void;
  done(): void;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** One line: bar, count, rate per second, elapsed and remaining time. */
export function progressLine(done: number, total: number, elapsedS: number, unit: string, width = 24): string {
  const fraction = total ? Math.min(1, done / total) : 0;
  const filled = Math.round(fraction * width);
  const rate = elapsedS > 0 ? done / elapsedS : 0;
  const eta = rate > 0 ? (total - done) / rate : Infinity;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${unit} ${rate.toFixed(1)}/s elapsed ${duration(elapsedS)} eta ${duration(eta)}`;
}

export function createProgress(total: number, unit: string, enabled: boolean = process.stderr.isTTY === true): Progress {
  if (!enabled) return { tick: () => {}, done: () => {} };
  const start = performance.now();
  const tty = process.stderr.isTTY === true;
  let count = 0;
  let lastDraw = 0;
  let drawnCount = -1;
  const draw = (note = '') => {
    drawnCount = count;
    const line = progressLine(count, total, (performance.now() - start) / 1000, unit) + (note ? ` ${note}` : '');
    // On a terminal the line redraws in place; redirected, it prints a line at most every 2 s.
    process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
  };
  return {
    tick(step = 1, note) {
      count += step;
      const now = performance.now();
      if (count >= total || now - lastDraw > (tty ? 100 : 2000)) {
        lastDraw = now;
        draw(note);
      }
    },
    done() {
      if (drawnCount !== count) draw();
      if (tty) process.stderr.write('\n');
    },
  };
}
