/*
 * app.js — the page's controls and drawings. It builds a request from the
 * controls, hands it to the model (dhw_call in dheapsim.js, the C model in
 * WebAssembly) and draws the answer: capacity, the session tree with each
 * heap's rule and source, heap bars, the view-space map, the first
 * failure's explanation. It decides nothing about heaps itself.
 */
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const NS = 'http://www.w3.org/2000/svg';
  const state = {
    file: '', obj: null, text: '', resolved: null,
    steps: 0, failAt: 0, updates: 0, call: null,
  };

  /* ---------------------------------------------------------- the model */

  function ask(req) {
    return state.call(req);
  }

  /* ---------------------------------------------------------- helpers */

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('data-')) e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const k of kids) if (k != null) e.append(k);
    return e;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  function kb(n) { return n.toLocaleString('en-US') + ' KB'; }
  function bytes(n) { return n.toLocaleString('en-US') + ' bytes'; }

  function showError(msg) {
    const e = $('error');
    e.textContent = msg;
    e.hidden = false;
  }

  function clearError() { $('error').hidden = true; }

  /* ------------------------------------------------------- the scenario */

  function setScenario(file, text) {
    let obj;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      obj = null; /* the model says what is wrong with it */
    }
    state.file = file;
    state.obj = obj;
    state.text = text;
    state.resolved = null;
    const grow = $('grow');
    grow.replaceChildren(el('option', { value: '', text: '(none)' }));
    let pick = '';
    const seen = new Set();
    const steps = obj && Array.isArray(obj.steps) ? obj.steps : [];
    steps.forEach((s) => {
      if (typeof s.label !== 'string' || seen.has(s.label)) return;
      seen.add(s.label);
      grow.append(el('option', { value: s.label, text: s.label }));
      if (!pick && s.repeat_until_failure) pick = s.label;
    });
    grow.value = pick;
    $('capacity-mode').checked = true;
    if (obj && typeof obj.os === 'string') $('os-a').value = obj.os;
    for (const id of ['ss-shared', 'ss-inter', 'ss-nonint']) $(id).value = '';
    $('svs-mode').value = 'scenario';
    $('boot3gb').value = 'scenario';
    syncCount();
  }

  /* The step the grown-step control names, in the scenario object. */
  function grownStep() {
    const label = $('grow').value;
    if (!label || !state.obj || !Array.isArray(state.obj.steps)) return null;
    return state.obj.steps.find((s) => s.label === label) || null;
  }

  function syncCount() {
    const s = grownStep();
    const cap = $('capacity-mode').checked;
    $('count').disabled = !s || cap;
    if (s) $('count').value = typeof s.count === 'number' ? s.count : 1;
  }

  /* The scenario text to run: the count control edits the grown step. */
  function scenarioText() {
    const s = grownStep();
    if (!s || $('capacity-mode').checked) return state.text;
    const n = Number($('count').value);
    if (!Number.isInteger(n) || n < 1) return state.text;
    const copy = JSON.parse(JSON.stringify(state.obj));
    copy.steps.find((x) => x.label === s.label).count = n;
    return JSON.stringify(copy, null, 1);
  }

  /* ------------------------------------------------------------ requests */

  function sharedSection() {
    const v = ['ss-shared', 'ss-inter', 'ss-nonint'].map((id) => $(id).value);
    if (v.every((x) => x === '')) return null;
    const r = state.resolved;
    const fill = [r && r.shared_kb, r && r.interactive_kb, r && r.noninteractive_kb];
    return v.map((x, i) => (x === '' ? fill[i] : x)).join(',');
  }

  function request(os) {
    const r = { file: state.file, scenario: scenarioText() };
    if (os) r.os = os;
    const ss = sharedSection();
    if (ss) r.shared_section = ss;
    const m = $('svs-mode').value;
    if (m === 'absent') r.session_view_size = 'absent';
    else if (m === 'set') r.session_view_size = Number($('svs').value);
    const b = $('boot3gb').value;
    if (b !== 'scenario') r.boot_3gb = b === 'on';
    return r;
  }

  /* -------------------------------------------------------------- drawing */

  function ruleClass(d) {
    if (/^fixed/.test(d.rule)) return 'fixed';
    if (/^interactive/.test(d.rule)) return 'inter';
    if (/^non-interactive/.test(d.rule)) return 'nonint';
    return 'other';
  }

  function viewMap(s) {
    const v = s.view_space;
    let end = 0;
    for (const d of s.desktops)
      if (d.view_offset_kb !== null) end = Math.max(end, d.view_offset_kb + d.view_kb);
    const total = Math.max(v.size_kb || 0, v.extent_kb || 0, end, 64);
    const W = 1000, H = 46;
    const root = svg('svg', { viewBox: `0 0 ${W} ${H + 14}`, class: 'viewmap',
      role: 'img', 'aria-label': `view space of session ${s.id}` });
    root.append(svg('rect', { x: 0, y: 0, width: W, height: H, class: 'vs-free' }));
    const x = (k) => (k / total) * W;
    const block = (off, size, cls, title) => {
      const r = svg('rect', { x: x(off), y: 4, width: Math.max(x(size), 0.8),
        height: H - 8, class: cls });
      const t = svg('title', {});
      t.textContent = title;
      r.append(t);
      root.append(r);
    };
    if (v.shared_heap_offset_kb !== null)
      block(v.shared_heap_offset_kb, v.shared_heap_kb, 'vs-shared',
        `shared heap (SharedSection 1st value): ${kb(v.shared_heap_kb)} at ${kb(v.shared_heap_offset_kb)}`);
    if (v.other_offset_kb !== null)
      block(v.other_offset_kb, v.other_kb, 'vs-other',
        `other consumers: ${kb(v.other_kb)} at ${kb(v.other_offset_kb)}`);
    for (const d of s.desktops)
      if (d.view_offset_kb !== null)
        block(d.view_offset_kb, d.view_kb, 'vs-' + ruleClass(d),
          `${d.winsta}\\${d.desktop}: ${kb(d.view_kb)} view at ${kb(d.view_offset_kb)} (${d.rule})`);
    /* the 64 KB granules: every one when they are few, else every k-th */
    const gran = 64;
    const n = total / gran;
    let k = 1;
    while (n / k > 250) k *= 2;
    for (let g = 0; g <= n; g += k)
      root.append(svg('line', { x1: x(g * gran), x2: x(g * gran), y1: H - 4,
        y2: H, class: 'vs-tick' }));
    const cap = svg('text', { x: 0, y: H + 12, class: 'vs-caption' });
    cap.textContent = `0 KB … ${kb(total)}` + (v.size_kb ? '' : ' (dynamic: as far as it was used)') +
      ` · ticks every ${k * gran} KB (64 KB granules)`;
    root.append(cap);
    return root;
  }

  function legend() {
    const item = (cls, text) => el('span', { class: 'key' }, el('i', { class: cls }), text);
    return el('p', { class: 'legend' },
      item('vs-shared', 'shared heap'), item('vs-inter', 'interactive (WinSta0)'),
      item('vs-nonint', 'non-interactive'), item('vs-fixed', 'fixed Winlogon / Disconnect'),
      item('vs-other', 'other consumers'), item('vs-free', 'free view space'),
      ' · heap bars: used in colour over committed (grey); the green line below: the largest free block');
  }

  function heapBars(d) {
    const heap = d.heap_kb * 1024;
    const pc = (b) => (heap > 0 ? Math.min(100, (b / heap) * 100) : 0);
    const bar = el('div', { class: 'bar', title: `used ${bytes(d.used_bytes)}, committed ${bytes(d.committed_bytes)} of ${kb(d.heap_kb)}` },
      el('div', { class: 'committed', style: `width:${pc(d.committed_bytes)}%` }),
      el('div', { class: 'used ' + ruleClass(d), style: `width:${pc(d.used_bytes)}%` }));
    bar.firstChild.style.width = pc(d.committed_bytes) + '%';
    bar.lastChild.style.width = pc(d.used_bytes) + '%';
    const lf = el('div', { class: 'bar thin', title: `largest free block ${bytes(d.largest_free_bytes)}` },
      el('div', { class: 'largest' }));
    lf.firstChild.style.width = pc(d.largest_free_bytes) + '%';
    return [bar, lf];
  }

  function desktopRow(s, d) {
    const row = el('li', {
      class: 'desk',
      'data-key': `${s.id}/${d.winsta}/${d.desktop}`,
      'data-heap-kb': String(d.heap_kb),
      'data-used-pct': String(d.used_pct),
    });
    row.append(el('div', { class: 'desk-name' },
      el('strong', { text: d.desktop }), ' ',
      el('span', { class: 'kb', text: kb(d.heap_kb) }), ' ',
      el('span', { class: 'rule', text: d.rule }), ' ',
      el('span', { class: 'src', text: `[${d.rule_source}]` })));
    row.append(...heapBars(d));
    row.append(el('div', { class: 'nums', text:
      `used ${d.used_pct.toFixed(1)} % (${bytes(d.used_bytes)}) · committed ${bytes(d.committed_bytes)} · largest free block ${bytes(d.largest_free_bytes)}` }));
    return row;
  }

  function sessionTree(s) {
    const box = el('div', { class: 'session', 'data-session': String(s.id) });
    const v = s.view_space;
    box.append(el('h3', { text: `Session ${s.id}` + (s.fallback ? ' — heaps fell back to the safe sizes (rule 3)' : '') }),
      el('p', { class: 'vs-line', text:
        `view space: ${kb(v.used_kb)} used of ` + (v.size_kb ? kb(v.size_kb) : 'a dynamic space') +
        ` · shared heap ${kb(v.shared_heap_kb)} · other ${kb(v.other_kb)} · desktops ${kb(s.total_desktop_kb)}` }),
      viewMap(s), legend());
    const stations = new Map();
    for (const d of s.desktops) {
      if (!stations.has(d.winsta)) stations.set(d.winsta, []);
      stations.get(d.winsta).push(d);
    }
    const tree = el('ul', { class: 'tree' });
    const stationItem = (ws, ds) => {
      const list = el('ul', { class: 'desks' });
      for (const d of ds) list.append(desktopRow(s, d));
      return el('li', { class: 'station' },
        el('span', { class: 'winsta', text: ws + (ws === 'WinSta0' ? ' (interactive)' : ' (non-interactive)') }),
        list);
    };
    /* Many stations (a service logging on again and again): the first
     * few shown, the rest folded, all of them on the page. */
    const SHOWN = 6;
    const all = [...stations];
    all.slice(0, SHOWN).forEach(([ws, ds]) => tree.append(stationItem(ws, ds)));
    box.append(tree);
    if (all.length > SHOWN) {
      const rest = el('ul', { class: 'tree' });
      all.slice(SHOWN).forEach(([ws, ds]) => rest.append(stationItem(ws, ds)));
      box.append(el('details', { class: 'more' },
        el('summary', { text: `${all.length - SHOWN} more window stations` }), rest));
    }
    return box;
  }

  /* "What failed first, and why" through the sources, from explain. */
  function failureChain(explain) {
    if (typeof explain !== 'string') return '';
    const i = explain.indexOf('What failed first, and why');
    return i < 0 ? '' : explain.slice(i);
  }

  function headline(rep, cap) {
    if (cap) {
      const c = cap.capacity.capacity;
      const text = `Capacity: ${c.count}` + (c.reached
        ? ` — number ${c.count + 1} fails: ${c.stopped_by}` : ` (${c.stopped_by})`);
      return el('p', { class: 'capacity', 'data-capacity': String(c.count), text });
    }
    const f = rep.first_failure;
    if (!f) return el('p', { class: 'capacity ok', text: 'No failure: the whole scenario runs.' });
    return el('p', { class: 'capacity', text:
      `First failure at step ${f.step}, iteration ${f.iteration}: ${f.kind} in session ${f.session} ${f.winsta || ''}\\${f.desktop || ''}` });
  }

  /* The model's own flag (capacity.unit_cost): a count grown on one
   * figure with no range is an upper bound (README: capacity). */
  function caution(cap) {
    const u = cap && cap.capacity.capacity.unit_cost;
    if (!u || !u.single_figure) return null;
    return el('p', { class: 'caution', 'data-from': u.from || '', text:
      `An upper bound: a unit costs one figure (${u.from}), not a range; field cases grown on such figures failed sooner than the model's count. Check it against a count you have seen.` });
  }

  function drawColumn(col, full, shown, cap) {
    const rep = full.report;
    const now = shown.report;
    const ss = rep.config.shared_section;
    const at = now.steps_applied;
    col.replaceChildren(
      el('h2', { text: rep.os_name, 'data-os': rep.os }),
      headline(rep, cap),
      caution(cap),
      el('p', { class: 'config', text:
        `SharedSection ${ss.text} (shared ${kb(ss.shared_kb)}, interactive ${kb(ss.interactive_kb)}, non-interactive ${kb(ss.noninteractive_kb)}) · view space ` +
        (rep.config.session_view_kb === null ? 'dynamic' : kb(rep.config.session_view_kb)) +
        ` (${rep.config.view_rule}) · /3GB ${rep.config.boot_3gb ? 'on' : 'off'}` }),
      el('p', { class: 'at', 'data-applied': String(at), text:
        `After iteration ${at} of ${rep.steps_applied}` +
        (rep.first_failure && at === rep.first_failure.applied ? ' — the first failure' : '') }));
    for (const s of now.sessions) col.append(sessionTree(s));
    const chain = failureChain(full.explain);
    if (chain)
      col.append(el('details', { class: 'why', open: true },
        el('summary', { text: 'The first failure: its chain and sources' }),
        el('pre', { text: chain })));
    col.append(el('details', { class: 'explain' },
      el('summary', { text: 'The whole explanation at this iteration (dheapsim explain)' }),
      el('pre', { text: shown.explain || '' })));
  }

  /* ------------------------------------------------------------ updating */

  function runColumn(os, col, primary) {
    const req = request(os);
    const grow = $('grow').value;
    let cap = null;
    if (grow && $('capacity-mode').checked) {
      cap = ask(Object.assign({ cmd: 'capacity', grow }, req));
      if (!cap.ok) return cap.error;
      req.grow = grow;
    }
    const full = ask(Object.assign({ cmd: 'run' }, req));
    if (!full.ok) return full.error;
    const rep = full.report;
    const slider = $('slider');
    if (primary) {
      state.resolved = rep.config.shared_section;
      $('ss-shared').placeholder = state.resolved.shared_kb;
      $('ss-inter').placeholder = state.resolved.interactive_kb;
      $('ss-nonint').placeholder = state.resolved.noninteractive_kb;
      const keep = state.keepSlider && Number(slider.max) === rep.steps_applied;
      state.steps = rep.steps_applied;
      state.failAt = rep.first_failure ? rep.first_failure.applied : 0;
      slider.min = rep.steps_applied > 0 ? 1 : 0;
      slider.max = rep.steps_applied;
      if (!keep) slider.value = rep.steps_applied;
      markFailure();
    }
    const at = Math.min(Number(slider.value), rep.steps_applied);
    let shown = full;
    if (at >= 1 && at < rep.steps_applied) {
      shown = ask(Object.assign({ cmd: 'run', stop_after: at }, req));
      if (!shown.ok) return shown.error;
    }
    drawColumn(col, full, shown, cap);
    return null;
  }

  function markFailure() {
    const m = $('fail-mark');
    const slider = $('slider');
    const lo = Number(slider.min), hi = Number(slider.max);
    if (!state.failAt || hi <= lo) { m.hidden = true; return; }
    m.hidden = false;
    m.style.left = `calc(${((state.failAt - lo) / (hi - lo)) * 100}% - 1px)`;
    m.title = `the first failure: iteration ${state.failAt}`;
  }

  function update(keepSlider) {
    clearError();
    state.keepSlider = keepSlider;
    document.body.dataset.ready = '0';
    const b = $('os-b').value;
    $('col-b').hidden = !b;
    let err = runColumn($('os-a').value, $('col-a'), true);
    if (!err && b) err = runColumn(b, $('col-b'), false);
    if (err) showError(err);
    const s = $('slider');
    $('slider-label').textContent = state.steps > 0
      ? `${s.value} of ${state.steps}` + (state.failAt ? ` (first failure at ${state.failAt})` : '') : '';
    state.updates++;
    document.body.dataset.updates = String(state.updates);
    document.body.dataset.ready = '1';
  }

  /* ---------------------------------------------------------------- start */

  function start(M) {
    const raw = M.cwrap('dhw_call', 'number', ['string']);
    const free = M.cwrap('dhw_free', null, ['number']);
    state.call = (req) => {
      const p = raw(JSON.stringify(req));
      const s = M.UTF8ToString(p);
      free(p);
      return JSON.parse(s);
    };
    const prof = ask({ cmd: 'profiles' });
    if (!prof.ok) { showError(prof.error); return; }
    $('version').textContent = prof.profiles.dheapsim_version;
    for (const p of prof.profiles.profiles) {
      $('os-a').append(el('option', { value: p.id, text: `${p.name} (${p.id})` }));
      $('os-b').append(el('option', { value: p.id, text: `${p.name} (${p.id})` }));
    }
    const pick = $('scenario');
    for (const s of window.DH_SCENARIOS)
      pick.append(el('option', { value: s.file, text: s.file.replace(/^scenarios\//, '') }));
    const first = window.DH_SCENARIOS.find((s) => /comment49/.test(s.file)) || window.DH_SCENARIOS[0];
    pick.value = first.file;
    setScenario(first.file, first.text);

    pick.addEventListener('change', () => {
      const s = window.DH_SCENARIOS.find((x) => x.file === pick.value);
      $('paste-note').textContent = '';
      setScenario(s.file, s.text);
      update(false);
    });
    $('use-paste').addEventListener('click', () => {
      const text = $('paste').value;
      let scen = text;
      let note = 'a scenario';
      if (!text.trim().startsWith('{')) {
        const imp = ask({ cmd: 'import', table: text });
        if (!imp.ok) { showError(imp.error); return; }
        scen = imp.scenario;
        note = `a table, imported: ${imp.guess}`;
      }
      $('paste-note').textContent = note;
      setScenario('(pasted)', scen);
      update(false);
    });
    for (const id of ['os-a', 'os-b', 'ss-shared', 'ss-inter', 'ss-nonint', 'svs', 'boot3gb', 'count'])
      $(id).addEventListener('change', () => update(false));
    $('svs-mode').addEventListener('change', () => {
      $('svs').disabled = $('svs-mode').value !== 'set';
      update(false);
    });
    $('grow').addEventListener('change', () => { syncCount(); update(false); });
    $('capacity-mode').addEventListener('change', () => { syncCount(); update(false); });
    $('ss-reset').addEventListener('click', () => {
      for (const id of ['ss-shared', 'ss-inter', 'ss-nonint']) $(id).value = '';
      update(false);
    });
    $('slider').addEventListener('input', () => update(true));
    update(false);
  }

  window.DheapsimModule().then(start).catch((e) => showError('the model did not load: ' + e));
})();
