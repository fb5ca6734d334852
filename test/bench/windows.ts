/**
 * The first and the last orders of the max-load phase, apart: how throughput and CPU per
 * order change as history accumulates.
 *
 * Definition. An order is finished when the courier simulator has bought its label (the
 * count the closed loop polls anyway, every ~100 ms while it places orders and every 1 s
 * after). The first window runs from the phase start to the first poll that sees ≥ W
 * labels of the phase; the last from the first poll that sees ≥ N − W to the first that
 * sees all N. A /proc sample is taken at each of those polls, so the CPU and the orders of
 * a window come from the same two moments: orders/s = labels bought in the window / its
 * wall time, CPU per order = CPU used in it / those labels. (Counting by placement instead
 * would charge the window with the backlog of up to `concurrency` orders in flight.)
 * W is 1,000 for N ≥ 3,000 and N / 3 below, so the windows never overlap.
 */
import { type CpuSample, cpuDelta, perOrder } from './proc.ts';

export function windowSize(n: number): number {
  return n >= 3000 ? 1000 : Math.floor(n / 3);
}

export interface Mark {
  /** Labels of the phase seen by the poll that took the sample. */
  labelled: number;
  cpu: CpuSample;
}

export interface WindowMarks {
  start?: Mark;
  firstEnd?: Mark;
  lastStart?: Mark;
  end?: Mark;
}

/** Takes the marks: call with every polled label count of the phase; `sample` runs only when a mark is due. */
export class WindowMarker {
  readonly marks: WindowMarks = {};
  readonly window: number;
  readonly n: number;

  constructor(n: number) {
    this.n = n;
    this.window = windowSize(n);
  }

  start(sample: CpuSample): void {
    this.marks.start = { labelled: 0, cpu: sample };
  }

  observe(labelled: number, sample: () => CpuSample): void {
    if (this.window <= 0) return;
    const due: (keyof WindowMarks)[] = [];
    if (!this.marks.firstEnd && labelled >= this.window) due.push('firstEnd');
    if (!this.marks.lastStart && labelled >= this.n - this.window) due.push('lastStart');
    if (!this.marks.end && labelled >= this.n) due.push('end');
    if (due.length === 0) return;
    const mark = { labelled, cpu: sample() };
    for (const k of due) this.marks[k] = mark;
  }
}

export interface WindowFigures {
  orders: number;
  seconds: number;
  ordersPerSec: number;
  cpuPerOrder: { cpu: Record<string, number>; total: number };
}

export function windowFigures(from: Mark, to: Mark, ticksPerSec: number): WindowFigures {
  const orders = to.labelled - from.labelled;
  const delta = cpuDelta(from.cpu, to.cpu, ticksPerSec);
  return {
    orders,
    seconds: delta.seconds,
    ordersPerSec: delta.seconds > 0 ? orders / delta.seconds : Number.NaN,
    cpuPerOrder: perOrder(delta, orders),
  };
}

export interface FirstLast {
  window: number;
  first?: WindowFigures;
  last?: WindowFigures;
}

/** The two windows' figures; one whose marks were not both taken, or that is empty (one poll took both), is left out. */
export function firstLast(marker: WindowMarker, ticksPerSec: number): FirstLast {
  const { start, firstEnd, lastStart, end } = marker.marks;
  const figures = (from?: Mark, to?: Mark) => {
    if (!from || !to) return undefined;
    const w = windowFigures(from, to, ticksPerSec);
    return w.orders > 0 && w.seconds > 0 ? w : undefined;
  };
  return { window: marker.window, first: figures(start, firstEnd), last: figures(lastStart, end) };
}
