import type { Node, Parser } from 'web-tree-sitter';
import type { Dialect } from '../types';
import { dialectOfUrl, hostOfUrl } from './db-target';
import type { CodeAction, CodeAnalysis, CodeImport, DbTarget } from './model';
import type { PythonCall } from './python-catalog';
import { RUN_TIME, short } from './model';
import { httpAction, joinBase } from './http-call';
import { HOME, HOME_VARIABLES, joinPath } from './home-paths';
import {
  HARMLESS_PYTHON_MODULES,
  PYTHON_CALLS,
  PYTHON_DB_MODULES,
  PYTHON_SQL_METHODS,
} from './python-catalog';

export { HARMLESS_PYTHON_MODULES };

/** Maximum nesting of `exec('…')` code analyzed inside code. */
const MAX_CODE_DEPTH = 4;

/** Expressions nested deeper than this (`'a' + 'a' + …` thousands long) are not resolved. */
const MAX_VALUE_NESTING = 200;

/** Names bound in one snippet: imports (`sp` ⇒ `subprocess`) and single assignments. */
interface Scope {
  /** Local name ⇒ qualified name it stands for (`s` ⇒ `os.system`, `sp` ⇒ `subprocess`). */
  imports: Map<string, string>;
  /** Modules imported with `from M import *`. */
  starModules: string[];
  /** Local name ⇒ the one expression assigned to it; `null` when assigned more than once. */
  assigned: Map<string, Node | null>;
  /** Modules imported (first dotted component and full name). */
  modules: Set<string>;
}

/** A value an expression has when it is static: a string or a list of strings. */
type Value = string | string[];

function text(node: Node | null | undefined): string {
  return node?.text ?? '';
}

/** Decodes the escape sequences Python gives a non-raw string literal (the common ones). */
function unescape(seq: string): string {
  const simple: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '\\': '\\',
    "'": "'",
    '"': '"',
    '0': '\0',
  };
  const c = seq.slice(1);
  if (c in simple) return simple[c] ?? '';
  if (/^x[0-9a-fA-F]{2}$/.test(c) || /^u[0-9a-fA-F]{4}$/.test(c))
    return String.fromCharCode(parseInt(c.slice(1), 16));
  if (c === '\n') return '';
  return seq;
}

function collectScope(root: Node): Scope {
  const scope: Scope = { imports: new Map(), starModules: [], assigned: new Map(), modules: new Set() };
  const addModule = (m: string) => {
    scope.modules.add(m);
    scope.modules.add(m.split('.')[0] ?? m);
  };
  for (const imp of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!imp) continue;
    const from =
      imp.type === 'import_from_statement' ? text(imp.childForFieldName('module_name')) : undefined;
    if (from !== undefined) addModule(from);
    const moduleNode = imp.childForFieldName('module_name');
    for (const child of imp.namedChildren) {
      if (!child || (moduleNode && child.equals(moduleNode))) continue;
      if (child.type === 'wildcard_import' && from) scope.starModules.push(from);
      if (child.type === 'dotted_name') {
        const name = child.text;
        if (from !== undefined) scope.imports.set(name, `${from}.${name}`);
        else {
          addModule(name);
          const top = name.split('.')[0] ?? name;
          scope.imports.set(top, top);
        }
      }
      if (child.type === 'aliased_import') {
        const name = text(child.childForFieldName('name'));
        const alias = text(child.childForFieldName('alias'));
        if (from === undefined) addModule(name);
        scope.imports.set(alias, from !== undefined ? `${from}.${name}` : name);
      }
    }
  }
  const assign = (target: Node | null, value: Node | null) => {
    if (target?.type !== 'identifier' || !value) return;
    const name = target.text;
    scope.assigned.set(name, scope.assigned.has(name) ? null : value);
  };
  for (const a of root.descendantsOfType(['assignment', 'named_expression', 'as_pattern'])) {
    if (!a) continue;
    if (a.type === 'assignment') assign(a.childForFieldName('left'), a.childForFieldName('right'));
    else if (a.type === 'named_expression') assign(a.childForFieldName('name'), a.childForFieldName('value'));
    else {
      const target = a.childForFieldName('alias')?.firstNamedChild ?? null;
      assign(target, a.namedChildren[0] ?? null);
    }
  }
  return scope;
}

/** Analysis state of one Python code text. */
class PythonExtractor {
  readonly actions: CodeAction[] = [];
  readonly imports: CodeImport[] = [];
  readonly connections: DbTarget[] = [];
  private readonly scope: Scope;
  private resolving = new Set<string>();
  private nesting = 0;

  constructor(
    private readonly parser: Parser,
    root: Node,
    private readonly base: number,
    private readonly depth: number,
  ) {
    this.scope = collectScope(root);
  }

  /** Dialect of the first database driver the code imports (`import pymysql` ⇒ `mysql`). */
  importedDialect(): Dialect | undefined {
    for (const [m, d] of PYTHON_DB_MODULES) if (d && this.scope.modules.has(m)) return d;
    return undefined;
  }

  /** Static value of an expression, `undefined` when only known at run time or nested too deep. */
  value(node: Node | null | undefined): Value | undefined {
    if (!node || this.nesting >= MAX_VALUE_NESTING) return undefined;
    this.nesting++;
    try {
      return this.valueOf(node);
    } finally {
      this.nesting--;
    }
  }

  private valueOf(node: Node): Value | undefined {
    switch (node.type) {
      case 'string':
        return this.stringValue(node);
      case 'concatenated_string': {
        const parts = node.namedChildren.map((c) => (c ? this.value(c) : undefined));
        return parts.every((p) => typeof p === 'string') ? parts.join('') : undefined;
      }
      case 'parenthesized_expression':
        return this.value(node.namedChildren[0]);
      case 'binary_operator': {
        if (text(node.childForFieldName('operator')) !== '+') return undefined;
        const l = this.value(node.childForFieldName('left'));
        const r = this.value(node.childForFieldName('right'));
        if (typeof l === 'string' && typeof r === 'string') return l + r;
        if (Array.isArray(l) && Array.isArray(r)) return [...l, ...r];
        return undefined;
      }
      case 'list':
      case 'tuple': {
        const items = node.namedChildren.map((c) => (c ? this.value(c) : undefined));
        return items.every((i): i is string => typeof i === 'string') ? items : undefined;
      }
      case 'identifier': {
        const name = node.text;
        const assigned = this.scope.assigned.get(name);
        if (!assigned || this.resolving.has(name)) return undefined;
        this.resolving.add(name);
        try {
          return this.value(assigned);
        } finally {
          this.resolving.delete(name);
        }
      }
      case 'call': {
        // ' '.join([...literals]), shlex.join([...]), 'text'.strip()
        const fn = node.childForFieldName('function');
        const args = this.args(node).positional;
        if (fn?.type === 'attribute') {
          const obj = this.value(fn.childForFieldName('object'));
          const method = text(fn.childForFieldName('attribute'));
          if (typeof obj === 'string' && method === 'split' && args.length === 0)
            return obj.split(/\s+/).filter(Boolean);
          if (typeof obj === 'string' && method === 'join') {
            const list = this.value(args[0]);
            return Array.isArray(list) ? list.join(obj) : undefined;
          }
          if (typeof obj === 'string' && ['strip', 'lower', 'upper'].includes(method) && args.length === 0)
            return method === 'strip'
              ? obj.trim()
              : method === 'lower'
                ? obj.toLowerCase()
                : obj.toUpperCase();
        }
        const q = this.qualify(fn);
        if (q === 'shlex.join') {
          const list = this.value(args[0]);
          return Array.isArray(list) ? list.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ') : undefined;
        }
        if (q === 'shlex.split') {
          const s = this.value(args[0]);
          return typeof s === 'string' ? s.split(/\s+/).filter(Boolean) : undefined;
        }
        if (q === 'sqlalchemy.text' || q === 'sqlalchemy.sql.text' || q === 'str') return this.value(args[0]);
        return this.homePath(q, args);
      }
      case 'subscript': {
        // os.environ['HOME']
        const key = this.value(node.childForFieldName('subscript'));
        const home = typeof key === 'string' && HOME_VARIABLES.has(key);
        return home && this.qualify(node.childForFieldName('value')) === 'os.environ' ? HOME : undefined;
      }
      default:
        return undefined;
    }
  }

  /** `os.path.expanduser(P)`, `os.path.join(…)`, `os.getenv('HOME')`, `Path.home()` (see `home-paths.ts`). */
  private homePath(q: string | undefined, args: Node[]): string | undefined {
    if (q === 'os.path.expanduser' || q === 'os.path.abspath' || q === 'os.path.normpath') {
      const v = this.value(args[0]);
      return typeof v === 'string' ? v : undefined;
    }
    if (q === 'os.path.join') {
      const parts = args.map((a) => this.value(a));
      return parts.every((p): p is string => typeof p === 'string') ? joinPath(parts) : undefined;
    }
    if (q === 'os.getenv' || q === 'os.environ.get') {
      const name = this.value(args[0]);
      return typeof name === 'string' && HOME_VARIABLES.has(name) ? HOME : undefined;
    }
    if (q === 'pathlib.Path.home' || q === 'os.path.expanduser.home') return HOME;
    return undefined;
  }

  /** A string literal's value; an f-string part not static is `undefined`, or {@link RUN_TIME} with `runTime`. */
  private stringValue(node: Node, runTime = false): string | undefined {
    const start = text(node.firstChild);
    const prefix = start.replace(/['"]+$/, '').toLowerCase();
    const raw = prefix.includes('r');
    let out = '';
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'string_content')
        out += raw
          ? child.text
          : child.text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|\n|.)/g, (m) => unescape(m));
      else if (child.type === 'escape_sequence') out += raw ? child.text : unescape(child.text);
      else if (child.type === 'interpolation') {
        const v = runTime
          ? this.template(child.childForFieldName('expression'))
          : this.value(child.childForFieldName('expression'));
        if (typeof v !== 'string') return undefined;
        out += v;
      }
    }
    return out;
  }

  /** Qualified name of a callee (`sp.run` ⇒ `subprocess.run`), or `undefined`. */
  qualify(node: Node | null | undefined, seen = 0): string | undefined {
    if (!node || seen > 8) return undefined;
    switch (node.type) {
      case 'identifier': {
        const name = node.text;
        const imported = this.scope.imports.get(name);
        if (imported) return imported;
        const assigned = this.scope.assigned.get(name);
        if (assigned && ['attribute', 'identifier', 'call'].includes(assigned.type))
          return this.qualify(assigned, seen + 1);
        for (const m of this.scope.starModules) if (PYTHON_CALLS.has(`${m}.${name}`)) return `${m}.${name}`;
        return name;
      }
      case 'attribute': {
        const obj = this.qualify(node.childForFieldName('object'), seen + 1);
        const attr = text(node.childForFieldName('attribute'));
        return obj === undefined ? undefined : `${obj}.${attr}`;
      }
      case 'call': {
        const fn = this.qualify(node.childForFieldName('function'), seen + 1);
        const args = this.args(node).positional;
        if (fn === '__import__' || fn === 'importlib.import_module') {
          const m = this.value(args[0]);
          return typeof m === 'string' ? m : undefined;
        }
        if (fn === 'getattr') {
          const obj = this.qualify(args[0], seen + 1);
          const attr = this.value(args[1]);
          return obj !== undefined && typeof attr === 'string' ? `${obj}.${attr}` : undefined;
        }
        if (fn === 'pathlib.Path' || fn === 'pathlib.PosixPath') return 'pathlib.Path()';
        return fn === undefined ? undefined : `${fn}()`;
      }
      default:
        return undefined;
    }
  }

  args(call: Node): { positional: Node[]; keywords: Map<string, Node>; star: boolean } {
    const positional: Node[] = [];
    const keywords = new Map<string, Node>();
    let star = false;
    const list = call.childForFieldName('arguments');
    for (const a of list?.namedChildren ?? []) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const value = a.childForFieldName('value');
        if (value) keywords.set(text(a.childForFieldName('name')), value);
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') star = true;
      else positional.push(a);
    }
    return { positional, keywords, star };
  }

  private at(node: Node): { start: number; end: number } {
    return { start: this.base + node.startIndex, end: this.base + node.endIndex };
  }

  private opaque(call: Node, via: string, arg: Node | undefined): void {
    this.actions.push({ kind: 'opaque', what: short(arg?.text ?? call.text), via, at: this.at(call) });
  }

  /** The receiver of `pathlib.Path(p).unlink()` / `p = Path('x'); p.unlink()`: the path argument. */
  private pathReceiver(fn: Node | null): Node | undefined {
    let obj = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    for (let i = 0; obj?.type === 'identifier' && i < 4; i++) obj = this.scope.assigned.get(obj.text) ?? null;
    if (obj?.type === 'binary_operator' && text(obj.childForFieldName('operator')) === '/') {
      return obj; // Path('a') / 'b': resolved by pathValue
    }
    return obj?.type === 'call' ? (this.args(obj).positional[0] ?? undefined) : undefined;
  }

  private pathValue(node: Node | undefined): string | undefined {
    if (node?.type === 'binary_operator' && text(node.childForFieldName('operator')) === '/') {
      const left = node.childForFieldName('left');
      // Path('a') / 'b' is 'a/b'; Path.home() / 'b' is '~/b'.
      const own = left?.type === 'call' ? this.value(left) : undefined;
      const l =
        left?.type === 'call'
          ? typeof own === 'string'
            ? own
            : this.value(this.args(left).positional[0])
          : this.pathValue(left ?? undefined);
      const r = this.value(node.childForFieldName('right'));
      return typeof l === 'string' && typeof r === 'string' ? `${l.replace(/\/$/, '')}/${r}` : undefined;
    }
    const v = this.value(node);
    return typeof v === 'string' ? v : undefined;
  }

  /** Looks at one call expression. */
  call(call: Node): void {
    const fn = call.childForFieldName('function');
    const q = this.qualify(fn);
    const { positional, keywords, star } = this.args(call);
    if (q === 'open' || q === 'io.open' || q === 'codecs.open')
      return this.open(call, q, positional, keywords);
    if (this.reflective(fn)) return this.opaque(call, 'a run-time lookup', fn ?? undefined);
    const entry = q === undefined ? undefined : PYTHON_CALLS.get(q);
    if (q !== undefined && entry) {
      const arg = positional[entry.arg];
      switch (entry.effect) {
        case 'shell': {
          const v = this.value(arg);
          if (typeof v === 'string') this.actions.push({ kind: 'shell', text: v, via: q, at: this.at(call) });
          else this.opaque(call, q, arg);
          return;
        }
        case 'subprocess': {
          const v = this.value(arg ?? keywords.get('args'));
          const shell = keywords.get('shell');
          const viaShell = shell !== undefined && shell.type !== 'false' && shell.type !== 'none';
          if (typeof v === 'string') {
            this.actions.push({ kind: 'shell', text: v, via: q, at: this.at(call) });
          } else if (Array.isArray(v)) {
            if (viaShell) this.actions.push({ kind: 'shell', text: v[0] ?? '', via: q, at: this.at(call) });
            else this.actions.push({ kind: 'argv', argv: v, via: q, at: this.at(call) });
          } else this.opaque(call, q, arg);
          return;
        }
        case 'argv-list': {
          const v = this.value(arg);
          if (Array.isArray(v) && !star)
            this.actions.push({ kind: 'argv', argv: v, via: q, at: this.at(call) });
          else this.opaque(call, q, arg);
          return;
        }
        case 'argv-rest': {
          const rest = positional.slice(entry.arg).map((a) => this.value(a));
          if (!star && rest.length > 0 && rest.every((r): r is string => typeof r === 'string'))
            this.actions.push({ kind: 'argv', argv: rest, via: q, at: this.at(call) });
          else this.opaque(call, q, positional[entry.arg]);
          return;
        }
        case 'delete':
        case 'delete-tree': {
          const p = q.startsWith('pathlib.Path()')
            ? this.pathValue(this.pathReceiver(fn))
            : this.pathValue(arg);
          if (p === undefined) return this.opaque(call, q, arg ?? fn ?? undefined);
          this.actions.push({
            kind: 'delete',
            path: p,
            recursive: entry.effect === 'delete-tree',
            via: q,
            at: this.at(call),
          });
          return;
        }
        case 'overwrite': {
          const p = q.startsWith('pathlib.Path()')
            ? this.pathValue(this.pathReceiver(fn))
            : this.pathValue(arg);
          if (p === undefined) return this.opaque(call, q, arg ?? fn ?? undefined);
          this.actions.push({ kind: 'overwrite', path: p, via: q, at: this.at(call) });
          return;
        }
        case 'http':
          return this.http(call, q, entry, positional, keywords);
        case 'code':
          return this.code(call, q, arg);
        case 'import': {
          const v = this.value(arg);
          if (typeof v !== 'string') this.opaque(call, q, arg);
          else this.imports.push({ spec: v, at: this.at(call) });
          return;
        }
        case 'connect':
          return this.connect(call, entry.dialect, arg, keywords);
        case 'opaque':
          return this.opaque(call, q, call);
      }
    }
    if (fn?.type === 'attribute') this.method(call, fn, positional, keywords);
  }

  /**
   * Whether a callee is looked up at run time: `getattr(os, name)(…)`, `globals()[name](…)`,
   * `vars(mod)[name]`, `__builtins__.__dict__[name]`, `os.__dict__[name]`.
   */
  private reflective(fn: Node | null): boolean {
    if (fn?.type === 'call') {
      const inner = this.qualify(fn.childForFieldName('function'));
      if (inner === 'getattr') return this.value(this.args(fn).positional[1]) === undefined;
      return inner === 'operator.methodcaller';
    }
    if (fn?.type === 'subscript') {
      const obj = fn.childForFieldName('value');
      if (/^(globals|locals|vars)\(|__dict__|__builtins__/.test(obj?.text ?? '')) return true;
      const q = this.qualify(obj);
      return (
        q !== undefined &&
        this.scope.modules.has(q) &&
        this.value(fn.childForFieldName('subscript')) === undefined
      );
    }
    return false;
  }

  private open(call: Node, q: string, positional: Node[], keywords: Map<string, Node>): void {
    const modeNode = positional[1] ?? keywords.get('mode');
    const mode = modeNode ? this.value(modeNode) : 'r';
    if (typeof mode !== 'string') return this.opaque(call, q, modeNode);
    if (!mode.includes('w')) return;
    const p = this.pathValue(positional[0]);
    if (p === undefined) return this.opaque(call, q, positional[0]);
    this.actions.push({ kind: 'overwrite', path: p, via: `open(…, '${mode}')`, at: this.at(call) });
  }

  /**
   * Value of an expression with each part only known at run time as {@link RUN_TIME}: f-strings
   * (`f'{base}/users/{uid}'`) and `+` of known and unknown parts. A missing node is run-time.
   */
  template(node: Node | null | undefined): string {
    const v = this.value(node);
    if (typeof v === 'string') return v;
    if (!node || this.nesting >= MAX_VALUE_NESTING) return RUN_TIME;
    this.nesting++;
    try {
      return this.templateOf(node).replace(new RegExp(`${RUN_TIME}+`, 'g'), RUN_TIME);
    } finally {
      this.nesting--;
    }
  }

  private templateOf(node: Node): string {
    switch (node.type) {
      case 'parenthesized_expression':
        return this.template(node.namedChildren[0]);
      case 'binary_operator':
        return text(node.childForFieldName('operator')) === '+'
          ? this.template(node.childForFieldName('left')) + this.template(node.childForFieldName('right'))
          : RUN_TIME;
      case 'string':
        return this.stringValue(node, true) ?? RUN_TIME;
      case 'identifier': {
        const assigned = this.scope.assigned.get(node.text);
        if (!assigned || this.resolving.has(node.text)) return RUN_TIME;
        this.resolving.add(node.text);
        try {
          return this.template(assigned);
        } finally {
          this.resolving.delete(node.text);
        }
      }
      default:
        return RUN_TIME;
    }
  }

  /**
   * The base URL of the client a method is called on (`httpx.Client(base_url=B).delete(p)`, `c =
   * aiohttp.ClientSession(base_url=B)`), {@link RUN_TIME} when it is not static.
   */
  private baseUrl(fn: Node | null): string | undefined {
    let obj = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    for (let i = 0; obj?.type === 'identifier' && i < 4; i++) obj = this.scope.assigned.get(obj.text) ?? null;
    if (obj?.type !== 'call') return undefined;
    const base = this.args(obj).keywords.get('base_url');
    return base ? this.template(base) : undefined;
  }

  /**
   * An HTTP request (`requests.delete(u)`, `httpx.Client(base_url=b).request(m, p)`,
   * `urlopen(Request(u, data, method='DELETE'))`): its method, URL and body, for the curl command
   * it is judged as (see `http-call.ts`).
   */
  private http(
    call: Node,
    q: string,
    entry: PythonCall,
    positional: Node[],
    keywords: Map<string, Node>,
  ): void {
    const shape = entry.http;
    if (!shape) return;
    let urlNode = positional[shape.url] ?? keywords.get('url');
    const bodies = [
      shape.body !== undefined ? positional[shape.body] : undefined,
      ...['data', 'json', 'files', 'content', 'body'].map((k) => keywords.get(k)),
    ];
    let methodNode =
      typeof shape.method === 'string' ? undefined : (positional[shape.method.arg] ?? keywords.get('method'));
    let method = typeof shape.method === 'string' ? shape.method : this.template(methodNode);
    if (q.endsWith('urlopen')) {
      // urlopen(Request(url, data, method=…)), or req = Request(…); urlopen(req)
      let req = urlNode;
      for (let i = 0; req?.type === 'identifier' && i < 4; i++)
        req = this.scope.assigned.get(req.text) ?? undefined;
      if (
        req?.type === 'call' &&
        /(^|\.)Request$/.test(this.qualify(req.childForFieldName('function')) ?? '')
      ) {
        const inner = this.args(req);
        urlNode = inner.positional[0] ?? inner.keywords.get('url');
        bodies.push(inner.positional[1], inner.keywords.get('data'));
        methodNode = inner.keywords.get('method');
      }
    }
    const body = bodies.some((b) => b !== undefined && b.type !== 'none');
    if (q.endsWith('urlopen')) method = methodNode ? this.template(methodNode) : body ? 'POST' : 'GET';
    const file = this.bodyFile(bodies);
    const data = bodies.map((b) => this.bodyText(b)).find((t) => t !== undefined);
    const url = joinBase(this.baseUrl(call.childForFieldName('function')), this.template(urlNode));
    const action = httpAction({
      method,
      url,
      body,
      file,
      data,
      via: q,
      at: this.at(call),
      what: short(urlNode?.text ?? call.text),
    });
    if (action) this.actions.push(action);
  }

  /**
   * The text of a static request body: a string, or a dictionary of string keys and values (as
   * JSON; `json.dumps(d)` too): `json={'query': 'mutation { deleteRepository … }'}`.
   */
  private bodyText(body: Node | undefined): string | undefined {
    const v = this.value(body);
    if (typeof v === 'string') return v;
    const node = body?.type === 'identifier' ? this.scope.assigned.get(body.text) : body;
    if (node?.type === 'call' && this.qualify(node.childForFieldName('function')) === 'json.dumps')
      return this.bodyText(this.args(node).positional[0]);
    if (node?.type !== 'dictionary') return undefined;
    const out: Record<string, string> = {};
    for (const pair of node.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const k = this.value(pair.childForFieldName('key'));
      const val = this.value(pair.childForFieldName('value'));
      if (typeof k === 'string' && typeof val === 'string') out[k] = val;
    }
    return Object.keys(out).length > 0 ? JSON.stringify(out) : undefined;
  }

  /** A file a request body reads (`data=open('/etc/passwd').read()`, `files={'f': open(p, 'rb')}`). */
  private bodyFile(bodies: (Node | undefined)[]): string | undefined {
    for (const body of bodies) {
      if (!body) continue;
      const node = body.type === 'identifier' ? (this.scope.assigned.get(body.text) ?? body) : body;
      for (const c of [node, ...node.descendantsOfType('call')]) {
        if (c?.type !== 'call') continue;
        const q = this.qualify(c.childForFieldName('function'));
        const arg = this.args(c).positional[0];
        if (q === 'open' || q === 'io.open' || q?.endsWith('read_text') || q?.endsWith('read_bytes')) {
          const p = q.startsWith('pathlib')
            ? this.pathValue(this.pathReceiver(c.childForFieldName('function')))
            : this.pathValue(arg);
          if (p !== undefined) return p;
        }
      }
    }
    return undefined;
  }

  /** `import a.b, c as d` / `from .m import x, y`: the modules named, for {@link CodeAnalysis.imports}. */
  importStatement(imp: Node): void {
    const moduleNode = imp.childForFieldName('module_name');
    if (imp.type === 'import_from_statement') {
      const names = imp.namedChildren
        .filter((c) => c && !(moduleNode && c.equals(moduleNode)))
        .map((c) => (c?.type === 'aliased_import' ? text(c.childForFieldName('name')) : text(c)))
        .filter((n) => /^[\w.]+$/.test(n));
      if (moduleNode) this.imports.push({ spec: moduleNode.text, names, at: this.at(imp) });
      return;
    }
    for (const c of imp.namedChildren) {
      const name = c?.type === 'aliased_import' ? text(c.childForFieldName('name')) : text(c);
      if (c && /^[\w.]+$/.test(name)) this.imports.push({ spec: name, at: this.at(imp) });
    }
  }

  /** Python 2 `exec "code"`: the statement form of `exec(…)`. */
  execStatement(node: Node): void {
    this.code(node, 'exec', node.childForFieldName('code') ?? node.namedChildren[0] ?? undefined);
  }

  private code(call: Node, q: string, arg: Node | undefined): void {
    const v = this.value(arg);
    if (q === 'execfile' || typeof v !== 'string') return this.opaque(call, q, arg);
    if (this.depth >= MAX_CODE_DEPTH) return this.opaque(call, q, arg);
    // Literal code: look inside it too; its actions are placed on this call.
    const inner = analyzePython(this.parser, v, 0, this.depth + 1);
    const at = this.at(call);
    for (const a of inner.actions) this.actions.push({ ...a, at });
    for (const c of inner.connections) this.connections.push({ ...c, at });
    for (const i of inner.imports ?? []) this.imports.push({ ...i, at });
    if (inner.unparsed) this.opaque(call, q, arg);
  }

  private connect(
    call: Node,
    dialect: Dialect | undefined,
    arg: Node | undefined,
    keywords: Map<string, Node>,
  ): void {
    const str = (k: string) => {
      const n = keywords.get(k);
      const v = n ? this.value(n) : undefined;
      return typeof v === 'string' ? v : undefined;
    };
    const first = arg ? this.value(arg) : undefined;
    const dsn = typeof first === 'string' ? first : (str('dsn') ?? str('url') ?? str('conninfo'));
    const d = dialect ?? (dsn ? dialectOfUrl(dsn) : undefined) ?? 'postgresql';
    const target: DbTarget = { dialect: d, at: this.at(call) };
    if (d === 'sqlite') {
      const file = dsn ?? str('database');
      if (file) target.file = file;
    } else if (dsn) {
      target.conninfo = dsn;
      const h = hostOfUrl(dsn);
      if (h) target.host = h;
    }
    const host = str('host') ?? str('hostname') ?? str('unix_socket');
    if (host) target.host = host;
    const db = str('dbname') ?? str('database') ?? str('db');
    if (db && d !== 'sqlite') target.database = db;
    const user = str('user') ?? str('username');
    if (user) target.user = user;
    this.connections.push(target);
  }

  /** `cursor.execute('…')`, `session.execute(text('…'))`, `s.connect((host, port))`. */
  private method(call: Node, fn: Node, positional: Node[], keywords: Map<string, Node>): void {
    const method = text(fn.childForFieldName('attribute'));
    const arg = positional[0];
    if (PYTHON_SQL_METHODS.has(method) && (arg || keywords.has('statement'))) {
      const v = this.value(arg ?? keywords.get('statement'));
      if (typeof v === 'string') {
        if (method !== 'fetch' || looksLikeSql(v))
          this.actions.push({ kind: 'sql', text: v, via: `.${method}`, at: this.at(call) });
      } else if ([...PYTHON_DB_MODULES.keys()].some((m) => this.scope.modules.has(m))) {
        this.opaque(call, `.${method}`, arg);
      }
      return;
    }
    if (method === 'connect' && this.scope.modules.has('socket') && arg?.type === 'tuple') {
      const [h, p] = arg.namedChildren;
      const host = this.value(h);
      if (typeof host !== 'string') return this.opaque(call, 'socket.connect', arg);
      this.actions.push({ kind: 'socket', host, port: text(p), via: 'socket.connect', at: this.at(call) });
    }
    if (
      method === 'request' &&
      (this.scope.modules.has('http') || this.scope.modules.has('httplib')) &&
      arg
    ) {
      // http.client: conn.request(method, url, body=None, headers={}) on the connection's host; a
      // receiver not known to be a connection only with a method spelled out
      const conn = this.connectionHost(fn.childForFieldName('object'));
      if (conn === undefined && !HTTP_METHODS.has(String(this.value(arg)).toUpperCase())) return;
      const host = conn ?? RUN_TIME;
      const bodyNode = positional[2] ?? keywords.get('body');
      const action = httpAction({
        method: this.template(arg),
        url: joinBase(host, this.template(positional[1] ?? keywords.get('url'))),
        body: bodyNode !== undefined && bodyNode.type !== 'none',
        file: this.bodyFile([bodyNode]),
        via: 'http.client.request',
        at: this.at(call),
        what: short(call.text),
      });
      if (action) this.actions.push(action);
    }
  }

  /** `c = http.client.HTTPSConnection('h'); c.request('POST', …)` ⇒ `https://h` (`h` may hold {@link RUN_TIME}). */
  private connectionHost(obj: Node | null): string | undefined {
    const ctor = obj?.type === 'identifier' ? this.scope.assigned.get(obj.text) : obj;
    if (ctor?.type !== 'call') return undefined;
    const q = this.qualify(ctor.childForFieldName('function')) ?? '';
    if (!/HTTPS?Connection$/.test(q)) return undefined;
    const args = this.args(ctor);
    const host = this.template(args.positional[0] ?? args.keywords.get('host'));
    if (host.startsWith(RUN_TIME)) return RUN_TIME;
    const port = text(args.positional[1] ?? args.keywords.get('port'));
    return `${q.endsWith('HTTPSConnection') ? 'https' : 'http'}://${host}${/^\d+$/.test(port) ? `:${port}` : ''}`;
  }
}

/** Methods of RFC 9110 §9.3 and RFC 5789 (PATCH). */
const HTTP_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'PATCH',
]);

/** Whether text starts like a SQL statement (used where a method name is shared with non-SQL APIs). */
export function looksLikeSql(text: string): boolean {
  return /^\s*(select|insert|update|delete|drop|truncate|alter|create|grant|revoke|with|copy|merge|replace)\b/i.test(
    text,
  );
}

/**
 * Finds what Python code does: every call in its tree-sitter-python syntax tree whose callee,
 * resolved through imports, aliases and single assignments, is in {@link PYTHON_CALLS}, plus
 * DB-API `execute` methods, sockets and `http.client` requests. Arguments are resolved when
 * static (literals, `+` of literals, f-strings of resolvable names, local assignments); any other
 * argument makes the call `opaque`, except an HTTP request's method and URL, whose run-time parts
 * are kept as {@link RUN_TIME} (see `http-call.ts`). `base` is added to every range. Never throws on bad code:
 * syntax errors are reported in `unparsed` and the calls that were read are still returned.
 */
export function analyzePython(parser: Parser, code: string, base = 0, depth = 0): CodeAnalysis {
  const tree = parser.parse(code);
  if (!tree) {
    const at = { start: base, end: base + code.length };
    return { language: 'python', actions: [], connections: [], unparsed: { at, text: short(code) } };
  }
  try {
    const root = tree.rootNode;
    const x = new PythonExtractor(parser, root, base, depth);
    for (const imp of root.descendantsOfType(['import_statement', 'import_from_statement']))
      if (imp) x.importStatement(imp);
    for (const call of root.descendantsOfType(['call', 'exec_statement'])) {
      if (call?.type === 'call') x.call(call);
      else if (call) x.execStatement(call);
    }
    const out: CodeAnalysis = { language: 'python', actions: x.actions, connections: x.connections };
    if (x.imports.length) out.imports = x.imports.sort((a, b) => a.at.start - b.at.start);
    const dialect = x.importedDialect();
    if (dialect) out.dialect = dialect;
    if (root.hasError) {
      const err = root.descendantsOfType('ERROR')[0] ?? root;
      out.unparsed = {
        at: { start: base + err.startIndex, end: base + err.endIndex },
        text: short(err.text),
      };
    }
    return out;
  } finally {
    tree.delete();
  }
}
