// diffood web page: sends the chosen image to POST /score and shows the answer.
// Plain browser JavaScript, no build step, no library. Every field of the answer may be missing: the page
// shows what is there. The DOM is built with textContent and attributes only, never with HTML from the server.
'use strict';

(() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);

  const state = {
    /** GET /detectors, or an empty description when the server has none (404) or it failed */
    info: { detectors: [], decision: null, falsePositiveRate: null, classNames: null },
    infoLoaded: null,
    /** the number of the latest request: an answer to an older one is dropped */
    request: 0,
    inputUrl: null,
  };

  // ---------- small helpers ----------

  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);
  const isString = (v) => typeof v === 'string' && v.length > 0;

  function fmt(v) {
    if (!isNumber(v)) return '—';
    if (v === 0) return '0';
    const a = Math.abs(v);
    if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
    return String(Number(v.toPrecision(4)));
  }

  /** A share as a percentage; more digits where 3 would round 99.999 % up to a misleading 100 %. */
  function percent(v, digits = 3) {
    if (!isNumber(v)) return '—';
    return `${Number((v * 100).toPrecision(digits))} %`;
  }

  /** An element with attributes, and children (nodes or strings). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : String(c));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }

  function pngSrc(b64) {
    if (!isString(b64)) return null;
    return b64.startsWith('data:') ? b64 : `data:image/png;base64,${b64}`;
  }

  /** Keys of a timestep map in numeric order. */
  function timesteps(map) {
    return isObject(map) ? Object.keys(map).sort((a, b) => Number(a) - Number(b)) : [];
  }

  /** The answer's class name for its label (labelName), else the one GET /detectors lists. */
  function answerLabel(r) {
    return isString(r.labelName) && isNumber(r.label) ? `${r.labelName} (${r.label})` : labelName(r.label);
  }

  function labelName(label) {
    if (!isNumber(label)) return '—';
    const names = state.info.classNames;
    const name = Array.isArray(names) && isString(names[label]) ? names[label] : null;
    return name ? `${name} (${label})` : String(label);
  }

  function facts(rows) {
    const dl = el('dl', { class: 'facts' });
    for (const [term, value] of rows) {
      if (value === null || value === undefined) continue;
      dl.append(el('dt', { text: term }), el('dd', { text: value }));
    }
    return dl;
  }

  function show(blockId, visible) {
    $(blockId).hidden = !visible;
  }

  // ---------- GET /detectors ----------

  async function loadInfo() {
    try {
      const response = await fetch('detectors', { headers: { Accept: 'application/json' } });
      if (!response.ok) return; // 404 until the server lists its detectors: the page works without
      const body = await response.json();
      if (!isObject(body)) return;
      state.info = {
        detectors: Array.isArray(body.detectors)
          ? body.detectors.filter((d) => isObject(d) && isString(d.name)) : [],
        decision: isString(body.decision) ? body.decision : null,
        falsePositiveRate: isNumber(body.falsePositiveRate) ? body.falsePositiveRate : null,
        classNames: Array.isArray(body.classNames) ? body.classNames : null,
      };
      if (isString(body.modelSet)) showModelSet(body.modelSet);
    } catch (e) {
      // unreachable or not JSON: score without it
    }
  }

  function detectorInfo(name) {
    return state.info.detectors.find((d) => d.name === name) || null;
  }

  // ---------- POST /score ----------

  async function post(body) {
    const response = await fetch('score', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
    return { ok: response.ok, status: response.status, statusText: response.statusText, json, text };
  }

  function readBase64(blob) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => {
        const url = String(reader.result);
        resolve(url.slice(url.indexOf(',') + 1)); // without the data: prefix
      };
      reader.onerror = () => reject(reader.error || new Error('the file cannot be read'));
      reader.readAsDataURL(blob);
    });
  }

  async function score(blob, name) {
    const request = ++state.request;
    begin(blob, name);
    try {
      const image = await readBase64(blob);
      await state.infoLoaded;
      const names = state.info.detectors.map((d) => d.name);
      const full = { image, explain: true };
      if (names.length > 0) full.detectors = names;
      let answer = await post(full);
      let plain = false;
      if (answer.status === 400 && isObject(answer.json) && answer.json.error === 'unknown_field') {
        // a server that does not know explain/detectors yet: ask again with the image only
        plain = true;
        answer = await post({ image });
      }
      if (request !== state.request) return;
      if (answer.ok && isObject(answer.json)) {
        render(answer.json, plain);
      } else if (answer.ok) {
        fail('The server answered with something that is not a JSON object.');
      } else {
        refused(answer);
      }
    } catch (e) {
      if (request !== state.request) return;
      fail(`The server could not be reached: ${e && e.message ? e.message : e}`);
    }
  }

  // ---------- page states ----------

  function clearResults() {
    for (const id of ['decision', 'scores', 'denoised', 'change-map', 'neighbours', 'probabilities', 'cost',
      'explanation-note', 'error']) {
      $(id).replaceChildren();
    }
    for (const id of ['images-block', 'scores-block', 'neighbours-block', 'probabilities-block', 'cost-block']) {
      show(id, false);
    }
    delete $('results').dataset.explained;
  }

  function setState(value, status) {
    const results = $('results');
    results.dataset.state = value;
    results.setAttribute('aria-busy', value === 'busy' ? 'true' : 'false');
    $('status').textContent = status;
  }

  function begin(blob, name) {
    clearResults();
    if (state.inputUrl) URL.revokeObjectURL(state.inputUrl);
    state.inputUrl = URL.createObjectURL(blob);
    const img = $('input-image');
    img.hidden = false;
    img.alt = `The image you sent: ${name}`;
    img.onerror = () => {
      img.hidden = true;
      $('input-figure').querySelector('figcaption').textContent = `input (${name}: the browser cannot show it)`;
    };
    img.onload = () => img.classList.toggle('smooth', img.naturalWidth > img.clientWidth);
    $('input-figure').querySelector('figcaption').textContent = 'input';
    img.src = state.inputUrl;
    show('images-block', true);
    setState('busy', `Scoring ${name}…`);
  }

  function refused(answer) {
    const body = isObject(answer.json) ? answer.json : {};
    const message = isString(body.message) ? body.message
      : `HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
    const code = isString(body.error) ? body.error : `http_${answer.status}`;
    const box = $('error');
    box.replaceChildren(
      el('span', { text: 'The image was refused: ' }),
      el('span', { class: 'error-message', text: message }),
      el('span', { class: 'error-code', text: ` (${answer.status} ${code})` }));
    setState('error', 'The server refused the request.');
  }

  function fail(message) {
    $('error').replaceChildren(el('span', { class: 'error-message', text: message }));
    setState('error', 'No answer.');
  }

  // ---------- rendering the answer ----------

  /** The detector scores: `scores` when the server sends it, else today's `score` (DDP) and `baselines`. */
  function scoresOf(r) {
    const scores = {};
    const decider = deciderOf(r);
    if (isObject(r.scores)) {
      for (const [k, v] of Object.entries(r.scores)) if (isNumber(v)) scores[k] = v;
    } else if (isObject(r.baselines)) {
      if (isNumber(r.score)) scores[decider || 'ddp'] = r.score;
      for (const [k, v] of Object.entries(r.baselines)) if (isNumber(v)) scores[k] = v;
    }
    if (decider && !(decider in scores) && isNumber(r.score)) scores[decider] = r.score;
    return scores;
  }

  function deciderOf(r) {
    if (isString(r.detector)) return r.detector;
    if (!isObject(r.scores) && isNumber(r.score)) return 'ddp'; // today's answer: the DDP score decides
    return state.info.decision;
  }

  function render(r, plain) {
    renderDecision(r);
    renderScores(r);
    renderExplanation(r, plain);
    renderCost(r);
    const verdict = r.ood === true ? 'out of distribution' : r.ood === false ? 'in distribution' : 'no decision';
    setState('done', `Scored: ${verdict}.`);
  }

  function renderDecision(r) {
    const box = $('decision');
    let verdict;
    if (r.ood === true) verdict = el('p', { class: 'verdict ood', id: 'verdict', 'data-ood': 'true', text: 'Out of distribution' });
    else if (r.ood === false) verdict = el('p', { class: 'verdict ind', id: 'verdict', 'data-ood': 'false', text: 'In distribution' });
    else verdict = el('p', { class: 'verdict unknown', id: 'verdict', text: 'No decision in the answer' });

    const decider = deciderOf(r);
    const scoreText = isNumber(r.score)
      ? `${fmt(r.score)}${isNumber(r.threshold) ? ` ${r.ood ? '>' : '≤'} threshold ${fmt(r.threshold)}` : ''}`
      : null;
    const fpr = isNumber(r.falsePositiveRate) ? r.falsePositiveRate : state.info.falsePositiveRate;
    const perT = timesteps(r.perTimestep).filter((t) => isNumber(r.perTimestep[t]))
      .map((t) => `t = ${t}: ${fmt(r.perTimestep[t])}`).join(', ');
    let classifier = null;
    if (isNumber(r.label)) {
      classifier = answerLabel(r) + (isNumber(r.confidence) ? `, confidence ${percent(r.confidence, 5)}` : '');
    }
    box.replaceChildren(verdict, facts([
      ['decided by', decider || null],
      ['score', scoreText],
      ['false-positive rate', isNumber(fpr) ? `${percent(fpr)} of in-distribution images are flagged` : null],
      ['per timestep', perT || null],
      ['classifier says', classifier],
    ]));
  }

  function renderScores(r) {
    const scores = scoresOf(r);
    const pValues = isObject(r.pValues) ? r.pValues : {};
    const decider = deciderOf(r);
    const names = [];
    for (const d of state.info.detectors) if (d.name in scores) names.push(d.name);
    for (const k of Object.keys(scores)) if (!names.includes(k)) names.push(k);
    if (names.length === 0) return;

    const table = el('table', { id: 'scores-table' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'detector' }),
        el('th', { scope: 'col', text: 'score' }),
        el('th', { scope: 'col', text: 'p-value' }),
        el('th', { scope: 'col', text: 'in-distribution validation scores' }))));
    const tbody = el('tbody');
    for (const name of names) {
      const info = detectorInfo(name);
      const nameCell = el('th', { scope: 'row' }, name);
      if (name === decider) nameCell.append(el('span', { class: 'badge', text: 'decides' }));
      if (info && isString(info.description)) nameCell.append(el('div', { class: 'description', text: info.description }));
      const histogram = info ? histogramSvg(name, info.validationHistogram, scores[name]) : null;
      tbody.append(el('tr', { class: name === decider ? 'deciding' : null, 'data-detector': name },
        nameCell,
        el('td', { class: 'num score', text: fmt(scores[name]) }),
        el('td', { class: 'num p-value', text: fmt(pValues[name]) }),
        el('td', { class: 'histogram-cell' }, histogram || el('span', { class: 'note', text: '—' }))));
    }
    table.append(tbody);
    $('scores').replaceChildren(table);
    show('scores-block', true);
  }

  /** A small SVG histogram of the validation scores with a marker at this score; null without valid data. */
  function histogramSvg(name, hist, value) {
    if (!isObject(hist) || !Array.isArray(hist.edges) || !Array.isArray(hist.counts)) return null;
    const { edges, counts } = hist;
    if (counts.length === 0 || edges.length !== counts.length + 1) return null;
    if (!edges.every(isNumber) || !counts.every((c) => isNumber(c) && c >= 0)) return null;
    const lo = edges[0];
    const hi = edges[edges.length - 1];
    if (!(hi > lo)) return null;
    const W = 180;
    const H = 40; // bars; the two scale labels go below
    const top = 4;
    const total = counts.reduce((a, b) => a + b, 0);
    const most = Math.max(...counts) || 1;
    const x = (v) => ((v - lo) / (hi - lo)) * W;

    let where = 'no score for this image';
    if (isNumber(value)) {
      if (value < lo) where = `this image scores ${fmt(value)}, below all of them`;
      else if (value > hi) where = `this image scores ${fmt(value)}, above all of them`;
      else {
        let below = 0;
        for (let i = 0; i < counts.length; i++) {
          if (edges[i + 1] <= value) below += counts[i];
          else if (edges[i] < value) below += counts[i] * (value - edges[i]) / (edges[i + 1] - edges[i]);
        }
        where = `this image scores ${fmt(value)}, higher than ${total > 0 ? percent(below / total) : '—'} of them`;
      }
    }
    const label = `${name}: ${total} in-distribution validation scores from ${fmt(lo)} to ${fmt(hi)}; ${where}`;
    const root = svg('svg', {
      class: 'histogram', width: W + 8, height: H + 13, viewBox: `-4 0 ${W + 8} ${H + 13}`,
      role: 'img', 'aria-label': label,
    });
    const title = svg('title');
    title.textContent = label;
    root.append(title);
    counts.forEach((c, i) => {
      const h = (c / most) * (H - top);
      const x0 = x(edges[i]);
      const w = Math.max(x(edges[i + 1]) - x0 - 0.5, 0.5);
      root.append(svg('rect', { class: 'bin', x: x0.toFixed(2), y: (H - h).toFixed(2), width: w.toFixed(2), height: h.toFixed(2) }));
    });
    root.append(svg('line', { class: 'axis', x1: 0, y1: H + 0.5, x2: W, y2: H + 0.5 }));
    const low = svg('text', { class: 'scale', x: 0, y: H + 11, 'text-anchor': 'start' });
    low.textContent = fmt(lo);
    const high = svg('text', { class: 'scale', x: W, y: H + 11, 'text-anchor': 'end' });
    high.textContent = fmt(hi);
    root.append(low, high);
    if (isNumber(value)) {
      const mx = Math.min(Math.max(x(value), 0), W);
      root.append(svg('line', { class: 'marker', x1: mx.toFixed(2), y1: 0, x2: mx.toFixed(2), y2: H }));
      if (value < lo) root.append(svg('polygon', { class: 'marker-head', points: `-4,4 2,0 2,8` }));
      else if (value > hi) root.append(svg('polygon', { class: 'marker-head', points: `${W + 4},4 ${W - 2},0 ${W - 2},8` }));
    }
    return root;
  }

  function picture(src, alt, caption, attrs) {
    return el('figure', Object.assign({ class: 'picture' }, attrs || {}),
      el('img', { src, alt }), el('figcaption', { text: caption }));
  }

  function renderExplanation(r, plain) {
    const ex = isObject(r.explanation) ? r.explanation : null;
    $('results').dataset.explained = ex ? 'true' : 'false';
    if (!ex) {
      $('explanation-note').textContent = plain
        ? 'This server does not give explanations yet (it refused the explain field), so it sent the plain answer: no denoised images, change map or neighbours.'
        : 'The answer has no explanation: no denoised images, change map or neighbours.';
      return;
    }

    const denoised = $('denoised');
    for (const t of timesteps(ex.denoised)) {
      const src = pngSrc(ex.denoised[t]);
      if (src) denoised.append(picture(src, `The image noised to timestep ${t} and denoised back`, `denoised from t = ${t}`, { 'data-timestep': t }));
    }
    const change = pngSrc(ex.changeMap);
    if (change) {
      $('change-map').append(picture(change, 'Change map: where the denoised images differ from the input', 'change map'));
    }

    const neighbours = Array.isArray(ex.neighbours) ? ex.neighbours.filter(isObject) : [];
    const list = $('neighbours');
    for (const n of neighbours) {
      const label = labelName(n.label);
      const bits = [isNumber(n.index) ? `#${n.index}` : null, label !== '—' ? label : null,
        isNumber(n.similarity) ? `similarity ${fmt(n.similarity)}` : null].filter(Boolean);
      const caption = bits.join(' · ') || 'a training image';
      const src = pngSrc(n.thumbnail);
      const item = el('li', { class: 'neighbour' });
      if (src) {
        const alt = `Training image${isNumber(n.index) ? ` ${n.index}` : ''}, labelled ${label}`;
        item.append(picture(src, alt, caption));
      } else {
        item.append(el('figure', { class: 'picture' },
          el('div', { class: 'no-thumbnail', text: 'no thumbnail' }), el('figcaption', { text: caption })));
      }
      list.append(item);
    }
    show('neighbours-block', neighbours.length > 0);

    renderProbabilities(isObject(ex.probabilities) ? ex.probabilities : null, r.label);
  }

  function renderProbabilities(p, label) {
    if (!p) return;
    const columns = [];
    if (Array.isArray(p.input)) columns.push(['input', p.input]);
    for (const t of timesteps(p.denoised)) if (Array.isArray(p.denoised[t])) columns.push([`denoised from t = ${t}`, p.denoised[t]]);
    if (columns.length === 0) return;
    const classes = Math.max(...columns.map(([, v]) => v.length));
    const head = el('tr', {}, el('th', { scope: 'col', text: 'class' }),
      ...columns.map(([name]) => el('th', { scope: 'col', text: name })));
    const tbody = el('tbody');
    const tops = columns.map(([, v]) => {
      let best = -1;
      v.forEach((x, i) => { if (isNumber(x) && (best < 0 || x > v[best])) best = i; });
      return best;
    });
    for (let k = 0; k < classes; k++) {
      const row = el('tr', {}, el('th', { scope: 'row', text: labelName(k) + (k === label ? ' ◂ label' : '') }));
      columns.forEach(([name, v], c) => {
        const value = v[k];
        const cell = el('td');
        if (isNumber(value)) {
          const fill = el('span', { class: 'prob-fill' });
          fill.style.width = `${Math.min(Math.max(value, 0), 1) * 100}%`;
          cell.append(el('span', { class: k === tops[c] ? 'prob top' : 'prob', title: `${name}: ${labelName(k)} ${fmt(value)}` },
            el('span', { class: 'prob-bar', 'aria-hidden': 'true' }, fill),
            el('span', { class: 'prob-value', text: fmt(value) })));
        } else {
          cell.textContent = '—';
        }
        row.append(cell);
      });
      tbody.append(row);
    }
    $('probabilities').replaceChildren(el('table', { id: 'probabilities-table' }, el('thead', {}, head), tbody));
    show('probabilities-block', true);
  }

  function renderCost(r) {
    const t = isObject(r.timingsMs) ? r.timingsMs : {};
    const others = Object.entries(t).filter(([k, v]) => k !== 'total' && isNumber(v))
      .map(([k, v]) => `${k} ${fmt(v)} ms`).join(', ');
    const settings = [
      Array.isArray(r.timesteps) ? `timesteps ${r.timesteps.join(', ')}` : null,
      isNumber(r.repeats) ? `${r.repeats} repeats` : null,
      isNumber(r.seed) ? `seed ${r.seed}` : null,
      isNumber(r.batchSize) ? `batch of ${r.batchSize}` : null,
    ].filter(Boolean).join(', ');
    const rows = [
      ['denoiser evaluations', isNumber(r.denoiserEvaluations) ? String(r.denoiserEvaluations) : null],
      ['total time', isNumber(t.total) ? `${fmt(t.total)} ms` : null],
      ['of which', others || null],
      ['settings', settings || null],
    ];
    if (rows.every(([, v]) => v === null)) return;
    $('cost').replaceChildren(facts(rows));
    show('cost-block', true);
  }

  // ---------- input: file input, drop zone, examples ----------

  function fromFiles(files) {
    const file = files && files[0];
    if (file) score(file, file.name || 'the dropped file');
  }

  async function fromExample(file) {
    try {
      const response = await fetch(`examples/${encodeURIComponent(file)}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      score(await response.blob(), file);
    } catch (e) {
      clearResults();
      fail(`The example ${file} could not be loaded: ${e && e.message ? e.message : e}`);
    }
  }

  function showModelSet(name) {
    const line = $('model-set');
    line.replaceChildren('Model set: ', el('strong', { text: name }));
    line.hidden = false;
  }

  /** The example buttons: GET /examples lists the images shipped with the served model set. */
  async function loadExamples() {
    const box = $('examples');
    try {
      const response = await fetch('examples', { headers: { Accept: 'application/json' } });
      const body = response.ok ? await response.json() : null;
      const examples = isObject(body) && Array.isArray(body.examples)
        ? body.examples.filter((x) => isObject(x) && isString(x.name)) : [];
      if (isObject(body) && isString(body.modelSet)) {
        showModelSet(body.modelSet);
        $('examples-legend').textContent = `Or try an example of the model set ${body.modelSet}`;
      }
      for (const example of examples) {
        const stem = example.name.replace(/\.[^.]*$/, '');
        const button = el('button', { type: 'button', class: 'example', 'data-example': stem },
          el('img', { src: `examples/${encodeURIComponent(example.name)}`, alt: '', width: 56, height: 56 }),
          el('span', {}, el('strong', { text: stem.charAt(0).toUpperCase() + stem.slice(1) }),
            isString(example.caption) ? ' ' : null,
            isString(example.caption) ? el('small', { text: example.caption }) : null));
        button.addEventListener('click', () => fromExample(example.name));
        box.append(button);
      }
      box.hidden = examples.length === 0;
    } catch (e) {
      // no examples: the file input and the drop zone still work
    } finally {
      box.dataset.loaded = 'true';
    }
  }

  function init() {
    state.infoLoaded = loadInfo();
    loadExamples();
    const input = $('file-input');
    const zone = $('drop-zone');

    input.addEventListener('change', () => {
      fromFiles(input.files);
    });
    // a button: Enter and Space activate it like any other button
    zone.addEventListener('click', () => input.click());
    zone.addEventListener('dragenter', (e) => { e.preventDefault(); zone.classList.add('dragging'); });
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      zone.classList.add('dragging');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('dragging');
      fromFiles(e.dataTransfer && e.dataTransfer.files);
    });
    // a file dropped next to the zone must not make the browser leave the page to show it
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => {
      e.preventDefault();
      if (!zone.contains(e.target)) fromFiles(e.dataTransfer && e.dataTransfer.files);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
