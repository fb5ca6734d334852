import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { z } from 'zod';
import { createApp } from './create-app.ts';
import { openApiDocument } from './openapi.ts';
import { memoryLogger } from './test-logger.ts';

const CHROMIUM = '/usr/bin/chromium';

describe('GET /docs', () => {
  let base = '';
  let server: Server;
  let browser: Browser;
  before(async () => {
    const doc = openApiDocument({
      service: 'kit-test',
      description: 'a test service',
      routes: [
        {
          method: 'get',
          path: '/widgets/:id',
          summary: 'One widget by its id',
          responses: { 200: { description: 'the widget', schema: z.object({ id: z.string() }) } },
        },
      ],
    });
    const { app } = createApp({
      service: 'kit-test',
      logger: memoryLogger().logger,
      routes: (r) => {
        r.get('/openapi.json', (_req, res) => void res.json(doc));
      },
    });
    server = app.listen(0);
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    server.close();
  });

  it('when /docs is asked for, then it is the viewer reading /openapi.json, with every asset from the service', async () => {
    const res = await fetch(`${base}/docs`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^text\/html/);
    assert.match(String(res.headers.get('content-security-policy')), /script-src 'self'/);
    const html = await res.text();
    assert.match(html, /data-url="\/openapi\.json"/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    assert.deepEqual(assets.sort(), ['/docs/init.js', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css']);
    for (const path of assets) assert.equal((await fetch(base + path)).status, 200, path);
  });

  it('when a browser opens /docs under the CSP, then the operations are rendered and nothing is refused or fetched elsewhere', async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    const elsewhere: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused/i.test(m.text())) refused.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    });
    await page.goto(`${base}/docs`);
    await page.getByText('One widget by its id').waitFor({ timeout: 15_000 });
    assert.match(await page.title(), /kit-test/);
    assert.deepEqual(refused, []);
    assert.deepEqual(elsewhere, []);
    await page.close();
  });
});
