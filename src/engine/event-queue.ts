/**
 * A binary min-heap of scheduled events ordered by (timeMs, phase, seq): the simulator's queue for
 * timers and child-order arrivals. Bar closes do not go through it (they are a sequential index over
 * the candle arrays, merged with the heap's top by the run loop), so the heap stays small.
 *
 * `seq` is assigned on push from a counter, so two events at the same time and phase pop in the
 * order they were scheduled: ties resolve the same way on every run. Storage is parallel typed
 * arrays that grow by doubling; push and pop allocate nothing once grown.
 */

/** Phases of events that share a timestamp, in the order they run. */
export const PHASE_BAR = 0;
export const PHASE_ARRIVAL = 1;
export const PHASE_TIMER = 2;

export class EventQueue {
  private time: Float64Array;
  private phase: Uint8Array;
  private seq: Float64Array;
  /** Caller-defined payload, e.g. a child-order index or a timer index. */
  private ref: Int32Array;
  private size_ = 0;
  private nextSeq = 0;

  constructor(capacity = 64) {
    const c = Math.max(1, capacity);
    this.time = new Float64Array(c);
    this.phase = new Uint8Array(c);
    this.seq = new Float64Array(c);
    this.ref = new Int32Array(c);
  }

  get size(): number {
    return this.size_;
  }

  /** Time of the next event, +Infinity when empty. */
  peekTime(): number {
    return this.size_ > 0 ? this.time[0]! : Number.POSITIVE_INFINITY;
  }

  /** Phase of the next event, 255 when empty. */
  peekPhase(): number {
    return this.size_ > 0 ? this.phase[0]! : 255;
  }

  peekRef(): number {
    return this.size_ > 0 ? this.ref[0]! : -1;
  }

  push(timeMs: number, phase: number, ref: number): void {
    if (this.size_ === this.time.length) this.grow();
    let i = this.size_++;
    const s = this.nextSeq++;
    // Sift up: move parents down until the slot for the new key is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(timeMs, phase, s, p)) break;
      this.move(p, i);
      i = p;
    }
    this.time[i] = timeMs;
    this.phase[i] = phase;
    this.seq[i] = s;
    this.ref[i] = ref;
  }

  /** Remove the next event; returns its ref (read time/phase with peek* before popping). */
  pop(): number {
    if (this.size_ === 0) throw new RangeError("EventQueue.pop on an empty queue");
    const top = this.ref[0]!;
    const last = --this.size_;
    if (last > 0) {
      const t = this.time[last]!;
      const ph = this.phase[last]!;
      const s = this.seq[last]!;
      const r = this.ref[last]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const rr = l + 1;
        let c = l;
        if (rr < last && this.lessIdx(rr, l)) c = rr;
        if (!this.lessKeyThanIdx(c, t, ph, s)) break;
        this.move(c, i);
        i = c;
      }
      this.time[i] = t;
      this.phase[i] = ph;
      this.seq[i] = s;
      this.ref[i] = r;
    }
    return top;
  }

  clear(): void {
    this.size_ = 0;
    this.nextSeq = 0;
  }

  /** key (t, ph, s) < key at index j */
  private less(t: number, ph: number, s: number, j: number): boolean {
    const tj = this.time[j]!;
    if (t !== tj) return t < tj;
    const pj = this.phase[j]!;
    if (ph !== pj) return ph < pj;
    return s < this.seq[j]!;
  }

  /** key at index c < key (t, ph, s) */
  private lessKeyThanIdx(c: number, t: number, ph: number, s: number): boolean {
    const tc = this.time[c]!;
    if (tc !== t) return tc < t;
    const pc = this.phase[c]!;
    if (pc !== ph) return pc < ph;
    return this.seq[c]! < s;
  }

  private lessIdx(a: number, b: number): boolean {
    return this.less(this.time[a]!, this.phase[a]!, this.seq[a]!, b);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]!;
    this.phase[to] = this.phase[from]!;
    this.seq[to] = this.seq[from]!;
    this.ref[to] = this.ref[from]!;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const time = new Float64Array(n);
    const phase = new Uint8Array(n);
    const seq = new Float64Array(n);
    const ref = new Int32Array(n);
    time.set(this.time);
    phase.set(this.phase);
    seq.set(this.seq);
    ref.set(this.ref);
    this.time = time;
    this.phase = phase;
    this.seq = seq;
    this.ref = ref;
  }
}
