// Drives `pipeline serve` in real Chromium (puppeteer-core): the page shows a document's HTML;
// the source is edited on disk and the page must show the new text; the source is broken and
// the page must show its error, not the last good build; the source is fixed and the page recovers.
// Usage: node serve_check.cjs URL FILE OLD_TEXT NEW_TEXT; prints one JSON object.
'use strict';
const fs = require('fs');
const puppeteer = require('puppeteer-core');
const { FLAGS, chromiumPath } = require('./chromium.cjs');

const [url, file, oldText, newText] = process.argv.slice(2);
const sleep = ms => new Promise(r => setTimeout(r, ms));

// What the page shows now: the HTML frame's text, the error box, the diagnostics' links.
async function look(page) {
  try {
    const frame = page.frames().find(f => f.url().includes('/html'));
    const html = frame ? await frame.evaluate(() => document.body.innerText) : '';
    const shown = await page.evaluate(() => ({
      error: (document.querySelector('pre.error') || {}).innerText || '',
      iframe: !!document.querySelector('iframe#html'),
      pdf: (document.querySelector('object#pdf') || {}).data || '',
      links: [...document.querySelectorAll('section.diagnostics a')].map(a => a.getAttribute('href')),
    }));
    return { html, ...shown };
  } catch (e) {            // the page is reloading
    return { html: '', error: '', iframe: false, pdf: '', links: [] };
  }
}

async function waitFor(page, test, timeout) {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    const seen = await look(page);
    if (test(seen)) return { ms: Date.now() - start, seen };
    await sleep(50);
  }
  return { ms: null, seen: await look(page) };
}

(async () => {
  const browser = await puppeteer.launch({ executablePath: chromiumPath(), args: FLAGS });
  const result = {};
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const first = await waitFor(page, s => s.html.includes(oldText), 120000);
    result.initial_ms = first.ms;
    result.links = first.seen.links;
    const original = fs.readFileSync(file, 'utf8');

    fs.writeFileSync(file, original.replace(oldText, newText));
    const edited = await waitFor(page, s => s.html.includes(newText) && !s.html.includes(oldText), 60000);
    result.edit_ms = edited.ms;

    const pdf = await waitFor(page, s => s.pdf.includes('/pdf'), 120000);
    result.pdf_ms = pdf.ms;
    if (pdf.ms !== null) {
      const response = await page.evaluate(async src => {
        const r = await fetch(src); return { status: r.status, type: r.headers.get('content-type') };
      }, pdf.seen.pdf);
      result.pdf_response = response;
    }

    fs.writeFileSync(file, Buffer.concat([Buffer.from(original.replace(oldText, newText), 'utf8').subarray(0, 200),
                                          Buffer.from([0xff, 0xfe, 0x00])]));
    const broken = await waitFor(page, s => s.error !== '' && !s.iframe, 60000);
    result.broken_ms = broken.ms;
    result.error_text = broken.seen.error;
    result.broken_shows_html = broken.seen.iframe;

    fs.writeFileSync(file, original.replace(oldText, newText));
    const fixed = await waitFor(page, s => s.error === '' && s.html.includes(newText), 60000);
    result.fixed_ms = fixed.ms;
  } catch (e) {
    result.error = String(e && e.stack || e);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result));
})();
