/**
 * A declared transition table and the one check every status change passes.
 * Staying in the same status is never a transition: a change that does not
 * move the status (a settlement date, a refunded total) is not recorded as one.
 */
export class StateMachine<S extends string> {
  constructor(
    private readonly subject: string,
    private readonly next: Readonly<Record<S, readonly S[]>>,
  ) {}

  canMove(from: S, to: S): boolean {
    return from !== to && this.next[from].includes(to);
  }

  /** Throws for a move the table does not allow: a bug in the caller, never a user error. */
  assertMove(from: S, to: S, id: string): void {
    if (!this.canMove(from, to)) throw new Error(`${this.subject} ${id}: ${from} -> ${to} is not allowed`);
  }
}
