/**
 * Tells a live feed's replay from what comes after it. A feed followed from its start replays every event it holds,
 * then goes on live; a query made as the page opens gives its head, the cursor of the last event then (null when the
 * feed was empty, or when the query failed: everything is then taken as new, and a few old events may be said once).
 * The head's own event ends the replay. Cursors are opaque, so they cannot be compared: the cursors seen before the
 * head is known are kept until it is, then dropped.
 */
export class ReplayEnd {
  private head: string | null | undefined;
  private readonly seenBeforeHead = new Set<string>();
  private over = false;

  /** Whether the replay is over: every event seen from now on came after the head. False until the head is known. */
  get isOver(): boolean {
    return this.over;
  }

  /** The feed's head as the page opened, or null (see above); known once, a second answer changes nothing. */
  headIs(head: string | null): void {
    if (this.head !== undefined) return;
    this.head = head;
    this.over = head === null || this.seenBeforeHead.has(head);
    this.seenBeforeHead.clear();
  }

  /** An event the page has taken in, by its cursor. */
  seen(cursor: string): void {
    if (this.over) return;
    if (this.head === undefined) this.seenBeforeHead.add(cursor);
    else if (cursor === this.head) this.over = true;
  }
}
