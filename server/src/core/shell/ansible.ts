import { parseDocument } from 'yaml';
import { runtimeVariable } from '../file/run-later';
import { quoteWord } from './words';

/**
 * Ansible modules read as what they run: `shell`, `command` and `raw` run shell text (the
 * `command` module runs its words without a shell; read as shell text it is judged the same or
 * more strictly), `script` copies a local script to the hosts and runs it there, and a few modules
 * whose effect is a command's (`file state=absent` removes the path as `rm -rf` does,
 * `postgresql_db`/`mysql_db state=absent` drop the database). Templates `{{ … }}` are values known
 * when the play runs: shell variables no text sets (as `${{ }}` of GitHub workflows,
 * `file/run-later.ts`).
 *
 * Playbooks (`ansible-playbook site.yml`) are read task by task (`tasks`, `pre_tasks`,
 * `post_tasks`, `handlers`, nested `block`/`rescue`/`always`), with the play's `hosts`, `become`
 * and `check_mode`; roles, `include_*`/`import_*` files and `import_playbook` are not followed.
 *
 * Sources: https://docs.ansible.com/ansible/latest/collections/ansible/builtin/index.html (module
 * pages: shell, command, raw, script, file), the community.postgresql `postgresql_db` and
 * community.mysql `mysql_db` pages, https://docs.ansible.com/ansible/latest/playbook_guide/playbooks_reuse.html
 * and https://docs.ansible.com/ansible/latest/playbook_guide/playbooks_blocks.html.
 */

/** What a module call runs: shell text, or a local script file with its arguments. */
export interface ModuleCall {
  /** The tool (`ansible`, `ansible-playbook`). */
  via: string;
  /** The module's short name (`shell`, `file`). */
  module: string;
  text?: string;
  script?: string[];
  /** PowerShell or cmd text a Windows module runs, which is not read (`win_shell`). */
  unread?: string;
}

/** Windows modules that run text in a language not read (ansible.windows collection). */
const WINDOWS_TEXT = new Set(['win_shell', 'win_command', 'win_powershell', 'win_psexec']);

/** One token of an ansible `k=v` argument string: its value and how it was written. */
interface Token {
  value: string;
  raw: string;
  /** Where it starts and ends in the argument string (absent for list items). */
  start?: number;
  end?: number;
}

/**
 * Splits a module's free-form argument string as ansible's `parse_kv` does: on blanks outside
 * single or double quotes (quotes removed from the value, kept in `raw`).
 */
function tokens(s: string): Token[] {
  const out: Token[] = [];
  let value = '';
  let raw = '';
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (!raw) start = i;
    if (quote) {
      raw += c;
      if (c === quote) quote = undefined;
      else value += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      raw += c;
    } else if (/\s/.test(c)) {
      if (raw) out.push({ value, raw, start, end: i });
      value = '';
      raw = '';
    } else {
      value += c;
      raw += c;
    }
  }
  if (raw) out.push({ value, raw, start, end: s.length });
  return out;
}

/** Parameters the shell/command/raw/script modules take beside the free-form command. */
const RAW_PARAMS = new Set([
  'chdir',
  'creates',
  'removes',
  'executable',
  'stdin',
  'stdin_add_newline',
  'strip_empty_ends',
  'warn',
  'decrypt',
  'expand_argument_vars',
]);

/** `name=value` of a token when `name` is one of `names`. */
function kv(t: Token, names: ReadonlySet<string> | undefined): [string, string] | undefined {
  const eq = t.value.indexOf('=');
  if (eq <= 0) return undefined;
  const name = t.value.slice(0, eq);
  if (!/^\w+$/.test(name) || (names && !names.has(name))) return undefined;
  return [name, t.value.slice(eq + 1)];
}

/** Modules whose parameters say a command's effect, with the command. */
const EFFECT_MODULES: Record<string, (p: Map<string, string>) => string | undefined> = {
  // ansible.builtin.file: `state: absent` removes the path recursively (directories included).
  file: (p) => {
    const path = p.get('path') ?? p.get('dest') ?? p.get('name');
    return p.get('state') === 'absent' && path ? `rm -rf -- ${quoteWord(path)}` : undefined;
  },
  // community.postgresql.postgresql_db: `state: absent` drops the database.
  postgresql_db: (p) => {
    const name = p.get('name') ?? p.get('db');
    if (p.get('state') !== 'absent' || !name) return undefined;
    const host = p.get('login_host');
    return `dropdb ${host ? `-h ${quoteWord(host)} ` : ''}${quoteWord(name)}`;
  },
  // community.mysql.mysql_db: `state: absent` drops the database(s).
  mysql_db: (p) => {
    const name = p.get('name') ?? p.get('db');
    if (p.get('state') !== 'absent' || !name) return undefined;
    const host = p.get('login_host');
    const sql = name
      .split(',')
      .map((n) => `DROP DATABASE \`${n.trim()}\``)
      .join('; ');
    return `mysql ${host ? `-h ${quoteWord(host)} ` : ''}-e ${quoteWord(sql)}`;
  },
};

/** `ansible.builtin.shell`, `ansible.legacy.command`, `community.postgresql.postgresql_db` ⇒ short name. */
function shortName(module: string): string {
  return module.slice(module.lastIndexOf('.') + 1);
}

/** A string, number or boolean parameter as text. */
function scalar(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/**
 * What module `module` called with `args` (the free-form string of `-a`, or a task's value: a
 * string or a mapping) runs; `undefined` for modules that run no command.
 */
export function moduleCommands(
  via: string,
  module: string,
  args: string | Record<string, unknown>,
  extra: Record<string, unknown> = {},
): ModuleCall | undefined {
  const name = shortName(module);
  const params = new Map<string, string>();
  let free: Token[] = [];
  // The free form as written (lines kept), without the parameters taken out of it.
  let freeText: string | undefined;
  if (typeof args === 'string') {
    freeText = '';
    let at = 0;
    for (const t of tokens(args)) {
      const pair = kv(t, name in EFFECT_MODULES ? undefined : RAW_PARAMS);
      if (!pair) {
        free.push(t);
        continue;
      }
      params.set(pair[0], pair[1]);
      freeText += args.slice(at, t.start);
      at = t.end ?? at;
    }
    freeText += args.slice(at);
  }
  for (const [k, v] of Object.entries({ ...extra, ...(typeof args === 'string' ? {} : args) })) {
    const s = scalar(v);
    if (s !== undefined) params.set(k, fillJinja(s));
  }
  const argv = typeof args === 'string' ? undefined : args.argv;
  if (Array.isArray(argv))
    free = argv.map((a) => ({ value: fillJinja(String(a)), raw: quoteWord(String(a)) }));
  const cmdParam = params.get('cmd') ?? params.get('_raw_params');
  const text =
    cmdParam ??
    (free.length ? (Array.isArray(argv) ? free.map((t) => t.raw).join(' ') : freeText) : undefined);
  switch (name) {
    case 'shell':
    case 'command':
    case 'raw':
      return text === undefined ? undefined : { via, module: name, text };
    case 'script': {
      const words = cmdParam !== undefined ? tokens(cmdParam).map((t) => t.value) : free.map((t) => t.value);
      return words.length ? { via, module: name, script: words } : undefined;
    }
    default: {
      if (WINDOWS_TEXT.has(name)) return text === undefined ? undefined : { via, module: name, unread: text };
      const effect = EFFECT_MODULES[name]?.(params);
      return effect === undefined ? undefined : { via, module: name, text: effect };
    }
  }
}

/** `{{ expr }}` templates as run-time shell values (`${__expr}`). */
export function fillJinja(text: string): string {
  return text.replace(/\{\{([\s\S]*?)\}\}/g, (_, expr: string) => `\${${runtimeVariable(expr)}}`);
}

/** One task of a playbook that runs a command. */
export interface PlaybookTask {
  call: ModuleCall;
  /** The play's `hosts` when static. */
  hosts: string | undefined;
  /** The user the task runs as (`become`, `become_user`), when become is on. */
  become?: string;
  /** `check_mode` of the task or an enclosing block/play, when set. */
  checkMode?: boolean;
  /** Runs on this machine rather than the play's hosts. */
  local?: boolean;
}

/** Keys of a task that are not its module (task keywords; playbooks_keywords.html#task). */
const TASK_KEYWORDS = new Set([
  'name',
  'args',
  'become',
  'become_user',
  'become_method',
  'become_flags',
  'become_exe',
  'check_mode',
  'changed_when',
  'failed_when',
  'when',
  'register',
  'loop',
  'loop_control',
  'tags',
  'environment',
  'vars',
  'notify',
  'ignore_errors',
  'ignore_unreachable',
  'delegate_to',
  'delegate_facts',
  'run_once',
  'retries',
  'delay',
  'until',
  'async',
  'poll',
  'no_log',
  'listen',
  'timeout',
  'throttle',
  'diff',
  'any_errors_fatal',
  'debugger',
  'collections',
  'connection',
  'module_defaults',
  'remote_user',
  'port',
  'local_action',
  'action',
]);

/** Most tasks read from one playbook. */
const MAX_TASKS = 500;
/** Deepest nesting of blocks followed. */
const MAX_DEPTH = 16;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Scope {
  hosts: string | undefined;
  become?: string;
  checkMode?: boolean;
}

function scopeOf(obj: Record<string, unknown>, outer: Scope): Scope {
  const s: Scope = { ...outer };
  if (obj.become !== undefined) {
    const on = obj.become === true || obj.become === 'yes' || obj.become === 'true';
    if (on) s.become = scalar(obj.become_user) ?? outer.become ?? 'root';
    else delete s.become;
  } else if (obj.become_user !== undefined && s.become) s.become = scalar(obj.become_user) ?? s.become;
  if (obj.check_mode !== undefined) s.checkMode = ![false, 'no', 'false'].includes(obj.check_mode as never);
  return s;
}

function readTask(v: unknown, scope: Scope, out: PlaybookTask[], depth: number): void {
  if (!isRecord(v) || depth > MAX_DEPTH || out.length >= MAX_TASKS) return;
  const here = scopeOf(v, scope);
  // Run on the control node, this machine (`local_action`, `delegate_to: localhost`).
  const local =
    v.local_action !== undefined || ['localhost', '127.0.0.1'].includes(scalar(v.delegate_to) ?? '');
  const push = (call: ModuleCall): void => {
    out.push({
      call,
      hosts: here.hosts,
      ...(local ? { local } : {}),
      ...(here.become ? { become: here.become } : {}),
      ...(here.checkMode !== undefined ? { checkMode: here.checkMode } : {}),
    });
  };
  for (const key of ['block', 'rescue', 'always']) {
    const list = v[key];
    if (Array.isArray(list)) for (const t of list) readTask(t, here, out, depth + 1);
  }
  const extra = isRecord(v.args) ? v.args : {};
  // `action: shell rm -rf /x`, `local_action: {module: shell, cmd: …}`: the module named inside.
  for (const key of ['action', 'local_action']) {
    const a = v[key];
    const named = typeof a === 'string' ? /^\s*(\S+)\s*([\s\S]*)$/.exec(a) : null;
    const module = named ? named[1] : isRecord(a) ? scalar(a.module) : undefined;
    if (module === undefined) continue;
    const rest = named ? fillJinja(named[2] ?? '') : isRecord(a) ? a : '';
    const call = moduleCommands('ansible-playbook', module, rest, extra);
    if (call) push(call);
  }
  for (const [key, value] of Object.entries(v)) {
    if (TASK_KEYWORDS.has(key) || key.startsWith('with_') || ['block', 'rescue', 'always'].includes(key))
      continue;
    const args =
      typeof value === 'string' ? fillJinja(value) : isRecord(value) ? value : value == null ? '' : undefined;
    if (args === undefined) continue;
    const call = moduleCommands('ansible-playbook', key, args, extra);
    if (call) push(call);
  }
}

/**
 * The tasks of a playbook (YAML text) that run commands, in order; `[]` when it does not parse.
 * Roles and included files are not followed (see the module comment).
 */
export function playbookTasks(text: string): PlaybookTask[] {
  let doc: unknown;
  try {
    const parsed = parseDocument(text, { logLevel: 'silent', uniqueKeys: false });
    if (parsed.errors.length) return [];
    doc = parsed.toJS({ maxAliasCount: 100 });
  } catch {
    return [];
  }
  if (!Array.isArray(doc)) return [];
  const out: PlaybookTask[] = [];
  for (const play of doc) {
    if (!isRecord(play)) continue;
    const hosts = scalar(play.hosts);
    const scope = scopeOf(play, { hosts: hosts?.includes('{{') ? undefined : hosts });
    for (const key of ['pre_tasks', 'tasks', 'post_tasks', 'handlers']) {
      const list = play[key];
      if (Array.isArray(list)) for (const t of list) readTask(t, scope, out, 0);
    }
  }
  return out.slice(0, MAX_TASKS);
}
