import type { Node } from 'web-tree-sitter';
import { analyzerFinding, OPAQUE_EXECUTION } from './analyzer-findings';
import { type Ctx, expandEnv, type Inherited, type Placement } from './context';
import { DEFAULT_IFS, splitFields } from './expand';
import type { ShellCommand } from './model';
import { readOptions } from './options';
import { wordValue } from './words';
import type { Span } from '../types';

/**
 * What a text defines for the commands after it: variables (`C=psql`, `export X=…`, `read -r X
 * <<< '…'`, `unset X`), functions (`f(){ …; }`) and aliases (`alias x='rm -rf'`), following the
 * bash manual ("Shell Parameters", "Shell Functions", "Aliases", and the `read`, `export`,
 * `declare`, `unset`, `alias` builtins). Definitions are recorded in text order, whatever branch
 * or loop they sit in (an over-approximation: `if …; then C=rm; fi; $C` resolves `$C` to `rm`).
 *
 * A call of a known function is analysed as its body with the positional parameters bound where
 * static; an alias is analysed as its replacement text followed by the call's arguments.
 */

/** Most re-parsed texts (wrappers, function calls, aliases) in one analysis. */
export const MAX_REPARSES = 256;

/** Records a command that is only assignments (`C=psql`, `IFS=,`): they set shell variables. */
export function recordAssignments(ctx: Ctx, cmd: ShellCommand): void {
  if (cmd.argv.length > 0) return;
  for (const a of cmd.assignments) ctx.vars.set(a.name, a.value);
}

/** `export A=1 B`, `declare -r X=…`, `local y=…`, `readonly z=…`, `unset x`. */
export function recordDeclaration(ctx: Ctx, node: Node): void {
  const keyword = node.firstChild?.type;
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (keyword === 'unset' && child.type === 'variable_name') ctx.vars.set(child.text, '');
    else if (keyword === 'unset' && child.type === 'word' && !child.text.startsWith('-'))
      ctx.vars.set(child.text, '');
    if (child.type !== 'variable_assignment') continue;
    const name = child.childForFieldName('name')?.text;
    const value = child.childForFieldName('value');
    if (name) ctx.vars.set(name, value ? wordValue(value, expandEnv(ctx)).value : '');
  }
}

/**
 * `read [-r] [-d D] [-p P] NAME…` fed static text (`read -r X <<< 'rm'`, `echo rm | read X`):
 * the first line split on `$IFS`, the last name taking the rest. Other `read`s make the names
 * run-time values. `alias NAME=VALUE…` records aliases.
 */
export function recordBuiltin(ctx: Ctx, cmd: ShellCommand): void {
  if (cmd.name === 'alias') {
    for (const w of cmd.argv.slice(1)) {
      const eq = w.value?.indexOf('=') ?? -1;
      if (w.value && eq > 0) ctx.aliases.set(w.value.slice(0, eq), w.value.slice(eq + 1));
    }
    return;
  }
  if (cmd.name !== 'read') return;
  const { options, next } = readOptions(cmd.argv, 1, { short: 'adinNptu' });
  const names = cmd.argv.slice(next).map((w) => w.value);
  if (names.length === 0) names.push('REPLY');
  const array = options.some((o) => o.name === 'a');
  const stdin = cmd.stdin && !cmd.stdin.dynamic ? cmd.stdin.text : undefined;
  const line = stdin?.split('\n')[0];
  const ifs = ctx.vars.has('IFS') ? ctx.vars.get('IFS') : DEFAULT_IFS;
  const pieces = line === undefined || ifs === undefined || array ? undefined : splitFields(line, ifs).pieces;
  names.forEach((name, i) => {
    if (name === undefined || !/^[A-Za-z_]\w*$/.test(name)) return;
    const last = i === names.length - 1;
    ctx.vars.set(name, pieces ? (last ? pieces.slice(i).join(' ') : (pieces[i] ?? '')) : undefined);
  });
}

/** Records `name() { …; }` / `function name { …; }` for later calls. */
export function recordFunction(ctx: Ctx, node: Node): void {
  const name = node.childForFieldName('name')?.text;
  const body = node.childForFieldName('body');
  if (!name || !body) return;
  const span = ctx.fixedSpan ?? ctx.index.span(ctx.base + body.startIndex, ctx.base + body.endIndex);
  const placement: Placement = ctx.fixedSpan
    ? { fixedSpan: ctx.fixedSpan }
    : { baseOffset: ctx.base + body.startIndex };
  ctx.functions.set(name, { text: body.text, placement, span });
}

/** Re-parses `text` within the shared budget; reports `tooDeep` opaque execution past it. */
export function reparseBounded(
  ctx: Ctx,
  text: string,
  placement: Placement,
  inherited: Inherited,
  at: Span,
): void {
  if (ctx.depth + 1 > ctx.maxDepth || ctx.budget.reparses >= MAX_REPARSES) {
    // One finding per place: a recursive function (`:(){ :|:& };:`) hits the limit many times.
    const seen = ctx.findings.some(
      (f) => f.ruleId === OPAQUE_EXECUTION.id && f.span.start === at.start && f.span.end === at.end,
    );
    if (!seen) ctx.findings.push(analyzerFinding(OPAQUE_EXECUTION, 'tooDeep', at, { depth: ctx.maxDepth }));
    return;
  }
  ctx.budget.reparses++;
  ctx.reparse(ctx, text, placement, inherited, at);
}

/** Sets `$1…` and `$#` in `vars` to the static values of a call's arguments; returns `vars`. */
export function bindPositional(
  vars: Map<string, string | undefined>,
  positional: readonly (string | undefined)[],
): Map<string, string | undefined> {
  positional.forEach((v, i) => vars.set(String(i + 1), v));
  vars.set('#', String(positional.length));
  return vars;
}

/** What a command inherits as the context of text it runs. */
export function inheritedOf(cmd: ShellCommand, wrapper: string): Inherited {
  return {
    wrappers: [...cmd.wrappers, wrapper],
    inSubstitution: cmd.inSubstitution,
    ...(cmd.runAs ? { runAs: cmd.runAs } : {}),
    ...(cmd.remote ? { remote: cmd.remote } : {}),
    ...(cmd.stdin ? { stdin: cmd.stdin } : {}),
  };
}

/**
 * A call of a function or alias defined earlier (`f /var/lib/mysql`, `x /`): analyses the body with
 * `$1…`, `$@`, `$#` bound to the call's arguments (unknown where they are), or the alias text with
 * the arguments appended. Only commands named directly (not through a wrapper: `sudo f` runs a
 * program `f`, not the function).
 */
export function expandCall(ctx: Ctx, cmd: ShellCommand): void {
  const first = cmd.argv[0];
  if (!first || cmd.name === undefined || cmd.wrappers.length > ctx.inherited.wrappers.length) return;
  const fn = ctx.functions.get(cmd.name);
  if (fn && first.raw === cmd.name) {
    const positional = cmd.argv.slice(1).map((w) => w.value);
    // A call with the same arguments is analysed once (recursion, loops calling it again).
    const key = JSON.stringify([cmd.name, positional, fn.span.start]);
    if (ctx.budget.calls.has(key)) return;
    ctx.budget.calls.add(key);
    const vars = bindPositional(new Map(ctx.vars), positional);
    const callCtx: Ctx = { ...ctx, vars, positional };
    reparseBounded(callCtx, fn.text, fn.placement, inheritedOf(cmd, `function ${cmd.name}`), cmd.span);
    return;
  }
  const alias = ctx.aliases.get(cmd.name);
  if (alias !== undefined && first.raw === cmd.name) {
    const text = [alias, ...cmd.argv.slice(1).map((w) => w.raw)].join(' ');
    // bash does not expand an alias again inside its own replacement (`alias ls='ls -la'`).
    const aliases = new Map(ctx.aliases);
    aliases.delete(cmd.name);
    reparseBounded(
      { ...ctx, aliases },
      text,
      { fixedSpan: cmd.span },
      inheritedOf(cmd, `alias ${cmd.name}`),
      cmd.span,
    );
  }
}
