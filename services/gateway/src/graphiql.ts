import { readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * GraphiQL, served from our own packages so it works offline (no CDN):
 * React 18's UMD builds and GraphiQL 3's UMD bundle, read once at start-up.
 */

interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
}

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

function loadAssets(): ReadonlyMap<string, Asset> {
  const js = 'text/javascript; charset=utf-8';
  const files: [string, string, string][] = [
    ['react.js', path.join(packageDir('react'), 'umd/react.production.min.js'), js],
    ['react-dom.js', path.join(packageDir('react-dom'), 'umd/react-dom.production.min.js'), js],
    ['graphiql.js', path.join(packageDir('graphiql'), 'graphiql.min.js'), js],
    ['graphiql.css', path.join(packageDir('graphiql'), 'graphiql.min.css'), 'text/css; charset=utf-8'],
  ];
  return new Map(files.map(([name, file, contentType]) => [name, { body: readFileSync(file), contentType }]));
}

let assets: ReadonlyMap<string, Asset> | undefined;

/** A GraphiQL asset by file name, or undefined. */
export function graphiqlAsset(name: string): Asset | undefined {
  assets ??= loadAssets();
  return assets.get(name);
}

/**
 * The IDE page's own headers. Other sites may not frame it: a token or the
 * operator key is typed into its header editor, so a framed page invites
 * clickjacking. The CSP says only that, and forbids <base> and plugins: its
 * inline script and style would need a nonce or hash under a full policy.
 */
export const GRAPHIQL_PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
});

/** The IDE page: one tab per demo city with its x-tenant header filled in. */
export function graphiqlPage(demoTenants: readonly string[]): string {
  const operationName = (slug: string) => slug.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
  const query = (slug: string) =>
    `# The x-tenant header below picks the city.\nquery ${operationName(slug)} {\n  tenant {\n    name\n    timezone\n    paymentRules { posting { description } }\n  }\n}\n`;
  const tabs = demoTenants.map((slug) => ({ query: query(slug), headers: JSON.stringify({ 'x-tenant': slug }, null, 2) }));
  const config = JSON.stringify({ tabs }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Utility billing platform · GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <link rel="stylesheet" href="/graphiql/graphiql.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/react.js"></script>
  <script src="/graphiql/react-dom.js"></script>
  <script src="/graphiql/graphiql.js"></script>
  <script>
    const config = ${config};
    const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).toString() });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      // GraphiQL 3 fills the first tab's header editor from defaultHeaders, not from the tab itself. Headers are not
      // kept in localStorage: a bearer token or the operator key typed there would outlive the visit, readable by any
      // script of the city's origin.
      React.createElement(GraphiQL, { fetcher, defaultTabs: config.tabs, defaultHeaders: config.tabs[0]?.headers, defaultEditorToolsVisibility: 'headers', shouldPersistHeaders: false })
    );
  </script>
</body>
</html>`;
}
