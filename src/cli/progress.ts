/**
 * Progress of a long command on stderr: a cli-progress bar (runs done, rate, ETA, failures) when
 * stderr is a terminal, and a plain line every few seconds when it is not (CI logs, pipes), so logs
 * stay readable and stdout stays clean for results.
 */
import cliProgress from 'cli-progress';
import { formatCount, formatDuration } from '../base/format.js';

export interface ProgressState {
  total: number;
  done: number;
  /** Done before this session started (resumed runs); excluded from the rate. */
  resumed: number;
  failed: number;
  elapsedMs: number;
  /** A few words after the counts, e.g. "12 of 64 points open" (a total that grows as points need more runs). */
  detail?: string;
}

export interface ProgressDisplay {
  update(state: ProgressState): void;
  /** Draws the final state and releases the terminal line. */
  stop(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Word before the counts, e.g. "sweep". */
  label: string;
  /** Force the plain-line mode (or the bar) instead of asking the stream. */
  tty?: boolean;
  /** Seconds between plain lines. Default 10. */
  everySeconds?: number;
}


function rateAndEta(state: ProgressState): { rate: number; eta: number } {
  const ran = state.done - state.resumed;
  const rate = state.elapsedMs > 0 ? (ran * 1000) / state.elapsedMs : 0;
  return { rate, eta: rate > 0 ? (state.total - state.done) / rate : Number.NaN };
}

/** One plain line: `sweep: 1,200/8,000 runs (15.0 %), 410 runs/s, ETA 17s, 0 failed`. */
export function progressLine(label: string, state: ProgressState): string {
  const { rate, eta } = rateAndEta(state);
  const percent = state.total > 0 ? ((100 * state.done) / state.total).toFixed(1) : '100.0';
  const etaText = state.done >= state.total ? `took ${formatDuration(state.elapsedMs / 1000)}` : `ETA ${formatDuration(eta)}`;
  return `${label}: ${formatCount(state.done)}/${formatCount(state.total)} runs (${percent} %), ${rate >= 10 ? formatCount(rate) : rate.toFixed(1)} runs/s, ${etaText}, ${formatCount(state.failed)} failed${state.detail ? `, ${state.detail}` : ''}`;
}

export function createProgress(options: ProgressOptions): ProgressDisplay {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  return tty ? barProgress(stream, options.label) : lineProgress(stream, options.label, (options.everySeconds ?? 10) * 1000);
}

function barProgress(stream: NodeJS.WriteStream, label: string): ProgressDisplay {
  const bar = new cliProgress.SingleBar({
    stream,
    format: `${label} {bar} {percentage}% | {value}/{total} runs | {rate} runs/s | ETA {etaText} | {failed} failed{detail}`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    fps: 5,
    etaBuffer: 50,
    clearOnComplete: false,
  });
  let started = false;
  let last: ProgressState | undefined;
  const payload = (state: ProgressState) => {
    const { rate, eta } = rateAndEta(state);
    return { rate: rate >= 10 ? formatCount(rate) : rate.toFixed(1), etaText: formatDuration(eta), failed: formatCount(state.failed), detail: state.detail ? ` | ${state.detail}` : '' };
  };
  return {
    update(state) {
      last = state;
      if (!started) { bar.start(state.total, state.done, payload(state)); started = true; return; }
      if (bar.getTotal() !== state.total) bar.setTotal(state.total);
      bar.update(state.done, payload(state));
    },
    stop() {
      if (!started) return;
      if (last) bar.update(last.done, payload(last));
      bar.stop();
    },
  };
}

function lineProgress(stream: NodeJS.WriteStream, label: string, everyMs: number): ProgressDisplay {
  let lastPrinted = -Infinity;
  let last: ProgressState | undefined;
  let printedLast: ProgressState | undefined;
  const print = (state: ProgressState) => { stream.write(`${progressLine(label, state)}\n`); printedLast = state; };
  return {
    update(state) {
      last = state;
      const now = performance.now();
      if (now - lastPrinted >= everyMs) {
        // The first call only starts the clock: a sweep shorter than one interval prints one line.
        if (lastPrinted !== -Infinity) print(state);
        lastPrinted = now;
      }
    },
    stop() {
      if (last && last !== printedLast) print(last);
    },
  };
}
