/**
 * The order form of one resource: name and namespace, then a field per value under spec, each with
 * its description, default and allowed values, and the problems found in it shown right below it.
 * Inputs are plain text (no browser-side bounds), so every refusal is the API server's rule, worded
 * as kcp would word it.
 */
import type { FormErrors } from '../form/check.js';
import type { Field } from '../form/fields.js';
import { type Html, h } from './html.js';

export interface OrderView {
  action: string;
  kind: string;
  workspace: string;
  namespaced: boolean;
  namespaces: readonly string[];
  fields: readonly Field[];
  values: Record<string, string>;
  errors: FormErrors;
  csrf: string;
}

export function orderBody(v: OrderView): Html {
  const general = v.errors.general;
  return h`<p>Ordering a ${v.kind} in workspace <code>${v.workspace}</code>. Empty fields take their defaults.</p>
${general.length > 0 ? h`<ul class="error" role="alert">${general.map((m) => h`<li>${m}</li>`)}</ul>` : h``}
<form method="post" action="${v.action}" class="order" novalidate>
  <input type="hidden" name="_csrf" value="${v.csrf}">
  ${input(v, { name: 'metadata.name', label: 'Name', required: true, description: 'Name of the object in its namespace.' })}
  ${v.namespaced ? input(v, { name: 'metadata.namespace', label: 'Namespace', required: true, list: v.namespaces }) : h``}
  ${v.fields.map((f) => fieldInput(v, f))}
  <button type="submit">Order</button>
</form>`;
}

interface Plain {
  name: string;
  label: string;
  required: boolean;
  description?: string;
  list?: readonly string[];
}

function input(v: OrderView, p: Plain): Html {
  const listId = p.list ? `list-${p.name}` : undefined;
  return wrap(
    v,
    p.name,
    p.label,
    p.required,
    p.description,
    h`<input id="${p.name}" name="${p.name}" value="${v.values[p.name] ?? ''}" autocomplete="off"${listId ? h` list="${listId}"` : h``}>${
      p.list ? h`<datalist id="${listId}">${p.list.map((n) => h`<option value="${n}">`)}</datalist>` : h``
    }`,
  );
}

function fieldInput(v: OrderView, f: Field): Html {
  const section = f.section
    ? h`<h3 class="section">${f.section.name}${f.section.description ? h` <span class="muted">${f.section.description}</span>` : h``}</h3>`
    : h``;
  return h`${section}${wrap(v, f.name, f.path.slice(1).join('.'), f.required, describe(f), control(f, v.values[f.name] ?? ''))}`;
}

/** control returns the input of field f holding value: a select for choices, a text area for YAML, else a text input. */
function control(f: Field, value: string): Html {
  const hint = f.default === undefined ? '' : `default ${JSON.stringify(f.default)}`;
  if (f.kind === 'enum' || f.kind === 'boolean') {
    const options = f.kind === 'enum' ? (f.enum ?? []) : ['true', 'false'];
    return h`<select id="${f.name}" name="${f.name}"><option value="">${hint ? `(${hint})` : '(unset)'}</option>${options.map(
      (o) => h`<option${o === value ? h` selected` : h``}>${o}</option>`,
    )}</select>`;
  }
  if (f.kind === 'yaml') {
    return h`<textarea id="${f.name}" name="${f.name}" rows="4" spellcheck="false" placeholder="YAML">${value}</textarea>`;
  }
  const numeric = f.kind === 'integer' || f.kind === 'number';
  const placeholder = [hint, f.kind === 'list' ? 'comma-separated' : ''].filter(Boolean).join(', ');
  return h`<input id="${f.name}" name="${f.name}" value="${value}" autocomplete="off"${numeric ? h` inputmode="numeric"` : h``} placeholder="${placeholder}">`;
}

function describe(f: Field): string {
  const bounds = [
    f.enum && f.kind !== 'enum' ? `one of ${f.enum.join(', ')}` : '',
    f.minimum !== undefined ? `at least ${f.minimum}` : '',
    f.maximum !== undefined ? `at most ${f.maximum}` : '',
  ].filter(Boolean);
  return [f.description ?? '', bounds.join(', ')].filter(Boolean).join(' — ');
}

function wrap(
  v: OrderView,
  name: string,
  label: string,
  required: boolean,
  description: string | undefined,
  control: Html,
): Html {
  const errors = v.errors.byField[name] ?? [];
  return h`<div class="field${errors.length > 0 ? ' invalid' : ''}" data-field="${name}">
  <label for="${name}">${label}${required ? h` <span class="req">required</span>` : h``}</label>
  ${control}
  ${description ? h`<p class="hint">${description}</p>` : h``}
  ${errors.map((m) => h`<p class="field-error" role="alert">${m}</p>`)}
</div>`;
}
