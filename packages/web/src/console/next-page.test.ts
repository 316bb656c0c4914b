import { loadNextPage } from './next-page';

type Runs = { runs: { edges: { node: string }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } };

const page = (nodes: string[], endCursor: string | null, hasNextPage: boolean): Runs => ({ runs: { edges: nodes.map((node) => ({ node })), pageInfo: { endCursor, hasNextPage } } });

describe('loadNextPage', () => {
  it('asks for the page after the last cursor shown and puts its edges after those shown, with the newest page info', async () => {
    const asked: { after: string }[] = [];
    let merged: Runs | null = null;
    const shown = page(['a', 'b'], 'cursor-b', true);
    await loadNextPage(
      async ({ variables, updateQuery }) => {
        asked.push(variables);
        merged = updateQuery(shown, { fetchMoreResult: page(['c'], 'cursor-c', false) });
      },
      shown,
      'runs',
    );
    expect(asked).toEqual([{ after: 'cursor-b' }]);
    expect(merged).toEqual(page(['a', 'b', 'c'], 'cursor-c', false));
  });

  it('asks for nothing when there is no cursor to go on from, or nothing shown yet', async () => {
    let calls = 0;
    const fetchMore = async () => void calls++;
    await loadNextPage(fetchMore, page([], null, false), 'runs');
    await loadNextPage(fetchMore, undefined as Runs | undefined, 'runs');
    expect(calls).toBe(0);
  });
});
