// Ordered clean-up for the benchmark, on success, on failure and on Ctrl-C.
//
// Each resource registers how to undo itself right after it exists; undoing
// runs newest first, so the server stops before the database it uses, and the
// database is released last. Unlike scripts/process.ts's Lifecycle (one child
// and one database), the bench holds several resources in its own process too:
// a Prisma pool, the key-change listener, a fill query that may need cancelling.

type Step = { label: string; run: () => Promise<void> };

export class InterruptedError extends Error {
  constructor() {
    super("interrupted");
    this.name = "InterruptedError";
  }
}

export class Shutdown {
  private readonly steps: Step[] = [];
  private draining: Promise<void> | null = null;
  private signalled = false;

  constructor(private readonly log: (line: string) => void) {
    process.on("SIGINT", () => void this.onSignal("SIGINT"));
    process.on("SIGTERM", () => void this.onSignal("SIGTERM"));
  }

  /** Registers an undo step. The returned function unregisters it (for work that ended by itself). */
  add(label: string, run: () => Promise<void>): () => void {
    const step: Step = { label, run };
    this.steps.push(step);
    return () => {
      const index = this.steps.indexOf(step);
      if (index !== -1) this.steps.splice(index, 1);
    };
  }

  get interrupted(): boolean {
    return this.signalled;
  }

  /** Called between phases, so an interrupted run does not start new work while it is being torn down. */
  checkpoint() {
    if (this.signalled) throw new InterruptedError();
  }

  /** Runs every registered step, newest first; a failing step is reported and the rest still run. */
  runAll(): Promise<void> {
    this.draining ??= this.drain();
    return this.draining;
  }

  private async drain() {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.run();
      } catch (error) {
        this.log(`clean-up step "${step.label}" failed: ${(error as Error).message}`);
      }
    }
  }

  private async onSignal(signal: NodeJS.Signals) {
    if (this.signalled) return; // a second Ctrl-C while cleaning up changes nothing
    this.signalled = true;
    this.log(`${signal}: stopping the server and the database…`);
    await this.runAll();
    process.exit(130);
  }
}
