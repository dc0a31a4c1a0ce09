/**
 * The claims of a workspace (a table that a small script keeps live and filters as one types: it stays
 * usable with hundreds of rows), and one claim: its conditions, recent events and connection Secret,
 * whose values are shown only after a POST asking for them.
 */
import type { ClaimRow, Condition, Event } from '../kcp/claims.js';
import { type Html, h, path } from './html.js';

export interface ClaimsView {
  workspace: string;
  workspaces: readonly string[];
  rows: readonly ClaimRow[];
  notBound: boolean;
}

export function claimsBody(v: ClaimsView): Html {
  const ready = v.rows.filter((r) => r.ready === 'True').length;
  return h`<nav class="workspaces">${v.workspaces.map((ws) =>
    ws === v.workspace ? h`<strong>${ws}</strong>` : h`<a href="${path('w', ws, 'claims')}">${ws}</a>`,
  )}</nav>
${v.notBound ? h`<p>No service of this catalog is bound in ${v.workspace}. <a href="/apis">Find one to bind.</a></p>` : h``}
<p class="summary"><span id="count">${v.rows.length}</span> claims, <span id="ready">${ready}</span> Ready · <span id="live" class="muted">connecting…</span></p>
<input id="filter" type="search" placeholder="Filter by namespace, name, kind or state" aria-label="Filter">
<table class="claims" id="claims" data-events="${path('w', v.workspace, 'claims', 'events')}" data-base="${path('w', v.workspace, 'claims')}">
<thead><tr><th>Namespace</th><th>Name</th><th>Kind</th><th>Ready</th><th>Synced</th><th>Message</th></tr></thead>
<tbody>${v.rows.map((r) => claimRowHtml(v.workspace, r))}</tbody>
</table>`;
}

/** claimRowHtml returns one row of the claims table; live.js builds the same row from a ClaimRow. */
export function claimRowHtml(workspace: string, r: ClaimRow): Html {
  return h`<tr id="${r.id}"><td>${r.namespace}</td><td><a href="${path('w', workspace, 'claims', r.resource, r.namespace, r.name)}">${r.name}</a></td><td>${r.kind}</td><td class="s-${r.ready}">${r.ready}</td><td class="s-${r.synced}">${r.synced}</td><td>${r.message}</td></tr>`;
}

export interface ClaimView {
  workspace: string;
  resource: string;
  namespace: string;
  name: string;
  kind: string;
  conditions: readonly Condition[];
  events: readonly Event[];
  secret?: { name: string; keys: readonly string[]; values?: Record<string, string>; problem?: string };
  spec: string;
  csrf: string;
}

export function claimBody(v: ClaimView): Html {
  const self = path('w', v.workspace, 'claims', v.resource, v.namespace, v.name);
  return h`<p class="muted">${v.kind} in ${v.workspace} · <a href="${path('w', v.workspace, 'claims')}">all claims</a></p>
<section id="claim" data-events="${self}/events"><h2>Conditions <span id="live" class="muted">connecting…</span></h2>
<table class="conditions" id="conditions"><thead><tr><th>Type</th><th>Status</th><th>Reason</th><th>Message</th><th>Since</th></tr></thead>
<tbody>${conditionRows(v.conditions)}</tbody></table></section>
<section><h2>Recent events</h2>${
    v.events.length === 0
      ? h`<p class="muted" id="events">No events.</p>`
      : h`<table id="events"><thead><tr><th>Time</th><th>Type</th><th>Reason</th><th>Message</th></tr></thead><tbody>${v.events.map(
          (e) =>
            h`<tr><td>${e.time}</td><td>${e.type ?? ''}</td><td>${e.reason ?? ''}</td><td>${e.message ?? ''}${e.count && e.count > 1 ? ` (×${e.count})` : ''}</td></tr>`,
        )}</tbody></table>`
  }</section>
${secretSection(v, self)}
<section><h2>Spec</h2><pre class="yaml">${v.spec}</pre></section>`;
}

/** conditionRows returns the rows of a conditions table; live.js replaces them as the claim changes. */
export function conditionRows(conditions: readonly Condition[]): Html {
  if (conditions.length === 0) return h`<tr><td colspan="5" class="muted">No conditions yet.</td></tr>`;
  return h`${conditions.map(
    (c) =>
      h`<tr data-type="${c.type}"><td>${c.type}</td><td class="s-${c.status}">${c.status}</td><td>${c.reason ?? ''}</td><td>${c.message ?? ''}</td><td>${c.lastTransitionTime ?? ''}</td></tr>`,
  )}`;
}

/**
 * secretSection returns the connection Secret's section: its keys with values masked and a button
 * that asks for them by POST, or the values when they were asked for. Its parts are always there
 * (hidden when empty), for live.js to fill in as the Secret arrives.
 */
function secretSection(v: ClaimView, self: string): Html {
  const s = v.secret;
  if (!s)
    return h`<section><h2>Connection Secret</h2><p class="muted">This claim names no connection Secret.</p></section>`;
  const none = s.keys.length === 0;
  return h`<section id="secret"><h2>Connection Secret <code>${s.name}</code></h2>
<p class="muted" id="secret-problem"${none ? h`` : h` hidden`}>${s.problem ?? 'It has no keys.'}</p>
<table class="secret"${none ? h` hidden` : h``}><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody>${s.keys.map(
    (k) =>
      h`<tr data-key="${k}"><td>${k}</td><td>${s.values ? h`<code class="value">${s.values[k] ?? ''}</code>` : h`<span class="hidden">••••••••</span>`}</td></tr>`,
  )}</tbody></table>
${
  s.values
    ? h`<p><a href="${self}">Hide the values</a></p>`
    : h`<form method="post" action="${self}/reveal" id="reveal"${none ? h` hidden` : h``}><input type="hidden" name="_csrf" value="${v.csrf}"><button type="submit">Reveal values</button></form>`
}</section>`;
}
