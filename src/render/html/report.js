// emle review report: popups, filters, decisions (kept in localStorage) and
// their export as JSON Lines for `emle apply`. emle renders the text and the
// marks; this script reads the JSON blob and only ever touches marks.
(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('emle-data').textContent);
  const F = data.findings; // suggestions: [replacement, applicability, confidence]
  const storeKey = 'emle-decisions:' + data.report;
  const popup = document.getElementById('popup');
  const $ = id => document.getElementById(id);
  const marks = Array.from(document.querySelectorAll('mark[data-d]'));
  const ids = m => m.dataset.d.split(' ').map(Number);
  const marksOf = F.map(() => []);
  marks.forEach(m => ids(m).forEach(i => marksOf[i] && marksOf[i].push(m)));
  const KINDS = ['accept', 'edit', 'reject', 'add-word'];

  let decisions = {};
  try { decisions = JSON.parse(localStorage.getItem(storeKey) || '{}') || {}; } catch (e) { decisions = {}; }
  const save = () => { try { localStorage.setItem(storeKey, JSON.stringify(decisions)); } catch (e) { /* private mode: kept in the page only */ } };

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const button = (label, cls, action) => {
    const b = el('button', cls, label);
    b.type = 'button';
    b.addEventListener('click', action);
    return b;
  };
  // Whitespace at the ends of a text (a space for a line break) made visible.
  const visibleText = (t, empty) => t === '' ? empty : /^\s|\s$/.test(t)
    ? t.replace(/ /g, '\u2423').replace(/\r\n|\r|\n/g, '\u21b5').replace(/\t/g, '\u21e5') : t;
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  // Filters: by rule and by the applicability of the best suggestion.
  const shown = { rule: {}, app: {} };
  const visible = i => shown.rule[F[i].rule] !== false && shown.app[F[i].applicability || 'none'] !== false;
  function filter() {
    document.querySelectorAll('[data-filter-rule]').forEach(c => { shown.rule[c.dataset.filterRule] = c.checked; });
    document.querySelectorAll('[data-filter-app]').forEach(c => { shown.app[c.dataset.filterApp] = c.checked; });
    marks.forEach(m => m.classList.toggle('off', !ids(m).some(visible)));
    if (current && current.classList.contains('off')) hide();
    progress();
  }

  function progress() {
    const decided = F.filter((_, i) => decisions[i]).length;
    const seen = F.filter((_, i) => visible(i)).length;
    $('progress').textContent = decided + ' of ' + F.length + ' decided' +
      (seen < F.length ? ', ' + seen + ' shown' : '') + '.';
  }

  // A mark shows whether all its findings are decided, and an accepted or
  // edited replacement when it holds one finding.
  function paint(i) {
    (marksOf[i] || []).forEach(m => {
      const all = ids(m);
      m.classList.toggle('decided', all.every(j => decisions[j]));
      const d = all.length === 1 && decisions[i];
      if (d && d.replacement !== undefined) m.dataset.fix = d.replacement;
      else delete m.dataset.fix;
    });
  }

  function decide(i, decision, replacement) {
    if (decision) {
      const d = { decision: decision, time: now() };
      if (decision === 'accept' || decision === 'edit') d.replacement = replacement;
      decisions[i] = d;
    } else {
      delete decisions[i];
    }
    save();
    paint(i);
    progress();
    if (current) open(current);
  }

  function describe(d) {
    const what = { accept: 'Accepted', edit: 'Edited to', reject: 'Rejected: kept as is', 'add-word': 'Kept and added to the lexicon' }[d.decision];
    return what + (d.replacement !== undefined ? ' “' + d.replacement + '”' : '') + ' at ' + d.time;
  }

  function card(i) {
    const f = F[i];
    const d = decisions[i];
    const rule = data.rules[f.rule] || {};
    const c = el('div', 'finding');
    c.dataset.finding = i;
    const head = el('div', 'head');
    head.append(el('span', 'chip c' + rule.colour, f.rule),
      el('span', null, f.severity + ' · ' + data.files[f.file] + ':' + f.line + ':' + f.column));
    c.append(head, el('p', 'message', f.message), el('div', 'original', visibleText(f.original, '(nothing)')));
    if (f.suggestions.length) {
      const ol = el('ol', 'candidates');
      f.suggestions.forEach((s, n) => {
        const li = el('li');
        const [replacement, applicability, confidence] = s;
        const b = button(visibleText(replacement, '(delete)'), 'cand accept',
          () => decide(i, 'accept', replacement));
        b.title = 'Accept (key ' + (n + 1) + ')';
        li.append(b, ' ', el('span', 'meta ' + applicability,
          applicability + ', confidence ' + confidence.toFixed(2)));
        ol.append(li);
      });
      c.append(el('div', 'meta', 'Candidates, best first:'), ol);
    }
    const acts = el('div', 'actions');
    const input = el('input', 'replacement');
    input.value = d && d.decision === 'edit' ? d.replacement : f.original;
    input.setAttribute('aria-label', 'replacement');
    input.addEventListener('keydown', e => { if (e.key === 'Enter') decide(i, 'edit', input.value); });
    acts.append(input, button('Edit', 'edit', () => decide(i, 'edit', input.value)),
      button('Reject', 'reject', () => decide(i, 'reject')));
    if (/^\S+$/.test(f.original)) acts.append(button('Keep, add word', 'add-word', () => decide(i, 'add-word')));
    if (d) acts.append(button('Undo', 'undo', () => decide(i, null)));
    c.append(acts);
    if (d) c.append(el('p', 'decision', describe(d)));
    const about = el('details');
    about.append(el('summary', null, 'About ' + f.rule + ': ' + (rule.summary || '')), el('pre', null, rule.explanation || ''));
    c.append(about);
    return c;
  }

  let current = null;
  function open(m) {
    if (current) current.classList.remove('current');
    current = m;
    m.classList.add('current');
    popup.textContent = '';
    popup.append(button('×', 'close', hide));
    ids(m).filter(visible).forEach(i => popup.append(card(i)));
    popup.hidden = false;
    // Beside the text when the window is wide enough, else under the mark.
    const r = m.getBoundingClientRect();
    const text = m.closest('pre').getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const beside = text.right + popup.offsetWidth + 16 <= width;
    const left = beside ? text.right + 12 : Math.max(4, Math.min(r.left, width - popup.offsetWidth - 8));
    popup.style.left = (window.scrollX + left) + 'px';
    popup.style.top = (window.scrollY + (beside ? r.top - 8 : r.bottom + 6)) + 'px';
  }
  function hide() {
    if (current) current.classList.remove('current');
    current = null;
    popup.hidden = true;
  }
  function step(dir) {
    for (let j = (current ? marks.indexOf(current) : dir > 0 ? -1 : marks.length) + dir; j >= 0 && j < marks.length; j += dir) {
      if (!marks[j].classList.contains('off')) {
        marks[j].scrollIntoView({ block: 'center' });
        open(marks[j]);
        return;
      }
    }
  }

  function exportDecisions() {
    const lines = [];
    F.forEach((f, i) => {
      const d = decisions[i];
      if (!d) return;
      const o = { rule: f.rule, file: data.files[f.file], original: f.original, decision: d.decision };
      if (d.replacement !== undefined) o.replacement = d.replacement;
      o.context = f.context;
      o.time = d.time;
      lines.push(JSON.stringify(o) + '\n');
    });
    const a = el('a');
    a.href = URL.createObjectURL(new Blob(lines, { type: 'application/x-ndjson' }));
    a.download = 'decisions.jsonl';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  // Decisions exported earlier: matched by file, rule, fingerprint and text.
  function importDecisions(text) {
    const key = (file, rule, context, original) => [file, rule, context, original].join('\u0000');
    const byKey = new Map();
    F.forEach((f, i) => {
      const k = key(data.files[f.file], f.rule, f.context, f.original);
      if (!byKey.has(k)) byKey.set(k, []);
      byKey.get(k).push(i);
    });
    let taken = 0, missed = 0;
    text.split('\n').forEach(line => {
      if (!line.trim()) return;
      let o;
      try { o = JSON.parse(line); } catch (e) { missed++; return; }
      const list = o && KINDS.includes(o.decision) && byKey.get(key(o.file, o.rule, o.context, o.original));
      if (!list || !list.length) { missed++; return; }
      const i = list.shift();
      decisions[i] = { decision: o.decision, time: String(o.time || now()) };
      if (o.replacement !== undefined) decisions[i].replacement = String(o.replacement);
      taken++;
    });
    save();
    F.forEach((_, i) => paint(i));
    progress();
    $('progress').textContent += ' Imported ' + taken + (missed ? ', ' + missed + ' not matched.' : '.');
  }

  document.addEventListener('click', e => {
    const m = e.target.closest && e.target.closest('mark[data-d]');
    if (m && !m.classList.contains('off')) open(m);
    else hide();
  });
  popup.addEventListener('click', e => e.stopPropagation());
  document.addEventListener('mouseover', e => {
    const m = e.target.closest && e.target.closest('mark[data-d]');
    if (!m || m.title) return;
    m.title = ids(m).map(i => {
      const s = F[i].suggestions[0];
      return F[i].rule + ': ' + F[i].message + (s ? ' → ' + visibleText(s[0], '(delete)') : '');
    }).join('\n');
  });
  document.addEventListener('keydown', e => {
    if (e.target.closest && e.target.closest('input, textarea')) return;
    const first = current && ids(current).find(visible);
    if (e.key === 'Escape') hide();
    else if (e.key === 'n') step(1);
    else if (e.key === 'p') step(-1);
    else if (first !== undefined && first !== null && /^[1-9]$/.test(e.key)) {
      const s = F[first].suggestions[Number(e.key) - 1];
      if (s) decide(first, 'accept', s[0]);
    } else if (first !== undefined && first !== null && e.key === 'r') decide(first, 'reject');
  });
  document.querySelectorAll('[data-filter-rule], [data-filter-app]').forEach(c => c.addEventListener('change', filter));
  $('next').addEventListener('click', e => { e.stopPropagation(); step(1); });
  $('prev').addEventListener('click', e => { e.stopPropagation(); step(-1); });
  $('export').addEventListener('click', exportDecisions);
  $('import').addEventListener('change', e => {
    const file = e.target.files[0];
    if (file) file.text().then(importDecisions);
    e.target.value = '';
  });
  $('clear').addEventListener('click', () => {
    if (!window.confirm('Forget every decision made in this report?')) return;
    decisions = {};
    save();
    F.forEach((_, i) => paint(i));
    progress();
  });
  F.forEach((_, i) => paint(i));
  filter();
})();
