import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadWebBuild, webTarget } from './static-web';

describe('webTarget', () => {
  it('maps paths to the portal, the console or an asset', () => {
    expect(webTarget('/', undefined)).toEqual({ kind: 'portal' });
    expect(webTarget('/console', undefined)).toEqual({ kind: 'console' });
    expect(webTarget('/console/accounts/12', undefined)).toEqual({ kind: 'console' });
    expect(webTarget('/assets/app-1234.js', undefined)).toEqual({ kind: 'asset', name: 'app-1234.js' });
  });

  it('gives other paths to the portal only for a browser navigation to an extension-less path', () => {
    expect(webTarget('/pay', 'text/html,*/*')).toEqual({ kind: 'portal' });
    expect(webTarget('/pay', '*/*')).toBeNull();
    expect(webTarget('/robots.txt', 'text/html')).toBeNull();
    expect(webTarget('/consoles', undefined)).toBeNull();
  });
});

describe('loadWebBuild', () => {
  it('is null until both pages are built, then lists only the files under assets/', () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
    mkdirSync(path.join(dist, 'portal'));
    writeFileSync(path.join(dist, 'portal/index.html'), '<!doctype html>');
    expect(loadWebBuild(dist)).toBeNull();
    mkdirSync(path.join(dist, 'console'));
    writeFileSync(path.join(dist, 'console/index.html'), '<!doctype html>');
    mkdirSync(path.join(dist, 'assets/nested'), { recursive: true });
    writeFileSync(path.join(dist, 'assets/app.js'), 'x'.repeat(5000));
    const build = loadWebBuild(dist)!;
    expect([...build.assets.keys()]).toEqual(['app.js']);
    expect(build.assets.get('app.js')).toMatchObject({ contentType: 'text/javascript; charset=utf-8' });
    expect(build.assets.get('app.js')!.gzipped!.length).toBeLessThan(200);
  });
});
