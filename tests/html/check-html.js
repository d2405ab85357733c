#!/usr/bin/env node
// Checks kpireport's HTML copies in a real browser (Debian's Chromium through playwright-core):
//   - axe-core with the WCAG 2.0/2.1 A and AA rules and td-has-header: 0 violations and 0
//     "needs review" (incomplete) results;
//   - what axe cannot see: lang="ja", a title and an h1, one table with a caption, header cells
//     that are th (thead holds no td but empty spacers), a row header (th scope=row) in every body row, every data
//     cell naming its headers (a column header and its row's header, all th of the same table),
//     KPI blocks as lists, 達成率 and 判定 as text, the bar hidden from assistive technology, no
//     script and nothing fetched from elsewhere;
//   - at 360 px wide the page body does not scroll sideways (the table scrolls in its own box);
//   - printed, the page is A4 landscape.
// usage: check-html.js FILE.html...   (KR_SHOTS=DIR also saves desktop and 360 px screenshots and
// the printed PDF of each file into DIR, to look at)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const AXE = require.resolve('axe-core/axe.min.js');
const CHROMIUM = process.env.KR_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

// Runs in the page: returns a list of problems (strings).
function structure() {
  const bad = [];
  const html = document.documentElement;
  if (html.getAttribute('lang') !== 'ja') bad.push('html lang is not "ja"');
  if (!document.title.trim()) bad.push('no title');
  if (document.querySelectorAll('h1').length !== 1) bad.push('not exactly one h1');
  if (document.querySelector('script')) bad.push('a script element');
  for (const el of document.querySelectorAll('[src], link[href]'))
    bad.push(`a reference to another file: ${el.outerHTML.slice(0, 80)}`);
  const tables = document.querySelectorAll('table');
  if (tables.length !== 1) bad.push(`${tables.length} tables, not 1`);
  for (const t of tables) {
    const cap = t.querySelector(':scope > caption');
    if (!cap || !cap.textContent.trim()) bad.push('the table has no caption');
    for (const td of t.querySelectorAll('thead td'))
      if (td.textContent.trim()) bad.push(`a header cell that is not a th: ${td.textContent}`);
    const ths = new Map();
    for (const th of t.querySelectorAll('th')) if (th.id) ths.set(th.id, th);
    const rows = t.querySelectorAll('tbody > tr');
    if (!rows.length) bad.push('no body rows');
    for (const tr of rows) {
      const rh = tr.querySelectorAll(':scope > th');
      if (rh.length !== 1 || rh[0].getAttribute('scope') !== 'row' || !rh[0].id)
        bad.push(`a row without one row header: ${tr.textContent.slice(0, 40)}`);
      for (const td of tr.querySelectorAll(':scope > td')) {
        const ids = (td.getAttribute('headers') || '').split(/\s+/).filter(Boolean);
        const heads = ids.map((id) => ths.get(id));
        if (!ids.length || heads.some((h) => !h)) {
          bad.push(`a cell whose headers are missing: ${td.textContent.slice(0, 40)}`);
          continue;
        }
        if (!heads.some((h) => h.closest('thead')))
          bad.push(`a cell without a column header: ${td.textContent.slice(0, 40)}`);
        if (!heads.includes(rh[0]))
          bad.push(`a cell without its row header: ${td.textContent.slice(0, 40)}`);
      }
    }
    for (const li of t.querySelectorAll('ul.kpis > li'))
      if (li.querySelector('br')) bad.push('a line break inside a KPI block');
    for (const bar of t.querySelectorAll('.bar'))
      if (bar.getAttribute('aria-hidden') !== 'true') bad.push('a bar visible to assistive technology');
    for (const v of t.querySelectorAll('.vd')) if (!v.textContent.trim()) bad.push('a verdict without text');
  }
  return bad;
}

function mediaBox(pdf) {
  const m = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
  return m ? [Number(m[1]), Number(m[2])] : null;
}

async function check(context, file, shots) {
  const problems = [];
  const page = await context.newPage();
  let fetched = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:')) fetched.push(r.url()); });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('file://' + path.resolve(file));
  problems.push(...await page.evaluate(structure));
  await page.addScriptTag({ path: AXE });
  const axe = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    rules: { 'td-has-header': { enabled: true } },
  }));
  for (const v of axe.violations)
    problems.push(`axe violation ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0].target})`);
  for (const v of axe.incomplete)
    problems.push(`axe needs review ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0].target})`);
  const base = path.basename(file, '.html');
  if (shots) await page.screenshot({ path: path.join(shots, `${base}-desktop.png`), fullPage: true });

  await page.setViewportSize({ width: 360, height: 740 });
  const wide = await page.evaluate(() => [document.documentElement.scrollWidth, document.body.scrollWidth]);
  if (Math.max(...wide) > 360) problems.push(`the page scrolls sideways at 360 px (${wide.join(', ')} px wide)`);
  if (shots) await page.screenshot({ path: path.join(shots, `${base}-360.png`), fullPage: true });

  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const box = mediaBox(pdf);
  if (!box || Math.abs(box[0] - 841.9) > 2 || Math.abs(box[1] - 595.3) > 2)
    problems.push(`printed page is ${box ? box.join(' x ') : 'unknown'} pt, not A4 landscape`);
  if (shots) fs.writeFileSync(path.join(shots, `${base}-print.pdf`), pdf);
  if (fetched.length) problems.push(`fetched ${fetched.join(', ')}`);
  await page.close();
  return problems;
}

(async () => {
  const files = process.argv.slice(2);
  if (!files.length) {
    console.error('usage: check-html.js FILE.html...');
    process.exit(2);
  }
  const shots = process.env.KR_SHOTS;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kr-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS,
  });
  let failed = 0;
  try {
    for (const f of files) {
      const problems = await check(context, f, shots);
      if (problems.length) {
        failed++;
        console.log(`FAIL ${f}`);
        for (const p of problems) console.log(`  ${p}`);
      } else {
        console.log(`ok ${f}`);
      }
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
