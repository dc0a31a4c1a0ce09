/** The services page (what the user may bind) and one service's page (fields, example, bind, order). */
import type { Field } from '../form/fields.js';
import type { Offer } from '../kcp/offers.js';
import { type Html, h, path } from './html.js';

export function offersBody(offers: readonly Offer[]): Html {
  if (offers.length === 0) return h`<p>No service of this catalog may be bound by you.</p>`;
  return h`<ul class="cards">${offers.flatMap((o) =>
    o.resources.length === 0
      ? [
          h`<li class="card"><h2>${o.id}</h2><p>${o.description ?? ''}</p><p class="muted">${o.problem ?? ''}</p><a href="${path('apis', o.id)}">Details</a></li>`,
        ]
      : o.resources.map(
          (r) => h`<li class="card">
  <h2><a href="${path('apis', o.id, r.plural)}">${r.kind}</a></h2>
  <p class="muted">${r.group}/${r.version} · export ${o.id}</p>
  <p>${o.description ?? ''}</p>
</li>`,
        ),
  )}</ul>`;
}

export interface OfferView {
  offer: Offer;
  resource?: { kind: string; group: string; version: string; plural: string; namespaced: boolean };
  fields: readonly Field[];
  example: string;
  /** workspaces the user may bind into (not bound yet), and where it is bound (ordering possible). */
  unbound: readonly string[];
  bound: readonly string[];
  csrf: string;
  error?: string;
}

export function offerBody(v: OfferView): Html {
  const r = v.resource;
  return h`<p class="lead">${v.offer.description ?? ''}</p>
${v.error ? h`<p class="error" role="alert">${v.error}</p>` : h``}
${r ? h`<p class="muted">${r.group}/${r.version}, ${r.namespaced ? 'namespaced' : 'cluster-wide'} · export ${v.offer.id}</p>` : h``}
<section><h2>Order it</h2>
${v.bound.length === 0 ? h`<p>Not bound in any of your workspaces yet: bind it first.</p>` : h`<ul>${v.bound.map((ws) => h`<li><a class="order" href="${path('w', ws, 'order', v.offer.id, r?.plural ?? '')}">Order in ${ws}</a></li>`)}</ul>`}
</section>
${v.unbound.length > 0 ? bindForm(v) : h``}
<section><h2>Fields</h2>${fieldsTable(v.fields)}</section>
<section><h2>Example</h2><pre class="yaml">${v.example}</pre></section>`;
}

function bindForm(v: OfferView): Html {
  const claims = v.offer.claims;
  return h`<section><h2>Bind it into a workspace</h2>
<form method="post" action="${path('apis', v.offer.id, 'bind')}" class="bind">
  <input type="hidden" name="_csrf" value="${v.csrf}">
  <input type="hidden" name="resource" value="${v.resource?.plural ?? ''}">
  <label for="workspace">Workspace</label>
  <select id="workspace" name="workspace">${v.unbound.map((ws) => h`<option>${ws}</option>`)}</select>
  ${
    claims === undefined
      ? h`<p class="muted">The export's permission claims cannot be read with your rights; kcp shows them on the binding.</p>`
      : claims.length === 0
        ? h`<p>The export claims no permissions in your workspace.</p>`
        : h`<p>The provider asks to reach these objects in the workspace:</p>
  <ul class="claims">${claims.map((c) => h`<li><code>${c.resource}${c.group ? `.${c.group}` : ''}</code>: ${c.verbs.join(', ') || 'all verbs'}</li>`)}</ul>`
  }
  <label class="check"><input type="checkbox" name="accept" value="yes"> I accept the export's permission claims</label>
  <button type="submit">Bind</button>
</form></section>`;
}

function fieldsTable(fields: readonly Field[]): Html {
  if (fields.length === 0) return h`<p>No fields to set.</p>`;
  return h`<table class="fields"><thead><tr><th>Field</th><th>Type</th><th>Default</th><th>Allowed</th><th>Description</th></tr></thead><tbody>
${fields.map(
  (f) =>
    h`<tr><td><code>${f.name}</code>${f.required ? h` <span class="req">required</span>` : h``}</td><td>${f.kind === 'list' ? `list of ${f.itemKind}` : f.kind}</td><td>${f.default === undefined ? '' : JSON.stringify(f.default)}</td><td>${allowed(f)}</td><td>${f.description ?? ''}</td></tr>`,
)}</tbody></table>`;
}

function allowed(f: Field): string {
  const parts: string[] = [];
  if (f.enum) parts.push(f.enum.join(', '));
  if (f.minimum !== undefined) parts.push(`≥ ${f.minimum}`);
  if (f.maximum !== undefined) parts.push(`≤ ${f.maximum}`);
  if (f.maxLength !== undefined) parts.push(`at most ${f.maxLength} characters`);
  if (f.pattern) parts.push(`matches ${f.pattern}`);
  if (f.format) parts.push(f.format);
  return parts.join('; ');
}
