/** Time source injected everywhere time matters, so tests move a fixed clock instead of sleeping. */
export abstract class Clock {
  abstract now(): Date;

  nowMs(): number {
    return this.now().getTime();
  }

  /** Seconds since the epoch, as used in JWT claims. */
  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that only moves when a test tells it to. */
export class FixedClock extends Clock {
  private current: number;

  constructor(start: Date | number = Date.parse('2026-01-15T12:00:00Z')) {
    super();
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(time: Date | number): void {
    this.current = typeof time === 'number' ? time : time.getTime();
  }

  advanceSeconds(seconds: number): void {
    this.current += seconds * 1000;
  }
}
