// Drives a real headless Chromium (Debian's /usr/bin/chromium, through
// playwright-core: testdata/report/package.json, installed by
// scripts/setup.sh) over a report written by "cescape report", and checks
// what a person would see against the database, read with the sqlite3 tool.
//
//   node browse.js example  REPORT DB BASELINE SHOTS  the bundled example
//   node browse.js hostile  REPORT DB SHOTS           injected markup is inert
//   node browse.js layout   REPORT DB SHOTS           the layout diagrams
//   node browse.js probe    DIR                       the injection probes fire
//   node browse.js bench    REPORT                    load and filter times
//
// Each check prints "ok: ..." (the lit tests FileCheck those lines); the
// first failed check prints "FAIL: ..." and exits 1.
'use strict';
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function check(condition, what) {
  if (!condition) throw new Error(what);
}

function ok(what) {
  console.log('ok: ' + what);
}

function same(actual, expected, what) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  check(a === e, what + ':\n  shown    ' + a + '\n  expected ' + e);
}

// Rows of a query as objects; attach maps schema names to database files.
function sql(db, query, attach = {}) {
  const script = Object.entries(attach)
    .map(([name, file]) => "ATTACH '" + file.replace(/'/g, "''") + "' AS " + name + ';')
    .join('') + query;
  const out = execFileSync('sqlite3', ['-json', '-readonly', db, script], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

function fileUrl(file, fragment = '') {
  return pathToFileURL(file).href + fragment;
}

// Opens a page in a fresh Chromium, runs fn(page), and fails when anything
// went wrong on the way: a dialog (alert), an uncaught error, an error or
// warning on the console (a Content-Security-Policy violation is one), a
// request that is not for a file, or the window.__pwned probe set.
async function withPage(fn) {
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const trouble = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10000); // a missing element fails fast
    page.on('dialog', (dialog) => {
      trouble.push('a dialog opened: ' + dialog.message());
      dialog.dismiss().catch(() => {});
    });
    page.on('pageerror', (error) => trouble.push('page error: ' + error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        trouble.push('console ' + message.type() + ': ' + message.text());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) trouble.push('network request: ' + request.url());
    });
    page.on('load', () => {
      page.evaluate(() => window.__pwned).then((pwned) => {
        if (pwned !== undefined) trouble.push('window.__pwned is set: ' + pwned);
      }, () => {});
    });
    await fn(page, trouble);
    const pwned = await page.evaluate(() => window.__pwned);
    if (pwned !== undefined) trouble.push('window.__pwned is set: ' + pwned);
  } finally {
    await browser.close();
  }
  check(trouble.length === 0, 'the browser reported:\n  ' + trouble.join('\n  '));
}

// The text of every row of a summary table, cell by cell.
function tableCells(page, selector) {
  return page.$$eval(selector + ' tbody tr', (rows) =>
    rows.map((row) => Array.from(row.cells, (cell) => cell.textContent.trim())));
}

// What the finding table shows: its status line and the visible rows.
async function shownRows(page) {
  await page.waitForFunction(() => /^\d+ of \d+ findings$/.test(
    document.getElementById('table-status').textContent));
  return page.evaluate(() => ({
    status: document.getElementById('table-status').textContent,
    pageInfo: document.getElementById('page-info').textContent,
    rows: Array.from(document.querySelectorAll('#finding-table tbody tr'), (tr) => ({
      id: Number(tr.dataset.id),
      location: tr.cells[0].textContent,
      href: tr.cells[0].querySelector('a').getAttribute('href'),
      rule: tr.cells[1].textContent,
      function: tr.cells[2].textContent,
      message: tr.cells[3].textContent,
      tags: Array.from(tr.cells[3].querySelectorAll('.tag'), (t) => t.textContent),
    })),
  }));
}

async function setFilters(page, { rule = '', path = '', text = '' }) {
  await page.selectOption('#filter-rule', rule);
  await page.fill('#filter-path', path);
  await page.fill('#filter-text', text);
}

function directoryOf(file) {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? './' : file.slice(0, slash + 1);
}

// What the target of the URL's fragment shows on a source page.
function targetView(page) {
  return page.evaluate(() => {
    const target = document.querySelector(':target');
    if (!target) return null;
    let line = target;
    while (line && !/^L\d+$/.test(line.id)) line = line.previousElementSibling;
    const box = target.getBoundingClientRect();
    return {
      id: target.id,
      line: line ? line.id : null,
      lineTop: line ? line.getBoundingClientRect().top : null,
      top: box.top,
      bottom: box.bottom,
      viewport: window.innerHeight,
      location: (target.querySelector('.head .loc') || {}).textContent,
      steps: Array.from(target.querySelectorAll('ol.flow li'), (li) => ({
        text: li.textContent,
        href: li.querySelector('a') && li.querySelector('a').getAttribute('href'),
      })),
      before: Array.from(target.querySelectorAll('.fixit .before pre'), (pre) => pre.textContent),
      after: Array.from(target.querySelectorAll('.fixit .after pre'), (pre) => pre.textContent),
      layout: (target.querySelector('a.layout-link') || {}).href,
    };
  });
}

// Scrolled to, give or take a sub-pixel.
function inViewport(view) {
  return view.top > -1 && view.top < view.viewport;
}

// The page name of each path, as findings.js lists them.
function pageNames(page) {
  return page.evaluate(() => Object.fromEntries(window.cescapeReport.files));
}

function allFindings(db) {
  return sql(db, 'SELECT id, rule, path, line, col, function, message, suppressed, fingerprint ' +
    'FROM findings ORDER BY path, line, col, rule, id');
}

// Index totals, filters, sorting, a finding's source page with its flow
// steps, a fix-it preview, and the baseline view.
async function example(reportDir, db, baseline, shots) {
  const findings = allFindings(db);
  const index = path.join(reportDir, 'index.html');
  await withPage(async (page) => {
    await page.goto(fileUrl(index));
    const total = (await shownRows(page)).status;
    same(total, findings.length + ' of ' + findings.length + ' findings', 'the table status');
    same(await page.textContent('#total-findings'), String(findings.length), 'the total');
    ok('index shows all ' + findings.length + ' findings');

    const byRule = sql(db, 'SELECT rule, count(*) AS n, sum(suppressed) AS s FROM findings GROUP BY rule ORDER BY rule');
    same(await tableCells(page, '#by-rule'), byRule.map((r) => [r.rule, String(r.n), String(r.s)]),
      'totals per rule');
    ok('totals per rule match the database: ' + byRule.map((r) => r.rule + '=' + r.n).join(' '));

    const byDir = new Map();
    for (const f of findings) {
      const d = byDir.get(directoryOf(f.path)) || [0, 0];
      byDir.set(directoryOf(f.path), [d[0] + 1, d[1] + f.suppressed]);
    }
    same(await tableCells(page, '#by-directory'),
      [...byDir].sort().map(([d, [n, s]]) => [d, String(n), String(s)]), 'totals per directory');
    ok('totals per directory match the database (' + byDir.size + ' directories)');

    const escapes = new Map();
    for (const f of findings.filter((f) => f.rule === 'escape' || f.rule === 'dangling')) {
      const key = f.path + '\0' + f.function;
      escapes.set(key, (escapes.get(key) || 0) + 1);
    }
    const top = [...escapes].map(([key, n]) => [key.split('\0')[1], key.split('\0')[0], n])
      .sort((a, b) => b[2] - a[2] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : 1))
      .slice(0, 20).map(([fn, file, n]) => [fn, file, String(n)]);
    same(await tableCells(page, '#top-functions'), top, 'functions with the most escapes');
    ok('functions with the most escapes match the database (top: ' + top[0].join(' ') + ')');

    const rules = [...new Set(findings.map((f) => f.rule))];
    for (const rule of rules) {
      await setFilters(page, { rule });
      const shown = await shownRows(page);
      const expected = findings.filter((f) => f.rule === rule);
      same(shown.status, expected.length + ' of ' + findings.length + ' findings', 'filtered by ' + rule);
      same(shown.rows.map((r) => r.id), expected.slice(0, 100).map((f) => f.id), 'rows of rule ' + rule);
      check(shown.rows.every((r) => r.rule === rule), 'a row of another rule shows under ' + rule);
    }
    ok('filtering by rule shows exactly the findings of each of ' + rules.length + ' rules');

    const somePath = findings[findings.length - 1].path;
    await setFilters(page, { path: somePath });
    same((await shownRows(page)).rows.map((r) => r.id),
      findings.filter((f) => f.path.includes(somePath)).map((f) => f.id).slice(0, 100), 'filtered by path');
    await setFilters(page, { text: 'RETURN' });
    same((await shownRows(page)).rows.map((r) => r.id),
      findings.filter((f) => (f.function + '\n' + f.message).toLowerCase().includes('return'))
        .map((f) => f.id).slice(0, 100), 'filtered by text');
    ok('filtering by path and by text (case-insensitive) matches the database');

    await setFilters(page, {});
    await page.click('#finding-table th[data-sort=rule]');
    const byRuleOrder = (await shownRows(page)).rows.map((r) => r.rule);
    same(byRuleOrder, [...byRuleOrder].sort(), 'rows sorted by rule');
    await page.click('#finding-table th[data-sort=rule]');
    same((await shownRows(page)).rows.map((r) => r.rule), [...byRuleOrder].reverse(),
      'rows sorted by rule, descending');
    await page.click('#finding-table th[data-sort=location]');
    ok('sorting by rule, both ways');

    // A summary link filters the table.
    await page.click('#by-rule a[href="#rule=escape"]');
    // The page applies the link on hashchange, after the click returns: wait
    // for it (at most 5 s; the check below then says what was shown).
    await page.waitForFunction(() => document.querySelector('#filter-rule').value === 'escape',
      null, { timeout: 5000 }).catch(() => {});
    same(await page.inputValue('#filter-rule'), 'escape', 'the rule a summary link selects');
    same((await shownRows(page)).status,
      findings.filter((f) => f.rule === 'escape').length + ' of ' + findings.length + ' findings',
      'after the summary link');
    await page.goto(fileUrl(index));
    await shownRows(page);
    await page.screenshot({ path: path.join(shots, 'index.png'), fullPage: true });
    ok('the summary links filter the table; screenshot index.png');

    // Click the finding with the longest flow.
    const [chosen] = sql(db, 'SELECT f.id, f.rule, f.path, f.line, f.col, f.function, count(*) AS n ' +
      'FROM findings f JOIN steps s ON s.finding_id = f.id GROUP BY f.id ORDER BY n DESC, f.id LIMIT 1');
    const steps = sql(db, 'SELECT path, line, col, message FROM steps WHERE finding_id = ' + chosen.id +
      ' ORDER BY seq');
    await setFilters(page, { rule: chosen.rule, text: chosen.function });
    await shownRows(page);
    await Promise.all([page.waitForURL(/#F\d+$/), page.click('tr[data-id="' + chosen.id + '"] a')]);
    check(/\/src\/\d+-[A-Za-z0-9._-]+\.html#F\d+$/.test(page.url()), 'a source page URL: ' + page.url());
    const view = await targetView(page);
    same([view.id, view.line, view.location], ['F' + chosen.id, 'L' + chosen.line,
      chosen.path + ':' + chosen.line + ':' + chosen.col], 'the finding the click opened');
    check(inViewport(view) && view.lineTop > -1, 'the finding and its line are in view: ' + JSON.stringify(view));
    same(view.steps.length, steps.length, 'flow steps');
    const names = await page.evaluate(() => location.pathname.split('/').pop());
    steps.forEach((s, i) => {
      const where = s.path + ':' + s.line + ':' + s.col;
      check(view.steps[i].text.startsWith(where + ' ') && view.steps[i].text.includes(s.message),
        'step ' + i + ' reads "' + view.steps[i].text + '", expected ' + where + ' ' + s.message);
      check(view.steps[i].href === '#L' + s.line || (s.path !== chosen.path &&
        view.steps[i].href.endsWith('.html#L' + s.line)), 'step ' + i + ' links to ' + view.steps[i].href);
    });
    await page.screenshot({ path: path.join(shots, 'source.png') });
    ok('clicking finding ' + chosen.id + ' opens ' + names + ' at line ' + chosen.line + ' with its ' +
      steps.length + ' flow steps; screenshot source.png');

    const local = steps.findIndex((s) => s.path === chosen.path);
    await page.click('tr:target ol.flow li:nth-child(' + (local + 1) + ') a');
    const stepView = await targetView(page);
    same(stepView.id, 'L' + steps[local].line, 'the line a flow step opens');
    check(inViewport(stepView), 'the step line is in view: ' + JSON.stringify(stepView));
    ok('a flow step opens its line ' + steps[local].line);

    // A fix-it's before/after preview.
    await page.goto(fileUrl(index));
    const pages = await pageNames(page);
    const [fixed] = sql(db, 'SELECT f.id, f.path FROM findings f WHERE EXISTS ' +
      '(SELECT 1 FROM fixits x WHERE x.finding_id = f.id) ORDER BY f.id LIMIT 1');
    const edits = sql(db, 'SELECT line, replacement FROM fixits WHERE finding_id = ' + fixed.id + ' ORDER BY seq');
    const [{ text }] = sql(db, "SELECT s.text FROM unit_sources u JOIN sources s ON s.hash = u.hash " +
      "WHERE u.path = '" + fixed.path.replace(/'/g, "''") + "' LIMIT 1");
    await page.goto(fileUrl(path.join(reportDir, 'src', pages[fixed.path]), '#F' + fixed.id));
    const fix = await targetView(page);
    check(fix.before.length > 0 && fix.after.length === fix.before.length, 'a before/after preview');
    for (const e of edits) {
      check(fix.after.join('\n').includes(e.replacement.trim()), 'the after text has "' + e.replacement + '"');
      check(fix.before.join('\n').includes(text.split('\n')[e.line - 1].trim()),
        'the before text has line ' + e.line);
    }
    check(fix.before.join() !== fix.after.join(), 'before and after differ');
    ok('fix-it of finding ' + fixed.id + ': ' + fix.before.length + ' before/after hunks with all ' +
      edits.length + ' edits');

    // The baseline view: exactly the findings the gate calls new (its
    // default rules, not suppressed, one per fingerprint, none counted in
    // the baseline).
    const counts = (t) => t + ".suppressed = 0 AND " + t + ".rule IN ('heap-to-stack', 'small-buffer', 'dangling')";
    const added = sql(db, 'SELECT f.id, f.function FROM main.findings f WHERE ' + counts('f') +
      ' AND f.id = (SELECT min(d.id) FROM main.findings d WHERE d.fingerprint = f.fingerprint AND ' + counts('d') + ')' +
      ' AND NOT EXISTS (SELECT 1 FROM base.findings b WHERE b.fingerprint = f.fingerprint AND ' + counts('b') + ')' +
      ' ORDER BY f.path, f.line, f.col, f.rule, f.id',
    { base: baseline });
    check(added.length > 0, 'the changed build has new findings');
    await page.goto(fileUrl(index));
    same(await page.textContent('#new-count'), String(added.length), 'the new count on the index');
    await page.click('a[href="new.html"]');
    const fresh = await shownRows(page);
    same(fresh.status, added.length + ' of ' + added.length + ' findings', 'new.html status');
    same(fresh.rows.map((r) => r.id), added.map((f) => f.id), 'the findings new.html lists');
    check(fresh.rows.every((r) => r.tags.includes('new')), 'every row is tagged new');
    ok('new.html lists exactly the ' + added.length + ' new finding' + (added.length === 1 ? '' : 's') + ': ' +
      [...new Set(added.map((f) => f.function))].sort().join(', '));
  });
}

// Every page of a report of hostile names, code and messages renders, shows
// the payloads as text, and runs no script but the report's own.
async function hostile(reportDir, db, shots) {
  const data = fs.readFileSync(path.join(reportDir, 'findings.js'), 'utf8');
  for (const raw of ['<', '>', '&', '\u2028', '\u2029'])
    check(!data.includes(raw), 'findings.js has a raw ' + JSON.stringify(raw));
  check(data.includes('\\u003cscript\\u003e'), 'findings.js has the escaped payload');
  ok('findings.js escapes < > & U+2028 U+2029');

  const names = fs.readdirSync(path.join(reportDir, 'src'));
  check(names.length > 0 && names.every((n) => /^\d+-[A-Za-z0-9._-]+\.html$/.test(n)),
    'page names: ' + names.join(' '));
  ok(names.length + ' source pages, all with safe names');

  const findings = allFindings(db);
  const pages = ['index.html', 'new.html', 'layouts.html'].concat(names.map((n) => 'src/' + n));
  await withPage(async (page) => {
    for (const name of pages) {
      await page.goto(fileUrl(path.join(reportDir, name)));
      // Only the report's own scripts, no handlers, no images.
      const dom = await page.evaluate(() => ({
        scripts: Array.from(document.scripts, (s) => s.getAttribute('src')),
        images: document.images.length,
        handlers: Array.from(document.querySelectorAll('*')).flatMap((e) =>
          Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map((a) => e.tagName + '@' + a.name)),
        text: document.body.textContent,
      }));
      check(dom.scripts.every((s) => s === 'findings.js' || s === 'table.js'), name + ' scripts: ' + dom.scripts);
      same([dom.images, dom.handlers], [0, []], name + ': images and event handlers');
      check(dom.text.includes('window.__pwned=1'), name + ' shows the payload as text');
    }
    ok('no page has a foreign script, image or handler, and each shows the payloads as text');

    await page.goto(fileUrl(path.join(reportDir, 'index.html')));
    const payload = '<script>window.__pwned=1;alert(1)</script>';
    await setFilters(page, { text: payload });
    const matching = findings.filter((f) => (f.function + '\n' + f.message).includes(payload));
    const shown = await shownRows(page);
    same(shown.status, matching.length + ' of ' + findings.length + ' findings', 'filtered by the payload');
    check(shown.rows.every((r) => r.function.includes(payload) || r.message.includes(payload)),
      'rows show the payload as text');
    const pageCount = Math.ceil(matching.length / 100);
    same(shown.pageInfo, 'page 1 of ' + pageCount, 'pages');
    for (let i = 2; i <= pageCount; i++) {
      await page.click('#page-next');
      const next = await shownRows(page);
      same(next.pageInfo, 'page ' + i + ' of ' + pageCount, 'the next page');
      same(next.rows.length, i < pageCount ? 100 : matching.length - 100 * (pageCount - 1), 'rows on page ' + i);
    }
    check(await page.isDisabled('#page-next'), 'no page after the last');
    ok('the table filters by the payload text and pages through ' + matching.length + ' rows in ' +
      pageCount + ' pages');
    await page.screenshot({ path: path.join(shots, 'hostile-index.png'), fullPage: true });
    await setFilters(page, { text: '\u2028' });
    same((await shownRows(page)).rows.map((r) => r.id),
      findings.filter((f) => f.message.includes('\u2028')).map((f) => f.id), 'rows with U+2028');
    ok('a message with U+2028 shows and filters');
    const hostileFile = findings.find((f) => f.path.includes('<script>'));
    await page.goto(fileUrl(path.join(reportDir, 'src', (await pageNames(page))[hostileFile.path]),
      '#F' + hostileFile.id));
    same(await page.textContent('h1'), hostileFile.path, 'the hostile file name as the title');
    await page.screenshot({ path: path.join(shots, 'hostile-source.png') });
    ok('the hostile file name shows as text; screenshots hostile-index.png, hostile-source.png');
  });
}

// The probes catch a script that does run: a page without the report's
// policy, with the payloads inline.
async function probe(dir) {
  const file = path.join(dir, 'injected.html');
  fs.writeFileSync(file, '<!DOCTYPE html><p>unsafe</p><script>window.__pwned=1;alert(1)</script>');
  let failure = null;
  try {
    await withPage(async (page) => { await page.goto(fileUrl(file)); });
  } catch (error) {
    failure = error.message;
  }
  check(failure && failure.includes('a dialog opened: 1') && failure.includes('window.__pwned is set: 1'),
    'the probes missed an inline script: ' + failure);
  ok('the probes catch an injected script (dialog and window.__pwned)');
}

// The layout diagram of each record: a box per field (split at line
// boundaries), a shaded box per hole, a row per cache line.
async function layout(reportDir, db, shots) {
  const records = sql(db, 'SELECT id, name, size, cacheline FROM records ORDER BY path, line, name, id');
  check(records.length > 0, 'the database has records');
  await withPage(async (page) => {
    await page.goto(fileUrl(path.join(reportDir, 'layouts.html')));
    for (const r of records) {
      const fields = sql(db, 'SELECT name, offset, size, contention FROM fields WHERE record_id = ' + r.id +
        ' ORDER BY offset, seq');
      const holes = [];
      let covered = 0;
      for (const f of fields.concat([{ offset: r.size, size: 0 }])) {
        if (f.offset > covered) holes.push('hole: ' + (f.offset - covered) + ' bytes at offset ' + covered);
        covered = Math.max(covered, f.offset + Math.max(f.size, 1));
      }
      const lines = Math.ceil(r.size / r.cacheline);
      const svg = await page.evaluate((id) => {
        const section = document.getElementById('R' + id);
        const g = (cls) => Array.from(section.querySelectorAll('svg g.' + cls));
        return {
          title: section.querySelector('h2').textContent,
          fields: g('field').map((e) => [e.querySelector('title').textContent.split(':')[0],
            e.classList.contains('contended'), e.querySelectorAll('rect').length]),
          holes: g('hole').map((e) => e.querySelector('title').textContent),
          lines: section.querySelectorAll('svg rect.cacheline').length,
          boundaries: section.querySelectorAll('svg line.boundary').length,
        };
      }, r.id);
      same(svg.title, r.name, 'record title');
      same(svg.fields, fields.map((f) => {
        const end = f.offset + Math.max(f.size, 1);
        return [f.name, f.contention !== null,
          Math.floor((end - 1) / r.cacheline) - Math.floor(f.offset / r.cacheline) + 1];
      }), r.name + ': fields (name, contended, boxes)');
      same(svg.holes, holes, r.name + ': holes');
      same([svg.lines, svg.boundaries], [lines, lines - 1], r.name + ': cache lines and boundaries');
      ok(r.name + ': ' + fields.length + ' fields, ' + holes.length + ' holes, ' + lines + ' cache lines');
    }
    await page.screenshot({ path: path.join(shots, 'layouts.png'), fullPage: true });

    const [flagged] = sql(db, 'SELECT id, path, record_id FROM findings WHERE record_id IS NOT NULL LIMIT 1');
    await page.goto(fileUrl(path.join(reportDir, 'index.html')));
    const pages = await pageNames(page);
    await page.goto(fileUrl(path.join(reportDir, 'src', pages[flagged.path]), '#F' + flagged.id));
    await Promise.all([page.waitForURL(/#R\d+$/), page.click('tr:target a.layout-link')]);
    same(await page.evaluate(() => document.querySelector(':target').id), 'R' + flagged.record_id,
      'the layout a finding links to');
    ok('finding ' + flagged.id + ' links to its layout R' + flagged.record_id + '; screenshot layouts.png');
  });
}

// Seconds to load index.html until the table shows, to filter and sort its
// table, and to load the largest source page.
async function bench(reportDir) {
  await withPage(async (page) => {
    const start = Date.now();
    await page.goto(fileUrl(path.join(reportDir, 'index.html')));
    const loaded = await shownRows(page);
    const loadSeconds = (Date.now() - start) / 1000;
    const timing = await page.evaluate(() => {
      const measure = (change) => {
        const t0 = performance.now();
        change();
        const seconds = (performance.now() - t0) / 1000;
        return seconds.toFixed(3) + ' s (' + document.getElementById('table-status').textContent + ')';
      };
      const set = (id, value, event) => {
        const control = document.getElementById(id);
        control.value = value;
        control.dispatchEvent(new Event(event));
      };
      return {
        'index load event': (performance.getEntriesByType('navigation')[0].loadEventEnd / 1000).toFixed(3) + ' s',
        'filter by rule': measure(() => set('filter-rule', 'heap-to-stack', 'change')),
        'filter by text': measure(() => set('filter-text', 'malloc(1', 'input')),
        'clear the filters': measure(() => { set('filter-rule', '', 'change'); set('filter-text', '', 'input'); }),
        'sort all by message': measure(() => document.querySelector('th[data-sort=message]').click()),
      };
    });
    console.log('index: ' + loaded.status);
    console.log('index load (to the table shown) ' + loadSeconds.toFixed(3) + ' s');
    for (const [what, value] of Object.entries(timing)) console.log(what + ' ' + value);
    const pages = fs.readdirSync(path.join(reportDir, 'src')).map((name) => path.join(reportDir, 'src', name));
    const largest = pages.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
    const pageStart = Date.now();
    await page.goto(fileUrl(largest));
    console.log('largest source page (' + (fs.statSync(largest).size / 1e6).toFixed(1) + ' MB) load ' +
      ((Date.now() - pageStart) / 1000).toFixed(3) + ' s');
  });
}

const [mode, ...args] = process.argv.slice(2);
const modes = { example, hostile, layout, probe, bench };
if (!modes[mode]) {
  console.error('usage: node browse.js example|hostile|layout|probe|bench ARGS...');
  process.exit(2);
}
modes[mode](...args).catch((error) => {
  console.log('FAIL: ' + error.message);
  process.exit(1);
});
