/**
 * The helpers as Handlebars runs them during one render. Each is guarded: it checks the time budget
 * before it runs, its string result against the output limit, turns a returned function into
 * nothing (so no helper can hand a template something callable), and locates its errors at its
 * line. Handlebars' block helpers are replaced by guarded ones too: #each checks the budget and the
 * output on every iteration, which bounds the only loop a template has.
 */
import Handlebars from 'handlebars';
import { located } from './errors.js';
import { type Helper, type HelperOptions, helpers, type RenderSession, text } from './helpers.js';

/** Handlebars' own helpers, from an environment nothing else touches. */
const builtins = Handlebars.create().helpers;

/** builtin returns a Helper calling Handlebars' own helper of that name. */
function builtin(name: 'if' | 'unless' | 'with' | 'lookup'): Helper {
  const helper = builtins[name];
  if (!helper) throw new Error(`cannot find Handlebars' ${name} helper`);
  return function (this: unknown, _, args, options) {
    return helper.call(this, ...args, options);
  };
}

/** each iterates a list or an object as Handlebars' #each does, within the time and output limits. */
const each: Helper = function (this: unknown, session, args, options) {
  if (args.length !== 1)
    throw new Error('cannot iterate: #each takes one list or object, as in {{#each items}}');
  let length = 0;
  const fn = (context: unknown, runtime?: object): string => {
    session.tick();
    const out = options.fn(context, runtime);
    length += out.length;
    session.checkOutput(length);
    return out;
  };
  return builtins.each?.call(this, args[0], { ...options, fn });
};

/** The block and built-in helpers, replacing Handlebars' own. */
const blockHelpers: Record<string, Helper> = {
  each,
  if: builtin('if'),
  unless: builtin('unless'),
  with: builtin('with'),
  lookup: builtin('lookup'),
  log: (session, args) => {
    session.log(args.map(text).join(' '));
    return '';
  },
  /** blockHelperMissing renders {{#field}}...{{/field}} over data, iterating lists with the guarded each. */
  blockHelperMissing: function (this: unknown, session, [value], options) {
    if (value === true) return options.fn(this);
    if (value === false || value === null || value === undefined) return options.inverse(this);
    if (Array.isArray(value))
      return value.length > 0 ? each.call(this, session, [value], options) : options.inverse(this);
    return options.fn(value, { data: options.data });
  },
  helperMissing: () => {
    throw new Error('cannot call an unknown helper');
  },
};

/** The names of every helper a template may call; the compiler rejects any other. */
export const knownHelpers: Record<string, boolean> = Object.fromEntries(
  [...Object.keys(helpers), ...Object.keys(blockHelpers)].map((name) => [name, true]),
);

/** runtimeHelpers returns every helper guarded for session, as Handlebars' runtime option `helpers`. */
export function runtimeHelpers(session: RenderSession): Record<string, Handlebars.HelperDelegate> {
  const out: Record<string, Handlebars.HelperDelegate> = {};
  for (const [name, helper] of Object.entries({ ...helpers, ...blockHelpers }))
    out[name] = guarded(helper, session);
  return out;
}

/** guarded returns helper as Handlebars calls it, checked against session's limits and located on error. */
function guarded(helper: Helper, session: RenderSession): Handlebars.HelperDelegate {
  return function (this: unknown, ...all: unknown[]): unknown {
    const options = all.at(-1) as HelperOptions;
    try {
      session.tick();
      const out = helper.call(this, session, all.slice(0, -1), options);
      if (typeof out === 'function') return undefined;
      if (typeof out === 'string') session.checkOutput(out.length);
      return out;
    } catch (err) {
      throw located(err, session.template(), options?.loc?.start.line);
    }
  };
}
