// Drives an `emle report --html` page of fixtures/report.txt in headless
// Chromium: highlights, counts, the candidates pop-up, filters, decisions
// that survive a reload, and the exported decisions.jsonl.
//
// usage: node report.test.js REPORT.html WORK_DIR   (CHROMIUM: the browser)
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { chromium } = require('playwright-core');

const [report, work] = process.argv.slice(2);
if (!report || !work) {
  console.error('usage: node report.test.js REPORT.html WORK_DIR');
  process.exit(2);
}

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || 'chromium',
    headless: true,
    // Containers often run the browser as root, where its sandbox cannot start.
    args: ['--no-sandbox'],
  });
  const failures = [];
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    // The page must need nothing but itself.
    const requests = [];
    await context.route('**/*', route => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', e => failures.push('page error: ' + e.message));
    page.on('console', m => { if (m.type() === 'error') failures.push('console error: ' + m.text()); });
    page.on('dialog', d => { failures.push('unexpected dialog: ' + d.message()); d.dismiss(); });

    await page.goto(pathToFileURL(path.resolve(report)).href);
    const data = await page.evaluate(() => JSON.parse(document.getElementById('emle-data').textContent));

    // Highlights: one finding per damaged word, each with a mark.
    assert.equal(data.findings.length, 7, 'findings in the JSON blob');
    const marked = await page.$$eval('mark[data-d]', ms => [...new Set(ms.flatMap(m => m.dataset.d.split(' ')))].length);
    assert.equal(marked, 7, 'findings with a highlight');
    const word = i => page.textContent(`mark[data-d="${i}"]`);
    assert.deepEqual(
      await Promise.all([0, 1, 2, 3, 4, 5, 6].map(word)),
      ['Кенес', 'қүрылыс', 'сьезі', 'жок', 'кажет', 'бiлiм', 'жок'],
    );

    // Counts per rule, per applicability and per file.
    const count = sel => page.textContent(sel).then(t => Number(t.trim()));
    assert.equal(await count('[data-count-rule="unknown-word"]'), 5);
    assert.equal(await count('[data-count-rule="known-damage"]'), 1);
    assert.equal(await count('[data-count-rule="mixed-script"]'), 1);
    assert.equal(await count('[data-count-app="safe"]'), 5);
    assert.equal(await count('[data-count-app="review"]'), 2);
    assert.equal(await count('[data-count-file="0"]'), 7);
    assert.equal(await page.textContent('#total'), '7');

    // Markup in the text is shown as text, never run.
    assert.equal(await page.evaluate(() => document.scripts.length), 2, 'only the page\'s own scripts');
    assert.equal(await page.$$eval('pre.text b, pre.text script', e => e.length), 0);
    const shown = await page.textContent('pre.text');
    assert.ok(shown.includes('<b>жок</b> & "тырнақша" </script><script>alert(1)</script>'), 'hostile line shown verbatim');

    // Hovering gives the message; clicking opens the candidates.
    await page.hover('mark[data-d="1"]');
    assert.match(await page.getAttribute('mark[data-d="1"]', 'title'), /unknown word `қүрылыс`.*→ құрылыс/);
    await page.click('mark[data-d="1"]');
    const popup = page.locator('#popup');
    assert.ok(await popup.isVisible(), 'pop-up open');
    assert.match(await popup.textContent(), /unknown word `қүрылыс`/);
    const candidates = popup.locator('ol.candidates li');
    assert.ok(await candidates.count() >= 2, 'ranked candidates');
    assert.equal(await candidates.nth(0).locator('button').textContent(), 'құрылыс');
    assert.match(await candidates.nth(0).textContent(), /safe, confidence (0\.9\d|1\.00)/);
    assert.match(await popup.locator('details pre').textContent(), /\S/, 'rule explanation');

    // Accept the best candidate, reject another, edit one, keep one as a word.
    await candidates.nth(0).locator('button').click();
    assert.equal(await page.getAttribute('mark[data-d="1"]', 'data-fix'), 'құрылыс');
    assert.match(await page.getAttribute('mark[data-d="1"]', 'class'), /decided/);
    // The pop-up may cover the next lines: close it as a reader would.
    const close = () => page.keyboard.press('Escape');
    await close();
    await page.click('mark[data-d="3"]');
    await popup.locator('button.reject').click();
    await close();
    await page.click('mark[data-d="4"]');
    await popup.locator('input.replacement').fill('қажет');
    await popup.locator('button.edit').click();
    await close();
    await page.click('mark[data-d="2"]');
    await popup.locator('button.add-word').click();
    assert.match(await popup.textContent(), /Kept and added to the lexicon/);
    await close();
    assert.ok(await popup.isHidden(), 'Escape closes the pop-up');
    assert.match(await page.textContent('#progress'), /^4 of 7 decided/);

    // Filters by rule and by applicability.
    const off = () => page.$$eval('mark.off', ms => ms.map(m => m.dataset.d).sort());
    await page.uncheck('[data-filter-rule="unknown-word"]');
    assert.deepEqual(await off(), ['1', '2', '3', '4', '6']);
    await page.check('[data-filter-rule="unknown-word"]');
    await page.uncheck('[data-filter-app="safe"]');
    assert.deepEqual(await off(), ['0', '1', '3', '4', '5']);
    assert.match(await page.textContent('#progress'), /2 shown/);
    await page.check('[data-filter-app="safe"]');
    assert.deepEqual(await off(), []);

    // Decisions survive a reload.
    await page.reload();
    assert.match(await page.textContent('#progress'), /^4 of 7 decided/);
    assert.equal(await page.getAttribute('mark[data-d="4"]', 'data-fix'), 'қажет');

    // Export downloads decisions.jsonl in the documented format.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    assert.equal(download.suggestedFilename(), 'decisions.jsonl');
    const saved = path.join(work, 'decisions.jsonl');
    await download.saveAs(saved);
    const text = fs.readFileSync(saved, 'utf8');
    assert.ok(text.endsWith('\n'), 'ends with a line end');
    const lines = text.trimEnd().split('\n').map(l => JSON.parse(l));
    const expected = [
      [1, 'accept', 'құрылыс'],
      [2, 'add-word', undefined],
      [3, 'reject', undefined],
      [4, 'edit', 'қажет'],
    ];
    assert.equal(lines.length, expected.length, 'one line per decision');
    lines.forEach((d, n) => {
      const [id, decision, replacement] = expected[n];
      const f = data.findings[id];
      const keys = ['rule', 'file', 'original', 'decision', ...(replacement === undefined ? [] : ['replacement']), 'context', 'time'];
      assert.deepEqual(Object.keys(d), keys, 'fields and their order');
      assert.equal(d.rule, 'unknown-word');
      assert.equal(d.file, 'fixtures/report.txt');
      assert.equal(d.original, f.original);
      assert.equal(d.decision, decision);
      assert.equal(d.replacement, replacement);
      assert.match(d.context, /^[0-9a-f]{16}$/);
      assert.equal(d.context, f.context);
      assert.match(d.time, ISO_UTC);
    });

    // Keyboard review: `n` opens the first finding, `1` accepts its best candidate.
    await page.keyboard.press('n');
    assert.match(await popup.textContent(), /Кенес/);
    await page.keyboard.press('1');
    assert.equal(await page.getAttribute('mark[data-d="0"]', 'data-fix'), 'Кеңес');

    // A fresh browser imports the exported file.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    assert.match(await page.textContent('#progress'), /^0 of 7 decided/);
    await page.setInputFiles('#import', saved);
    await page.waitForFunction(() => /Imported/.test(document.getElementById('progress').textContent));
    assert.match(await page.textContent('#progress'), /^4 of 7 decided.*Imported 4\./);

    assert.deepEqual(requests, [], 'no network requests');
    if (process.env.SCREENSHOT) {
      await page.click('mark[data-d="1"]');
      await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
    }
  } finally {
    await browser.close();
  }
  assert.deepEqual(failures, [], 'no page errors');
}

main().then(
  () => console.log('browser test: ok'),
  e => {
    console.error('browser test failed: ' + (e && e.stack || e));
    process.exit(1);
  },
);
