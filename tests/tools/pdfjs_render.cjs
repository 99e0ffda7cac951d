#!/usr/bin/env node
// pdf.js (pdfjs-dist) inside real headless Chromium (puppeteer-core + Debian chromium), for the tests.
//
//   node pdfjs_render.cjs FILE.pdf OUTDIR PAGE [PAGE...]
//
// Serves pdf.js and the PDF from a loopback HTTP server (ES modules and the worker do not load
// from file: URLs), renders each page (1-based) at 1 CSS px per PDF point to a canvas, and
// writes OUTDIR/pdfjs-PAGE.png.  Prints ONE JSON object on stdout:
//   {pdfjs_version, browser, pages, rendered: [{page, png, text}], warnings: [console messages]}
// Exit 0 when the pages were rendered (whatever they show), 3 when the tool failed.
// Every request that does not go to the loopback server is aborted.
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const { FLAGS, chromiumPath } = require('./chromium.cjs');

const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>pdf.js</title></head><body>
<script type="module">
import * as pdfjsLib from '/pdfjs/pdf.mjs';
pdfjsLib.GlobalWorkerOptions.workerSrc = '/pdfjs/pdf.worker.mjs';
window.renderPages = async (numbers) => {
  const doc = await pdfjsLib.getDocument({ url: '/doc.pdf', isEvalSupported: false }).promise;
  const out = { pages: doc.numPages, rendered: [] };
  for (const n of numbers) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: ctx, viewport }).promise;
    const content = await page.getTextContent();
    out.rendered.push({ page: n, png: canvas.toDataURL('image/png'),
                        text: content.items.map(i => i.str).join('') });
  }
  return out;
};
window.pdfjsReady = true;
</script></body></html>`;

async function main() {
  const [file, outDir, ...pageArgs] = process.argv.slice(2);
  if (!file || !outDir || !pageArgs.length) throw new Error('usage: pdfjs_render.cjs FILE.pdf OUTDIR PAGE...');
  const pages = pageArgs.map(p => parseInt(p, 10));
  const build = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'build');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let body = null, type = 'application/octet-stream';
    if (url.pathname === '/favicon.ico') { res.writeHead(204); res.end(); return; }
    if (url.pathname === '/index.html') { body = PAGE; type = 'text/html; charset=utf-8'; }
    else if (url.pathname === '/doc.pdf') { body = fs.readFileSync(file); type = 'application/pdf'; }
    else if (url.pathname.startsWith('/pdfjs/')) {
      const name = path.basename(url.pathname);
      const full = path.join(build, name);
      if (fs.existsSync(full)) { body = fs.readFileSync(full); type = 'text/javascript'; }
    }
    if (body === null) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': type });
    res.end(body);
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const puppeteer = require('puppeteer-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pdfjs-profile-'));
  const out = { pdfjs_version: require('pdfjs-dist/package.json').version, warnings: [] };
  let browser;
  try {
    browser = await puppeteer.launch({
      executablePath: chromiumPath(), ignoreDefaultArgs: true, pipe: true,
      args: [...FLAGS, `--user-data-dir=${profile}`, '--hide-scrollbars', '--mute-audio', 'about:blank'],
      timeout: 30000,
    });
    out.browser = await browser.version();
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', r => (r.url().startsWith(origin) ? r.continue() : r.abort()));
    page.on('console', m => out.warnings.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', e => out.warnings.push(`pageerror: ${e.message}`));
    await page.goto(`${origin}/index.html`, { waitUntil: 'load', timeout: 30000 });
    await page.waitForFunction('window.pdfjsReady === true', { timeout: 30000 });
    const result = await page.evaluate(n => window.renderPages(n), pages);
    out.pages = result.pages;
    out.rendered = result.rendered.map(r => {
      const png = path.join(outDir, `pdfjs-${r.page}.png`);
      fs.writeFileSync(png, Buffer.from(r.png.split(',')[1], 'base64'));
      return { page: r.page, png, text: r.text };
    });
  } finally {
    if (browser) await browser.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch(err => {
  process.stdout.write(JSON.stringify({ error: String(err && err.stack || err) }) + '\n');
  process.exit(3);
});
