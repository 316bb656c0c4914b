/**
 * Work a request starts and answers without waiting for: because how long it
 * takes would tell the caller something (whether an account exists), or
 * because it outlives the request (a phone payment whose caller was put on
 * hold). Kept here so a stopping gateway waits for it
 * (ServiceModule.settleBackgroundWork), and its failures go to `failed` (the
 * log), never to the caller, who has had their answer.
 */
export class WorkAfterAnswer {
  private readonly running = new Set<Promise<void>>();

  start(work: () => Promise<void>, failed: (error: unknown) => void): void {
    const running = work()
      .catch(failed)
      .finally(() => this.running.delete(running));
    this.running.add(running);
  }

  /** Resolves once no work started here is still running, work started while it waits too. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
