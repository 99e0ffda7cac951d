#!/usr/bin/env node
// axe-core inside real headless Chromium (puppeteer-core + Debian chromium), for the tests.
//
//   node axe_run.cjs [--tags a,b] [--schemes light,dark] [--width N] [--probe CSS-SELECTOR]... FILE ...
//
// --probe: for the first element matching the selector, the computed style (colour, text
// decoration, outline, ::after content) at rest, when hovered and when focused from the keyboard,
// so a test can prove that something becomes visible on hover/focus.
// One browser for every file and colour scheme; prints ONE JSON object on stdout:
//   {axe_version, browser, tags, runs: [{file, scheme, violations: [{id, impact, help,
//    nodes: [{target, html, summary}]}], incomplete: [{id, nodes}], passes, overflow_x, probes}]}
// Exit 0 when every page was checked (whatever axe found), 3 when the tool failed.
// Every request that is not file: or data: is aborted, so a page cannot reach the network.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');

const { FLAGS, chromiumPath } = require('./chromium.cjs');

async function main() {
  const argv = process.argv.slice(2);
  let tags = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'];
  let schemes = ['light'];
  let width = 1280;
  const files = [];
  const probes = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tags') tags = argv[++i].split(',');
    else if (argv[i] === '--schemes') schemes = argv[++i].split(',');
    else if (argv[i] === '--width') width = parseInt(argv[++i], 10);
    else if (argv[i] === '--probe') probes.push(argv[++i]);
    else files.push(argv[i]);
  }
  if (!files.length) throw new Error('usage: axe_run.cjs [--tags a,b] [--schemes light,dark] FILE ...');
  const puppeteer = require('puppeteer-core');
  const axePath = require.resolve('axe-core/axe.min.js');
  const axeSource = fs.readFileSync(axePath, 'utf8');
  const out = { axe_version: require('axe-core/package.json').version, tags, runs: [] };
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'axe-profile-'));
  let browser;
  try {
    browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      ignoreDefaultArgs: true,
      pipe: true,
      args: [...FLAGS, `--user-data-dir=${profile}`, '--hide-scrollbars', '--mute-audio',
        '--force-color-profile=srgb', `--window-size=${width},1024`, 'about:blank'],
      timeout: 30000,
    });
    out.browser = await browser.version();
    for (const file of files) {
      for (const scheme of schemes) {
        const page = await browser.newPage();
        await page.setViewport({ width, height: 1024 });
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        await page.setRequestInterception(true);
        const blocked = [];
        page.on('request', req => {
          if (/^(file|data|about):/.test(req.url())) return req.continue();
          blocked.push(req.url());
          return req.abort('blockedbyclient');
        });
        await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load', timeout: 60000 });
        await page.evaluate(axeSource);
        const res = await page.evaluate(async (tags) => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, { runOnly: { type: 'tag', values: tags },
            resultTypes: ['violations', 'incomplete'] });
          const nodes = v => v.nodes.map(n => ({ target: n.target.join(' '), html: n.html.slice(0, 200),
            summary: n.failureSummary }));
          return {
            violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: nodes(v) })),
            incomplete: r.incomplete.map(v => ({ id: v.id, nodes: nodes(v).slice(0, 5) })),
            passes: r.passes.map(v => v.id),
          };
        }, tags);
        // WCAG 1.4.10 reflow: how far the page overflows the viewport sideways (<= 0: no scrolling).
        res.overflow_x = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        res.probes = {};
        for (const sel of probes) res.probes[sel] = await probe(page, sel);
        out.runs.push({ file, scheme, blocked, ...res });
        await page.close();
      }
    }
  } finally {
    if (browser) {
      const proc = browser.process();
      await browser.close().catch(() => {});
      if (proc && proc.pid) { try { process.kill(proc.pid, 'SIGKILL'); } catch (_) {} }
    }
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(JSON.stringify(out));
}

async function probe(page, sel) {
  const style = () => page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return { inViewport: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
      color: cs.color, textDecorationLine: cs.textDecorationLine, outlineStyle: cs.outlineStyle,
      outlineWidth: cs.outlineWidth, after: getComputedStyle(el, '::after').content,
      listStyleType: cs.listStyleType, paddingInlineStart: cs.paddingInlineStart,
      focused: document.activeElement === el, focusVisible: el.matches(':focus-visible') };
  }, sel);
  const rest = await style();
  if (!rest) return null;
  let hover = null;  // an element off-screen (a skip link at rest) cannot be hovered
  try { await page.hover(sel); hover = await style(); } catch (_) {}
  await page.mouse.move(0, 0);
  // Keyboard focus: Tab from the start of the page until the element has the focus.
  await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
  let focus = null;
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const s = await style();
    if (s.focused) { focus = s; break; }
  }
  return { rest, hover, focus };
}

main().catch(e => {
  console.log(JSON.stringify({ error: String(e && e.stack || e) }));
  process.exit(3);
});
