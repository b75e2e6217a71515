/** Simulated clock: sim time runs `speed` times faster than wall time and can be set or advanced. */
export class Clock {
  private baseSim: number;
  private baseReal: number;
  speed: number;
  private readonly realNow: () => number;

  constructor(startMs: number, speed = 1, realNow: () => number = Date.now) {
    this.realNow = realNow;
    this.baseSim = startMs;
    this.baseReal = realNow();
    this.speed = speed;
  }
  now(): number {
    return Math.floor(this.baseSim + (this.realNow() - this.baseReal) * this.speed);
  }
  set(ms: number): void {
    // never run backwards: visible history must stay immutable
    this.baseSim = Math.max(ms, this.now());
    this.baseReal = this.realNow();
  }
  advance(ms: number): void {
    this.set(this.now() + Math.max(0, ms));
  }
  setSpeed(speed: number): void {
    this.baseSim = this.now();
    this.baseReal = this.realNow();
    this.speed = speed;
  }
}
