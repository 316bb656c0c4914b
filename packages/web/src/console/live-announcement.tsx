/**
 * Something a live page says to a screen reader once, of itself (a new payment on the board, a restoration request
 * arriving, what a filter matched), with the focus left where it is: a status region that is on the page before it
 * speaks, so it is heard. `n` counts the times it has spoken, so the same words said again are a new announcement.
 */
export function LiveAnnouncement({ said }: { readonly said: { readonly text: string; readonly n: number } | null }) {
  return (
    <p className="visually-hidden" role="status">
      {said && <span key={said.n}>{said.text}</span>}
    </p>
  );
}
