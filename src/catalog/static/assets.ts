/**
 * The catalog's stylesheet and its one client script, served from /static. They are strings in the
 * code (no build step, nothing to copy beside dist/). The script only makes the claims live (it reads
 * the Server-Sent Events the server relays from a kcp watch) and filters the claims table; every page
 * works without it.
 */

export const css = `
:root { font-family: system-ui, sans-serif; color: #1d2430; background: #f6f7f9; }
body { margin: 0; }
header { display: flex; align-items: center; gap: 2rem; padding: .75rem 1.5rem; background: #1d2a44; color: #fff; }
header a { color: #fff; text-decoration: none; }
.brand { font-weight: 700; }
nav { display: flex; gap: 1.25rem; align-items: center; flex: 1; }
nav .who { margin-left: auto; opacity: .8; font-size: .9rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; }
section { margin: 1.5rem 0; }
.cards { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: 1rem; }
.card { background: #fff; border: 1px solid #d8dde6; border-radius: 8px; padding: 1rem; }
.card h2 { margin: 0 0 .25rem; font-size: 1.2rem; }
.muted { color: #667085; }
.lead { font-size: 1.1rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #e4e7ec; vertical-align: top; }
th { background: #eef1f5; }
pre.yaml { background: #fff; border: 1px solid #d8dde6; padding: 1rem; overflow: auto; }
.req { color: #b42318; font-size: .8rem; }
.error { color: #b42318; }
.field { margin: .75rem 0; max-width: 36rem; }
.field label { display: block; font-weight: 600; margin-bottom: .2rem; }
.field input, .field select, .field textarea { width: 100%; padding: .4rem; box-sizing: border-box; }
.field.invalid input, .field.invalid select, .field.invalid textarea { border: 2px solid #b42318; }
.field-error { color: #b42318; margin: .25rem 0; font-size: .9rem; }
.hint { color: #667085; margin: .2rem 0; font-size: .9rem; }
.section { font-size: 1rem; margin-top: 1.25rem; }
form.inline { display: inline; }
button { padding: .45rem 1rem; border-radius: 6px; border: 1px solid #1d2a44; background: #2952a3; color: #fff; cursor: pointer; }
nav button { background: transparent; border-color: #fff; }
fieldset { border: 1px solid #d8dde6; background: #fff; margin: 0 0 1rem; max-width: 40rem; }
fieldset label { display: block; margin: .5rem 0 .2rem; }
fieldset input, fieldset textarea { width: 100%; box-sizing: border-box; }
.check { display: block; margin: .75rem 0; }
.s-True { color: #067647; font-weight: 600; }
.s-False { color: #b42318; font-weight: 600; }
.s-Unknown { color: #667085; }
#filter { width: 100%; max-width: 30rem; padding: .4rem; margin-bottom: .75rem; }
nav.workspaces { gap: 1rem; margin-bottom: 1rem; flex-wrap: wrap; }
code.value { background: #fff4e5; padding: .1rem .3rem; }
`;

export const liveJs = `'use strict';
(function () {
  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value == null ? '' : String(value);
    if (cls) el.className = cls;
    return el;
  }
  function status(state) {
    var live = document.getElementById('live');
    if (live) live.textContent = state;
  }
  function enc(s) { return encodeURIComponent(s).replace(/%3A/g, ':'); }

  var table = document.getElementById('claims');
  if (table) {
    var body = table.tBodies[0];
    var base = table.getAttribute('data-base');
    var filter = document.getElementById('filter');
    var applyFilter = function () {
      var q = (filter.value || '').toLowerCase();
      for (var i = 0; i < body.rows.length; i++) {
        var row = body.rows[i];
        row.hidden = q !== '' && row.textContent.toLowerCase().indexOf(q) < 0;
      }
    };
    var counts = function () {
      var ready = 0;
      for (var i = 0; i < body.rows.length; i++) if (body.rows[i].cells[3].textContent === 'True') ready++;
      document.getElementById('count').textContent = String(body.rows.length);
      document.getElementById('ready').textContent = String(ready);
    };
    var rowOf = function (r) {
      var tr = document.createElement('tr');
      tr.id = r.id;
      tr.appendChild(text('td', r.namespace));
      var name = document.createElement('td');
      var a = text('a', r.name);
      a.href = base + '/' + enc(r.resource) + '/' + enc(r.namespace) + '/' + enc(r.name);
      name.appendChild(a);
      tr.appendChild(name);
      tr.appendChild(text('td', r.kind));
      tr.appendChild(text('td', r.ready, 's-' + r.ready));
      tr.appendChild(text('td', r.synced, 's-' + r.synced));
      tr.appendChild(text('td', r.message));
      return tr;
    };
    var place = function (tr) {
      var key = tr.cells[0].textContent + '/' + tr.cells[1].textContent;
      for (var i = 0; i < body.rows.length; i++) {
        var other = body.rows[i];
        if (other.cells[0].textContent + '/' + other.cells[1].textContent > key) return body.insertBefore(tr, other);
      }
      body.appendChild(tr);
    };
    filter.addEventListener('input', applyFilter);
    // Events are applied once per frame: a watch's first list brings every claim again, and a row
    // that did not change is left as it is, so hundreds of claims cost one layout, not hundreds.
    var pending = new Map();
    var flush = function () {
      pending.forEach(function (msg) {
        var old = document.getElementById(msg.row.id);
        if (msg.type === 'DELETED') { if (old) old.remove(); return; }
        var tr = rowOf(msg.row);
        if (!old) place(tr);
        else if (old.textContent !== tr.textContent) old.replaceWith(tr);
      });
      pending.clear();
      counts();
      applyFilter();
    };
    var source = new EventSource(table.getAttribute('data-events'));
    source.addEventListener('open', function () { status('live'); });
    source.addEventListener('error', function () { status('reconnecting…'); });
    source.addEventListener('claim', function (e) {
      var msg = JSON.parse(e.data);
      if (pending.size === 0) requestAnimationFrame(flush);
      pending.set(msg.row.id, msg);
    });
  }

  var claim = document.getElementById('claim');
  if (claim) {
    var conditions = document.getElementById('conditions').tBodies[0];
    var stream = new EventSource(claim.getAttribute('data-events'));
    stream.addEventListener('open', function () { status('live'); });
    stream.addEventListener('error', function () { status('reconnecting…'); });
    stream.addEventListener('claim', function (e) {
      var msg = JSON.parse(e.data);
      conditions.textContent = '';
      (msg.conditions || []).forEach(function (c) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-type', c.type);
        tr.appendChild(text('td', c.type));
        tr.appendChild(text('td', c.status, 's-' + c.status));
        tr.appendChild(text('td', c.reason));
        tr.appendChild(text('td', c.message));
        tr.appendChild(text('td', c.lastTransitionTime));
        conditions.appendChild(tr);
      });
    });
    // The Secret's keys as they arrive (values are never sent here); a page showing values stays as it is.
    var secret = document.getElementById('secret');
    stream.addEventListener('secret', function (e) {
      if (!secret || secret.querySelector('code.value')) return;
      var keys = JSON.parse(e.data).keys || [];
      var table = secret.querySelector('table');
      var body = table.tBodies[0];
      body.textContent = '';
      keys.forEach(function (k) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-key', k);
        tr.appendChild(text('td', k));
        tr.appendChild(text('td', '••••••••', 'hidden'));
        body.appendChild(tr);
      });
      table.hidden = keys.length === 0;
      document.getElementById('reveal').hidden = keys.length === 0;
      document.getElementById('secret-problem').hidden = keys.length > 0;
    });
  }
})();
`;
