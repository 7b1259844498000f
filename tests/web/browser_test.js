/*
 * browser_test.js SITE BIN SHOTS [URL] — `make check-web`: the page in
 * Debian's headless Chromium (driven by playwright-core) against the CLI.
 * Loads SITE/index.html from file:// (offline) and, when given, from URL
 * (make web's server); picks seed comment 49 at 256 KB and checks the
 * capacity the page shows equals `dheapsim capacity --format json`; moves
 * a control and checks the new capacity; scrubs the slider and checks a
 * heap's Used Rate against `run --csv-rows changed`; puts two profiles side
 * by side; pastes a dheapmon table; and compares every desktop the page
 * shows, on every shipped scenario, with the CLI's JSON. Any console error
 * fails it. Screenshots go to SHOTS.
 */
'use strict';
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const url = require('url');

const [site, bin, shots, httpUrl] = process.argv.slice(2);
if (!site || !bin || !shots) {
  console.error('usage: node browser_test.js SITE BIN SHOTS [URL]');
  process.exit(2);
}
let pass = 0, fail = 0;
const ok = (name) => { pass++; };
const bad = (name, why) => { fail++; console.log(`FAIL: ${name}: ${why}`); };
const check = (name, cond, why) => (cond ? ok(name) : bad(name, why));

function cli(args) {
  return execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
}
function cliJson(args) { return JSON.parse(cli(args.concat(['--format', 'json']))); }

const C49 = 'scenarios/comment49-service-children.json';
const GROW = 'child processes';

async function ready(page, before) {
  await page.waitForFunction((n) => document.body.dataset.ready === '1' &&
    Number(document.body.dataset.updates || 0) > n, before, { timeout: 60000 });
}
async function updates(page) {
  return Number(await page.evaluate(() => document.body.dataset.updates || 0));
}
/* Change a control and wait for the page to redraw. */
async function change(page, fn) {
  const n = await updates(page);
  await fn();
  await ready(page, n);
}
async function capacityOf(page, col) {
  return page.evaluate((c) => {
    const e = document.querySelector(`#${c} .capacity[data-capacity]`);
    return e ? Number(e.dataset.capacity) : null;
  }, col);
}
async function desksOf(page, col) {
  return page.evaluate((c) => [...document.querySelectorAll(`#${c} li.desk`)].map((e) =>
    ({ key: e.dataset.key, heap_kb: Number(e.dataset.heapKb), used_pct: Number(e.dataset.usedPct) })), col);
}
function cliDesks(rep) {
  const out = [];
  for (const s of rep.sessions)
    for (const d of s.desktops)
      out.push({ key: `${s.id}/${d.winsta}/${d.desktop}`, heap_kb: d.heap_kb, used_pct: d.used_pct });
  return out;
}
function sameDesks(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
async function setValue(page, sel, v) {
  await change(page, () => page.fill(sel, String(v)).then(() => page.dispatchEvent(sel, 'change')));
}

async function onePage(browser, target, full) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(target);
  await ready(page, 0);
  check(`${target}: loads`, (await page.$$('#scenario option')).length > 0, 'no scenarios');
  if (!full) {
    check(`${target}: no console error`, errors.length === 0, errors.join(' | '));
    await page.close();
    return;
  }
  fs.mkdirSync(shots, { recursive: true });

  /* Seed comment 49 at 256 KB: the page's capacity is the CLI's. */
  await change(page, () => page.selectOption('#scenario', C49));
  await setValue(page, '#ss-nonint', 256);
  const want256 = cliJson(['capacity', C49, '--grow', GROW, '--shared-section', '1024,3072,256']).capacity.count;
  const got256 = await capacityOf(page, 'col-a');
  check('comment 49 at 256 KB', got256 === want256, `page ${got256}, CLI ${want256}`);
  console.log(`browser: comment 49 at 256 KB: the page shows ${got256}, the CLI says ${want256}`);
  await page.screenshot({ path: path.join(shots, 'comment49-256.png'), fullPage: true });

  /* Move a control: the 3rd value to 512 and 1024 KB. */
  for (const v of [512, 1024]) {
    await setValue(page, '#ss-nonint', v);
    const want = cliJson(['capacity', C49, '--grow', GROW, '--shared-section', `1024,3072,${v}`]).capacity.count;
    const got = await capacityOf(page, 'col-a');
    check(`comment 49 at ${v} KB`, got === want, `page ${got}, CLI ${want}`);
  }
  await setValue(page, '#ss-nonint', 256);

  /* The slider: its end is the CLI's iterations, the failure marked; at
   * iteration 5 the service heap's Used Rate is the CLI's trace there. */
  const run256 = cliJson(['run', C49, '--shared-section', '1024,3072,256']);
  const max = Number(await page.getAttribute('#slider', 'max'));
  check('slider end', max === run256.steps_applied, `page ${max}, CLI ${run256.steps_applied}`);
  check('failure marked', !(await page.$eval('#fail-mark', (e) => e.hidden)), 'no mark');
  const csv = cli(['run', C49, '--shared-section', '1024,3072,256', '--format', 'csv', '--csv-rows', 'changed'])
    .trim().split('\n').slice(1).map((l) => l.split(','));
  const AT = 5;
  let wantPct = null;
  for (const r of csv) /* carry forward: the last row at or before AT */
    if (r[3] === 'Service-0x0-3e7$\\Default' && Number(r[10]) <= AT) wantPct = Number(r[6]);
  await change(page, () => page.$eval('#slider', (e, v) => {
    e.value = String(v);
    e.dispatchEvent(new Event('input'));
  }, AT));
  const at = Number(await page.getAttribute('#col-a .at', 'data-applied'));
  const desks = await desksOf(page, 'col-a');
  const svc = desks.find((d) => d.key === '0/Service-0x0-3e7$/Default');
  check('slider at 5', at === AT, `page shows iteration ${at}`);
  check('Used Rate at iteration 5', svc && wantPct !== null && Math.abs(svc.used_pct - wantPct) < 0.051,
    `page ${svc && svc.used_pct}, CLI trace ${wantPct}`);
  await page.screenshot({ path: path.join(shots, 'slider-5.png'), fullPage: true });
  await change(page, () => page.$eval('#slider', (e) => {
    e.value = e.max;
    e.dispatchEvent(new Event('input'));
  }));

  /* A value the model refuses: its message is shown, the page stays. */
  await change(page, () => page.selectOption('#svs-mode', 'set'));
  await setValue(page, '#svs', 0);
  const msg = await page.$eval('#error', (e) => (e.hidden ? '' : e.textContent));
  check('a refused value is explained', /SessionViewSize/.test(msg), `error box: '${msg}'`);
  await change(page, () => page.selectOption('#svs-mode', 'scenario'));
  check('the error clears', await page.$eval('#error', (e) => e.hidden), 'still shown');

  /* Two profiles side by side. */
  await change(page, () => page.selectOption('#os-b', 'win2003-x86'));
  const wantB = cliJson(['capacity', C49, '--grow', GROW, '--shared-section', '1024,3072,256', '--os', 'win2003-x86']).capacity.count;
  const gotB = await capacityOf(page, 'col-b');
  check('side by side', gotB === wantB && !(await page.$eval('#col-b', (e) => e.hidden)), `page ${gotB}, CLI ${wantB}`);
  await page.screenshot({ path: path.join(shots, 'side-by-side.png'), fullPage: true });
  await change(page, () => page.selectOption('#os-b', ''));

  /* A pasted dheapmon table goes through the import layer. */
  const table = 'tests/import/seed-comment62-dheapmon.txt';
  fs.writeFileSync(path.join(shots, 'imported.json'), cli(['import', table]));
  const wantImp = cliDesks(cliJson(['run', path.join(shots, 'imported.json')]));
  await page.click('#paste-box summary');
  await page.fill('#paste', fs.readFileSync(table, 'utf8'));
  await change(page, () => page.click('#use-paste'));
  const gotImp = await desksOf(page, 'col-a');
  check('pasted table', sameDesks(gotImp, wantImp),
    `page ${JSON.stringify(gotImp).slice(0, 300)} CLI ${JSON.stringify(wantImp).slice(0, 300)}`);

  /* Every shipped scenario as the page opens it: its desktops (and its
   * capacity, for one with a repeating step) are the CLI's. */
  const files = await page.$$eval('#scenario option', (o) => o.map((x) => x.value));
  let n = 0, cautions = 0;
  for (const f of files) {
    await change(page, () => page.selectOption('#scenario', f));
    const grow = await page.$eval('#grow', (e) => e.value);
    const rep = grow ? cliJson(['capacity', f, '--grow', grow]) : cliJson(['run', f]);
    const got = await desksOf(page, 'col-a');
    const want = cliDesks(rep);
    check(`${f}: desktops`, sameDesks(got, want),
      `page ${JSON.stringify(got).slice(0, 200)} CLI ${JSON.stringify(want).slice(0, 200)}`);
    if (grow) {
      const c = await capacityOf(page, 'col-a');
      check(`${f}: capacity`, c === rep.capacity.count, `page ${c}, CLI ${rep.capacity.count}`);
      const from = await page.evaluate(() => {
        const e = document.querySelector('#col-a .caution');
        return e ? e.dataset.from : null;
      });
      const u = rep.capacity.unit_cost;
      check(`${f}: upper-bound caution`, u.single_figure ? from === u.from : from === null,
        `page ${from}, CLI ${JSON.stringify(u)}`);
      if (u.single_figure) cautions++;
    }
    n++;
  }
  console.log(`browser: ${n} shipped scenarios compared with the CLI`);
  check('an upper-bound caution is shown somewhere', cautions > 0, 'no shipped scenario showed one');
  await change(page, () => page.selectOption('#scenario', 'scenarios/user-service-logons.json'));
  await page.screenshot({ path: path.join(shots, 'user-service-logons.png'), fullPage: true });
  check('no console error', errors.length === 0, errors.join(' | '));
  await page.close();
}

(async () => {
  const exe = process.env.CHROMIUM || '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath: exe, headless: true,
    args: ['--no-sandbox'] });
  try {
    await onePage(browser, url.pathToFileURL(path.resolve(site, 'index.html')).href, true);
    if (httpUrl) await onePage(browser, httpUrl, false);
  } catch (e) {
    bad('the browser test', e.stack || String(e));
  } finally {
    await browser.close();
  }
  console.log(`browser: ${pass} passed, ${fail} failed (screenshots in ${shots})`);
  process.exit(fail === 0 ? 0 : 1);
})();
