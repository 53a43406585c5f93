// noticescan intake page. Plain JavaScript, no build step. It talks only
// to this server's /v1 API; the access key stays in sessionStorage.
'use strict';

(() => {
  const KEY_STORE = 'noticescan.key';
  const POLL_MS = 700;
  const KINDS = {
    online_account_number: 'USCIS Online Account Number',
    receipt_number: 'Receipt Number',
    a_number: 'A-Number',
  };
  const STATUS_WORDS = {
    queued: 'Waiting',
    processing: 'Reading',
    complete: 'Done',
    partial: 'To check',
    failed: 'Failed',
  };
  const REVIEW_WORDS = { confirmed: 'Confirmed', corrected: 'Corrected', rejected: 'Rejected' };

  let key = sessionStorage.getItem(KEY_STORE) || '';
  let openAccess = false;
  let nextCursor = '';

  const $ = (sel, root = document) => root.querySelector(sel);

  // el builds an element; text is always set as text, never as HTML, so
  // file names and values cannot inject markup.
  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c) e.append(c);
    return e;
  }

  // fileName shows a file name that may break between its parts (after
  // "_", "-", "." or a space) rather than inside a word or a number.
  function fileName(tag, attrs, name) {
    const e = el(tag, attrs);
    name.split(/(?<=[_.\- ])/).forEach((part, i) => {
      if (i > 0) e.append(el('wbr'));
      e.append(part);
    });
    return e;
  }

  function authHeaders() {
    return key ? { Authorization: 'Bearer ' + key } : {};
  }

  async function problemText(res) {
    try {
      const p = await res.json();
      if (p && p.detail) return p.detail;
    } catch (_) { /* not a problem document */ }
    return `The server answered ${res.status} ${res.statusText}.`;
  }

  // api fetches a /v1 path with the key. A 401 sends the person back to
  // sign in; any other failure throws the server's explanation.
  async function api(path, opts = {}) {
    const res = await fetch(path, { ...opts, headers: { ...authHeaders(), ...(opts.headers || {}) } });
    if (res.status === 401 && !openAccess) {
      signOut('Your access key is no longer accepted. Please sign in again.');
      throw new Error('Not signed in.');
    }
    if (!res.ok) throw new Error(await problemText(res));
    return res;
  }

  function toast(msg) {
    const t = $('#toast');
    t.textContent = msg;
    t.classList.add('show');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => t.classList.remove('show'), 2200);
  }

  // ---- Sign-in ----

  async function start() {
    const probe = await fetch('/v1/documents?limit=1');
    if (probe.ok) {
      openAccess = true;
      key = '';
      return showApp();
    }
    if (key) {
      const res = await fetch('/v1/documents?limit=1', { headers: authHeaders() });
      if (res.ok) return showApp();
      sessionStorage.removeItem(KEY_STORE);
      key = '';
    }
    showSignIn('');
  }

  function showSignIn(message) {
    $('#signin').hidden = false;
    $('#read').hidden = true;
    $('#list').hidden = true;
    $('#tabs').hidden = true;
    $('#signout').hidden = true;
    $('#signin-error').textContent = message;
    $('#key').value = '';
    $('#key').focus();
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY_STORE);
    key = '';
    showSignIn(message || '');
  }

  $('#signin-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const candidate = $('#key').value.trim();
    if (!candidate) {
      $('#signin-error').textContent = 'Please enter your access key.';
      return;
    }
    const res = await fetch('/v1/documents?limit=1', { headers: { Authorization: 'Bearer ' + candidate } });
    if (!res.ok) {
      $('#signin-error').textContent = res.status === 401
        ? 'This access key was not accepted. Check it and try again.'
        : await problemText(res);
      return;
    }
    key = candidate;
    sessionStorage.setItem(KEY_STORE, key);
    showApp();
  });

  $('#signout').addEventListener('click', () => signOut('You are signed out.'));

  function showApp() {
    $('#signin').hidden = true;
    $('#tabs').hidden = false;
    $('#signout').hidden = openAccess;
    showTab('read');
  }

  function showTab(name) {
    $('#read').hidden = name !== 'read';
    $('#list').hidden = name !== 'list';
    $('#tab-read').toggleAttribute('aria-current', name === 'read');
    $('#tab-list').toggleAttribute('aria-current', name === 'list');
    if (name === 'read') $('#tab-read').setAttribute('aria-current', 'page');
    if (name === 'list') {
      $('#tab-list').setAttribute('aria-current', 'page');
      search();
    }
  }
  $('#tab-read').addEventListener('click', () => showTab('read'));
  $('#tab-list').addEventListener('click', () => showTab('list'));

  // ---- Upload ----

  const drop = $('#drop');
  const picker = $('#files');
  drop.addEventListener('click', () => picker.click());
  drop.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      picker.click();
    }
  });
  picker.addEventListener('change', () => {
    addFiles(picker.files);
    picker.value = '';
  });
  for (const name of ['dragenter', 'dragover']) {
    drop.addEventListener(name, (ev) => {
      ev.preventDefault();
      drop.classList.add('over');
    });
  }
  for (const name of ['dragleave', 'drop']) {
    drop.addEventListener(name, () => drop.classList.remove('over'));
  }
  drop.addEventListener('drop', (ev) => {
    ev.preventDefault();
    addFiles(ev.dataTransfer.files);
  });
  // A file dropped beside the zone would make the browser open it.
  window.addEventListener('dragover', (ev) => ev.preventDefault());
  window.addEventListener('drop', (ev) => ev.preventDefault());

  // Uploads run a few at a time, so that a hundred dropped files do not
  // open a hundred connections at once.
  const MAX_UPLOADS = 3;
  let uploading = 0;
  const waiting = [];

  function addFiles(files) {
    for (const f of files) waiting.push(newCard(f));
    pump();
  }

  function pump() {
    while (uploading < MAX_UPLOADS && waiting.length) {
      const card = waiting.shift();
      uploading++;
      uploadOne(card, () => {
        uploading--;
        pump();
      });
    }
  }

  function setState(card, text, kind) {
    const s = $('.state', card);
    s.textContent = text;
    s.className = 'state' + (kind ? ' ' + kind : '');
  }

  function newCard(file) {
    const card = el('li', { class: 'upload' },
      el('div', { class: 'upload-head' },
        fileName('span', { class: 'upload-name' }, file.name),
        el('span', { class: 'state', role: 'status', 'aria-live': 'polite', text: 'Waiting to upload' })),
      el('progress', { max: '100', value: '0', 'aria-label': 'Progress of ' + file.name }),
      el('div', { class: 'result-slot' }));
    card.file = file;
    $('#uploads').prepend(card);
    return card;
  }

  // uploadOne sends a card's file and then follows its document; done is
  // called once the upload itself is over, whatever its outcome.
  function uploadOne(card, done) {
    const file = card.file;
    const bar = $('progress', card);
    setState(card, 'Uploading 0%');

    const form = new FormData();
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/v1/documents');
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.addEventListener('progress', (ev) => {
      if (!ev.lengthComputable) return;
      const pct = Math.round((100 * ev.loaded) / ev.total);
      bar.value = pct * 0.3;
      setState(card, `Uploading ${pct}%`);
    });
    xhr.addEventListener('loadend', done);
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (_) { /* handled below */ }
      if (xhr.status === 401 && !openAccess) {
        signOut('Your access key is no longer accepted. Please sign in again.');
        return;
      }
      if (xhr.status < 200 || xhr.status >= 300 || !body || !body.id) {
        bar.remove();
        setState(card, 'Failed: ' + ((body && body.detail) || `the server answered ${xhr.status}.`), 'failed');
        return;
      }
      track(card, body);
    });
    xhr.addEventListener('error', () => {
      bar.remove();
      setState(card, 'Failed: the server could not be reached.', 'failed');
    });
    xhr.send(form);
  }

  // track polls a document until it is final, showing where it is.
  async function track(card, doc) {
    const bar = $('progress', card);
    for (;;) {
      if (doc.status === 'queued') {
        setState(card, 'Waiting to be read');
        bar.value = 35;
      } else if (doc.status === 'processing') {
        const total = doc.pages_total || 0;
        if (total > 0) {
          const n = Math.min(doc.pages_done + 1, total);
          setState(card, `Reading page ${n} of ${total}`);
          bar.value = 40 + (60 * doc.pages_done) / total;
        } else {
          setState(card, 'Reading');
          bar.value = 40;
        }
      } else {
        break;
      }
      // A queued document is asked about less often than one being read.
      await new Promise((r) => setTimeout(r, doc.status === 'queued' ? 3 * POLL_MS : POLL_MS));
      try {
        doc = await (await api('/v1/documents/' + encodeURIComponent(doc.id))).json();
      } catch (err) {
        setState(card, 'Failed: ' + err.message, 'failed');
        bar.remove();
        return;
      }
    }
    bar.remove();
    if (doc.status === 'failed') {
      setState(card, 'Failed: ' + (doc.error || 'the file could not be read.'), 'failed');
      return;
    }
    if (doc.status === 'partial') {
      // Finished, but numbers may be missing: say which pages to look at.
      setState(card, checkWords(doc), 'done check');
    } else {
      setState(card, 'Done', 'done');
    }
    renderResult($('.result-slot', card), doc);
  }

  // checkPages lists the pages a partial document's warnings name
  // ("page 2: text could not be read"), and the pages that failed.
  function checkPages(doc) {
    const pages = new Set();
    for (const w of doc.warnings || []) {
      const m = /^page (\d+): .*could not be read/.exec(w);
      if (m) pages.add(Number(m[1]));
    }
    for (const p of doc.pages || []) if (p.error) pages.add(p.number);
    return [...pages].sort((a, b) => a - b);
  }

  function checkWords(doc) {
    const pages = checkPages(doc);
    if (pages.length === 0) return 'Check this document: part of it could not be read';
    if (pages.length === 1) return 'Check this page: page ' + pages[0];
    return 'Check these pages: ' + pages.slice(0, -1).join(', ') + ' and ' + pages[pages.length - 1];
  }

  // ---- Result ----

  function kindWords(k) {
    return KINDS[k] || k;
  }

  function confidenceBadge(f) {
    if (f.review) return el('span', { class: 'badge reviewed', text: REVIEW_WORDS[f.review] || f.review });
    return f.needs_check
      ? el('span', { class: 'badge check', text: 'Check this' })
      : el('span', { class: 'badge sure', text: 'Sure' });
  }

  async function copyValue(value) {
    try {
      await navigator.clipboard.writeText(value);
    } catch (_) {
      // Older browsers, or a page not in a secure context.
      const ta = el('textarea', { 'aria-hidden': 'true' });
      ta.value = value;
      ta.style.position = 'fixed';
      ta.style.opacity = '0';
      document.body.append(ta);
      ta.select();
      document.execCommand('copy');
      ta.remove();
    }
    toast('Copied ' + value);
  }

  function when(iso) {
    const d = new Date(iso);
    return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  // renderResult draws a document's findings and page images into slot.
  function renderResult(slot, doc) {
    slot.replaceChildren();
    const wrap = el('div', { class: 'result' });
    const list = el('ol', { class: 'findings', 'aria-label': 'Numbers found' });
    const pagesCol = el('div', { class: 'pages' });
    wrap.append(list, pagesCol);
    slot.append(wrap);

    if (doc.findings.length === 0) {
      list.append(el('li', { class: 'none', text: 'No USCIS numbers were found on this notice.' }));
    }
    doc.findings.forEach((f, i) => list.append(findingItem(slot, doc, f, i)));
    // Low confidence is already shown finding by finding ("Check this").
    // What could not be read comes first, one line each: it is why a
    // partial document needs a person.
    const warnings = (doc.warnings || []).filter((w) => !w.includes('below confidence'));
    const unread = warnings.filter((w) => w.includes('could not be read'));
    const notes = warnings.filter((w) => !w.includes('could not be read'));
    for (const w of unread) {
      list.append(el('li', { class: 'warnings unread', text: 'Check: ' + w.charAt(0).toUpperCase() + w.slice(1) + '.' }));
    }
    if (notes.length) {
      list.append(el('li', { class: 'warnings', text: 'Note: ' + notes.join('; ') + '.' }));
    }

    // The pages with numbers, and the pages to check, so a person sees them.
    const toCheck = doc.status === 'partial' ? checkPages(doc).filter((n) => n <= doc.pages.length) : [];
    const pages = [...new Set([...doc.findings.map((f) => f.page), ...toCheck])].sort((a, b) => a - b);
    if (pages.length === 0 && doc.pages.length > 0) pages.push(1);
    for (const n of pages) pagesCol.append(pageFigure(slot, doc, n));
  }

  function findingItem(slot, doc, f, i) {
    const n = i + 1;
    const item = el('li', { class: 'finding' + (f.review === 'rejected' ? ' rejected' : ''), 'data-finding': String(i) });
    const activate = (on) => {
      item.classList.toggle('active', on);
      slot.querySelectorAll(`.box[data-finding="${i}"]`).forEach((b) => b.classList.toggle('active', on));
    };
    item.addEventListener('mouseenter', () => activate(true));
    item.addEventListener('mouseleave', () => activate(false));
    item.addEventListener('focusin', () => activate(true));
    item.addEventListener('focusout', () => activate(false));

    item.append(
      el('div', { class: 'finding-top' },
        el('span', { class: 'kind' }, el('span', { class: 'marker', 'aria-hidden': 'true', text: String(n) }), kindWords(f.kind)),
        confidenceBadge(f)),
      el('div', { class: 'value-row' },
        el('span', { class: 'value', text: f.display || f.value }),
        el('button', {
          type: 'button', class: 'small copy', text: 'Copy',
          'aria-label': `Copy ${kindWords(f.kind)} ${f.value}`,
          onclick: () => copyValue(f.value),
        })),
      el('div', { class: 'muted', text: `Page ${f.page}` + (f.label ? ` · next to “${f.label}”` : '') }),
      el('canvas', {
        class: 'snippet', 'data-finding': String(i), hidden: true, role: 'img',
        'aria-label': `The ${kindWords(f.kind)} as printed on page ${f.page}`,
      }));

    const actions = el('div', { class: 'review-row' },
      el('button', { type: 'button', class: 'small', text: 'It is right', onclick: () => review(slot, doc, i, 'confirm') }),
      el('button', { type: 'button', class: 'small', text: 'Fix it', 'aria-expanded': 'false', onclick: (ev) => toggleFix(ev.currentTarget) }),
      el('button', { type: 'button', class: 'small', text: 'Not a number', onclick: () => review(slot, doc, i, 'reject') }));
    item.append(actions);

    const fixId = `fix-${doc.id}-${i}`;
    const fix = el('form', { class: 'fix', hidden: true },
      el('div', { class: 'field' },
        el('label', { for: fixId, text: `Right ${kindWords(f.kind)}` }),
        el('input', { id: fixId, type: 'text', spellcheck: 'false', autocomplete: 'off', value: f.value })),
      el('button', { type: 'submit', class: 'primary', text: 'Save' }),
      el('p', { class: 'error', role: 'alert' }));
    fix.addEventListener('submit', (ev) => {
      ev.preventDefault();
      review(slot, doc, i, 'correct', $('input', fix).value, $('.error', fix));
    });
    item.append(fix);

    function toggleFix(button) {
      fix.hidden = !fix.hidden;
      button.setAttribute('aria-expanded', String(!fix.hidden));
      if (!fix.hidden) $('input', fix).focus();
    }

    if (f.history && f.history.length) {
      const last = f.history[f.history.length - 1];
      let text = `${REVIEW_WORDS[f.review] || 'Reviewed'} by ${last.reviewer} on ${when(last.at)}`;
      if (f.value !== f.original_value) text += ` · read as ${f.original_value}`;
      if (f.history.length > 1) text += ` · ${f.history.length} decisions in all`;
      item.append(el('p', { class: 'audit', text }));
    }
    return item;
  }

  async function review(slot, doc, i, action, value, errorEl) {
    const body = { action };
    if (value !== undefined) body.value = value;
    try {
      const res = await api(`/v1/documents/${encodeURIComponent(doc.id)}/findings/${i}/review`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const updated = await res.json();
      renderResult(slot, updated);
      const again = slot.querySelector(`.finding[data-finding="${i}"] .copy`);
      if (again) again.focus();
      toast({ confirm: 'Marked as right', correct: 'Correction saved', reject: 'Marked as not a number' }[action]);
    } catch (err) {
      if (errorEl) errorEl.textContent = err.message;
      else toast(err.message);
    }
  }

  // drawSnippet shows, enlarged, the part of the page image around a
  // finding, outlined, so the value can be checked against the print
  // without hunting for it on the page.
  function drawSnippet(canvas, img, page, f) {
    const s = img.naturalWidth / page.width;
    const b = f.bbox;
    // The label is printed before the value or above it: the crop reaches
    // left by the label's length (in characters as wide as the value's,
    // with room for a gap between columns), up by two lines, and right as
    // far as a label above would run, so the person sees what tied the
    // number to its kind.
    const charW = (b.x1 - b.x0) / Math.max(1, (f.display || f.value).length);
    const lineH = b.y1 - b.y0;
    const labelW = 1.3 * (f.label || '').length * charW;
    const padL = 2 * labelW + 2 * charW + 6 / s;
    const padR = Math.max(2 * charW, labelW - (b.x1 - b.x0) + 2 * charW) + 6 / s;
    const padT = 2.2 * lineH + 4 / s;
    const padB = 0.6 * lineH + 4 / s;
    const sx = Math.max(0, (b.x0 - padL) * s);
    const sy = Math.max(0, (b.y0 - padT) * s);
    const sw = Math.min(img.naturalWidth - sx, (b.x1 + padR) * s - sx);
    const sh = Math.min(img.naturalHeight - sy, (b.y1 + padB) * s - sy);
    if (sw < 2 || sh < 2) return;
    const k = Math.min(3, 520 / sw);
    canvas.width = Math.round(sw * k);
    canvas.height = Math.round(sh * k);
    const ctx = canvas.getContext('2d');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(img, sx, sy, sw, sh, 0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = '#c2410c';
    ctx.lineWidth = 3;
    ctx.strokeRect((b.x0 * s - sx) * k - 4, (b.y0 * s - sy) * k - 4, (b.x1 - b.x0) * s * k + 8, (b.y1 - b.y0) * s * k + 8);
    canvas.hidden = false;
  }

  function pageFigure(slot, doc, n) {
    const page = doc.pages.find((p) => p.number === n) || {};
    const frame = el('div', { class: 'page-frame' });
    const img = el('img', { alt: `Page ${n} of the notice, with the numbers found outlined` });
    frame.append(img);
    const fig = el('figure', { class: 'page-figure' }, frame,
      el('figcaption', { text: `Page ${n}` + (doc.pages.length > 1 ? ` of ${doc.pages.length}` : '') }));
    if (page.width > 0 && page.height > 0) {
      doc.findings.forEach((f, i) => {
        if (f.page !== n) return;
        const b = f.bbox;
        const pad = 0.004;
        // The number sits to the right of the box, where the line is
        // usually blank (labels come before values), or above its right
        // end when the box reaches the page's right edge.
        const side = b.x1 / page.width > 0.9 ? ' marker-above' : '';
        const box = el('div', { class: 'box' + side, 'data-finding': String(i), 'aria-hidden': 'true' }, el('span', { text: String(i + 1) }));
        box.style.left = `${(100 * b.x0) / page.width - 100 * pad}%`;
        box.style.top = `${(100 * b.y0) / page.height - 100 * pad}%`;
        box.style.width = `${(100 * (b.x1 - b.x0)) / page.width + 200 * pad}%`;
        box.style.height = `${(100 * (b.y1 - b.y0)) / page.height + 200 * pad}%`;
        frame.append(box);
      });
    }
    api(`/v1/documents/${encodeURIComponent(doc.id)}/pages/${n}/image`)
      .then((res) => res.blob())
      .then((blob) => {
        img.addEventListener('load', () => {
          if (!(page.width > 0 && page.height > 0)) return;
          doc.findings.forEach((f, i) => {
            const c = slot.querySelector(`canvas.snippet[data-finding="${i}"]`);
            if (f.page === n && c) drawSnippet(c, img, page, f);
          });
        }, { once: true });
        img.src = URL.createObjectURL(blob);
      })
      .catch(() => { frame.replaceChildren(el('p', { class: 'muted', text: 'The page image is not available.' })); });
    return fig;
  }

  // ---- Past documents ----

  function listQuery() {
    const p = new URLSearchParams();
    const q = $('#q').value.trim();
    const st = $('#status').value;
    if (q) p.set('q', q);
    if (st) p.set('status', st);
    return p;
  }

  async function search(more) {
    const p = listQuery();
    p.set('limit', '25');
    if (more && nextCursor) p.set('cursor', nextCursor);
    const tbody = $('#docs tbody');
    if (!more) {
      tbody.replaceChildren();
      $('#detail').hidden = true;
    }
    $('#list-status').textContent = 'Loading…';
    try {
      const list = await (await api('/v1/documents?' + p)).json();
      for (const d of list.documents) tbody.append(docRow(d));
      nextCursor = list.next || '';
      $('#more').hidden = !nextCursor;
      const n = tbody.children.length;
      $('#list-status').textContent = n === 0 ? 'No documents match.' : `${n} document${n === 1 ? '' : 's'} shown.`;
    } catch (err) {
      $('#list-status').textContent = err.message;
    }
  }

  function docRow(d) {
    const ids = el('td', { class: 'ids' });
    for (const f of d.findings) {
      if (f.review === 'rejected') continue;
      ids.append(el('div', { text: f.value, title: kindWords(f.kind) }));
    }
    return el('tr', {},
      fileName('td', { class: 'file' }, d.filename || d.id),
      el('td', { text: when(d.created_at) }),
      el('td', { text: STATUS_WORDS[d.status] || d.status }),
      ids,
      el('td', {}, el('button', {
        type: 'button', class: 'small', text: 'Open', 'aria-label': 'Open ' + (d.filename || d.id),
        onclick: () => openDetail(d.id),
      })));
  }

  // callbackWords says where delivery to the document's callback stands.
  function callbackWords(cb) {
    const words = { pending: 'not sent yet', retrying: 'failed, will retry', delivered: 'delivered', given_up: 'given up' };
    const tries = cb.attempts ? ` after ${cb.attempts} attempt${cb.attempts === 1 ? '' : 's'}` : '';
    const why = cb.last_error && cb.state !== 'delivered' ? ` (${cb.last_error.replace(/_/g, ' ')})` : '';
    return `Callback to ${cb.receiver}: ${words[cb.state] || cb.state}${tries}${why}`;
  }

  async function openDetail(id) {
    const detail = $('#detail');
    try {
      const d = await (await api('/v1/documents/' + encodeURIComponent(id))).json();
      const heading = fileName('h2', { tabindex: '-1', class: 'file' }, d.filename || d.id);
      const slot = el('div');
      detail.replaceChildren(heading,
        el('p', { class: 'muted', text: `${d.status === 'partial' ? checkWords(d) : STATUS_WORDS[d.status] || d.status} · added ${when(d.created_at)}` + (d.error ? ` · ${d.error}` : '') }),
        ...(d.callback ? [el('p', { class: 'muted callback', text: callbackWords(d.callback) })] : []),
        slot);
      detail.hidden = false;
      renderResult(slot, d);
      heading.focus();
    } catch (err) {
      toast(err.message);
    }
  }

  $('#search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    search(false);
  });
  $('#status').addEventListener('change', () => search(false));
  $('#more').addEventListener('click', () => search(true));

  // download fetches an export of the list as it is filtered, with the
  // page's credentials, and hands it to the browser as a file.
  async function download(format, label) {
    try {
      const res = await api(`/v1/export.${format}?` + listQuery());
      const blob = await res.blob();
      const m = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '');
      const a = el('a', { href: URL.createObjectURL(blob), download: m ? m[1] : `noticescan.${format}` });
      document.body.append(a);
      a.click();
      a.remove();
      toast(`${label} downloaded`);
    } catch (err) {
      toast(err.message);
    }
  }
  $('#csv').addEventListener('click', () => download('csv', 'CSV'));
  $('#xlsx').addEventListener('click', () => download('xlsx', 'Excel workbook'));

  start().catch((err) => showSignIn('The server could not be reached: ' + err.message));
})();
