// The finding table of index.html and new.html: filters (rule, path, text),
// sorts and pages the findings that findings.js sets in window.cescapeReport.
// Only the visible page is in the DOM, so 100k findings stay fast (a report
// that renders every row freezes the browser: CodeChecker #4168). Every
// string goes in with textContent, never as HTML.
'use strict';
(function () {
  const report = window.cescapeReport;
  const table = document.getElementById('finding-table');
  if (!report || !table) return;

  const PAGE_SIZE = 100;
  const SUPPRESSED = 1; // flag bits, as cmd_report.c writes them
  const NEW = 2;
  const onlyNew = table.hasAttribute('data-only-new');
  const profiled = table.hasAttribute('data-profile'); // cost columns
  const controls = {
    rule: document.getElementById('filter-rule'),
    path: document.getElementById('filter-path'),
    text: document.getElementById('filter-text'),
  };
  const status = document.getElementById('table-status');
  const pageInfo = document.getElementById('page-info');
  const prev = document.getElementById('page-prev');
  const next = document.getElementById('page-next');
  const body = table.tBodies[0];

  // One object per finding, with the lower-case text the filters search,
  // computed once rather than on every keystroke.
  const all = [];
  report.findings.forEach(function (f, order) {
    if (onlyNew && !(f[7] & NEW)) return;
    const file = report.files[f[2]];
    all.push({
      order: order, id: f[0], rule: f[1], path: file[0], page: file[1],
      line: f[3], col: f[4], fn: f[5], message: f[6], flags: f[7],
      allocs: f[8], bytes: f[9],
      pathKey: file[0].toLowerCase(),
      textKey: (f[5] + '\n' + f[6]).toLowerCase(),
    });
  });

  const sorters = {
    location: function (a, b) { return a.order - b.order; },
    rule: function (a, b) { return compare(a.rule, b.rule) || a.order - b.order; },
    function: function (a, b) { return compare(a.fn, b.fn) || a.order - b.order; },
    message: function (a, b) { return compare(a.message, b.message) || a.order - b.order; },
    // Unprofiled (null) below every count.
    allocs: function (a, b) { return compare(a.allocs ?? -1, b.allocs ?? -1) || a.order - b.order; },
    bytes: function (a, b) { return compare(a.bytes ?? -1, b.bytes ?? -1) || a.order - b.order; },
  };
  function compare(x, y) { return x < y ? -1 : x > y ? 1 : 0; }

  let sortKey = 'location';
  let descending = false;
  let shown = all;
  let page = 0;

  function filter() {
    const rule = controls.rule.value;
    const path = controls.path.value.toLowerCase();
    const text = controls.text.value.toLowerCase();
    shown = all.filter(function (f) {
      return (!rule || f.rule === rule) &&
        (!path || f.pathKey.indexOf(path) >= 0) &&
        (!text || f.textKey.indexOf(text) >= 0);
    });
    sort();
  }

  function sort() {
    const by = sorters[sortKey];
    shown.sort(descending ? function (a, b) { return by(b, a); } : by);
    for (const th of table.tHead.rows[0].cells)
      if (th.dataset.sort === sortKey)
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      else
        th.removeAttribute('aria-sort');
    page = 0;
    render();
  }

  function cell(tr, text, className) {
    const td = tr.insertCell();
    if (className) td.className = className;
    if (text !== null) td.textContent = text;
    return td;
  }

  function render() {
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    const rows = document.createDocumentFragment();
    for (const f of shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE)) {
      const tr = document.createElement('tr');
      tr.dataset.id = f.id;
      if (f.flags & SUPPRESSED) tr.className = 'suppressed';
      const link = document.createElement('a');
      link.href = 'src/' + f.page + '#F' + f.id;
      link.textContent = f.path + ':' + f.line + ':' + f.col;
      cell(tr, null, 'loc').appendChild(link);
      const badge = document.createElement('span');
      badge.className = 'rule rule-' + f.rule;
      badge.textContent = f.rule;
      cell(tr, null).appendChild(badge);
      cell(tr, f.fn, 'code');
      const message = cell(tr, f.message);
      for (const [bit, word] of [[NEW, 'new'], [SUPPRESSED, 'suppressed']]) {
        if (!(f.flags & bit)) continue;
        const tag = document.createElement('span');
        tag.className = 'tag ' + word;
        tag.textContent = word;
        message.append(' ', tag);
      }
      if (profiled) {
        cell(tr, f.allocs === null ? '' : String(f.allocs), 'num');
        cell(tr, f.bytes === null ? '' : String(f.bytes), 'num');
      }
      rows.appendChild(tr);
    }
    body.replaceChildren(rows);
    status.textContent = shown.length + ' of ' + all.length + ' findings';
    pageInfo.textContent = 'page ' + (page + 1) + ' of ' + pages;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  // index.html#rule=escape&path=src/ (the summary's links) sets the filters.
  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (!params.has('rule') && !params.has('path') && !params.has('q')) return;
    const rule = params.get('rule') || '';
    if (rule && !Array.from(controls.rule.options).some(function (o) { return o.value === rule; }))
      controls.rule.add(new Option(rule, rule));
    controls.rule.value = rule;
    controls.path.value = params.get('path') || '';
    controls.text.value = params.get('q') || '';
    filter();
    table.scrollIntoView();
  }

  controls.rule.addEventListener('change', filter);
  controls.path.addEventListener('input', filter);
  controls.text.addEventListener('input', filter);
  for (const th of table.tHead.rows[0].cells)
    th.addEventListener('click', function () {
      descending = sortKey === th.dataset.sort ? !descending : false;
      sortKey = th.dataset.sort;
      sort();
    });
  prev.addEventListener('click', function () { page--; render(); });
  next.addEventListener('click', function () { page++; render(); });
  window.addEventListener('hashchange', readHash);
  filter();
  readHash();
})();
