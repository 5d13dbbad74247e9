import type { Node, Parser } from 'web-tree-sitter';
import type { Dialect } from '../types';
import { dialectOfUrl, hostOfUrl } from './db-target';
import { HOME, HOME_VARIABLES, joinPath } from './home-paths';
import { JS_CALLS, JS_DB_MODULES, JS_RAW_SQL_METHODS, JS_SQL_METHODS } from './javascript-catalog';
import type { CodeAction, CodeAnalysis, CodeImport, DbTarget } from './model';
import { RUN_TIME, short } from './model';
import { type HttpCallShape, httpAction, joinBase } from './http-call';
import { looksLikeSql } from './python';

const MAX_CODE_DEPTH = 4;

/** Expressions nested deeper than this (`'a' + 'a' + …` thousands long) are not resolved. */
const MAX_VALUE_NESTING = 200;

type Value = string | string[] | { [key: string]: Node };

function text(node: Node | null | undefined): string {
  return node?.text ?? '';
}

/** `node:fs/promises` ⇒ `fs.promises`, `node:child_process` ⇒ `child_process`. */
function moduleName(spec: string): string {
  const m = spec.replace(/^node:/, '');
  return m === 'fs/promises' ? 'fs.promises' : m;
}

function unescape(seq: string): string {
  const simple: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '\\': '\\',
    "'": "'",
    '"': '"',
    '`': '`',
    '0': '\0',
    $: '$',
  };
  const c = seq.slice(1);
  if (c in simple) return simple[c] ?? '';
  if (/^x[0-9a-fA-F]{2}$/.test(c) || /^u[0-9a-fA-F]{4}$/.test(c))
    return String.fromCharCode(parseInt(c.slice(1), 16));
  if (c.startsWith('\n')) return '';
  return c;
}

class JsExtractor {
  readonly actions: CodeAction[] = [];
  /** Modules loaded by static names (see {@link CodeAnalysis.imports}). */
  readonly loads: CodeImport[] = [];
  readonly connections: DbTarget[] = [];
  /** Local name ⇒ qualified name (`cp` ⇒ `child_process`, `x` ⇒ `child_process.execSync`). */
  private readonly imports = new Map<string, string>();
  /** Local name ⇒ its one assigned value; `null` when assigned more than once. */
  private readonly assigned = new Map<string, Node | null>();
  readonly modules = new Set<string>();
  private readonly resolving = new Set<string>();
  private nesting = 0;

  constructor(
    private readonly parser: Parser,
    root: Node,
    private readonly base: number,
    private readonly depth: number,
  ) {
    this.collect(root);
  }

  private requireOf(node: Node | null | undefined): string | undefined {
    let n = node;
    while (n && (n.type === 'await_expression' || n.type === 'parenthesized_expression'))
      n = n.namedChildren[0];
    if (n?.type !== 'call_expression') return undefined;
    const fn = n.childForFieldName('function');
    // require(…), import(…), module.require(…), process.mainModule.require(…), Module._load(…)
    const name = fn?.type === 'member_expression' ? text(fn.childForFieldName('property')) : fn?.text;
    if (fn?.type !== 'import' && name !== 'require' && name !== '_load') return undefined;
    const arg = n.childForFieldName('arguments')?.namedChildren[0];
    const v = arg ? this.value(arg) : undefined;
    return typeof v === 'string' ? moduleName(v) : undefined;
  }

  private bindPattern(pattern: Node, mod: string): void {
    if (pattern.type === 'identifier') this.imports.set(pattern.text, mod);
    if (pattern.type !== 'object_pattern') return;
    for (const p of pattern.namedChildren) {
      if (p?.type === 'shorthand_property_identifier_pattern') this.imports.set(p.text, `${mod}.${p.text}`);
      if (p?.type === 'pair_pattern') {
        const key = text(p.childForFieldName('key')).replace(/^['"]|['"]$/g, '');
        const value = p.childForFieldName('value');
        if (value) this.bindPattern(value, `${mod}.${key}`);
      }
    }
  }

  private collect(root: Node): void {
    for (const imp of root.descendantsOfType('import_statement')) {
      const src = imp?.childForFieldName('source');
      const spec = src ? this.value(src) : undefined;
      if (!imp || typeof spec !== 'string') continue;
      const mod = moduleName(spec);
      this.modules.add(mod);
      const clause = imp.namedChildren.find((c) => c?.type === 'import_clause');
      for (const c of clause?.namedChildren ?? []) {
        if (c?.type === 'identifier') this.imports.set(c.text, mod);
        if (c?.type === 'namespace_import') {
          const id = c.namedChildren[0];
          if (id) this.imports.set(id.text, mod);
        }
        if (c?.type === 'named_imports') {
          for (const s of c.namedChildren) {
            if (s?.type !== 'import_specifier') continue;
            const name = text(s.childForFieldName('name'));
            this.imports.set(text(s.childForFieldName('alias')) || name, `${mod}.${name}`);
          }
        }
      }
    }
    for (const call of root.descendantsOfType('call_expression')) {
      const mod = this.requireOf(call);
      if (mod) this.modules.add(mod);
    }
    const assign = (target: Node | null, value: Node | null) => {
      if (!target || !value) return;
      const mod = this.requireOf(value);
      if (mod) return this.bindPattern(target, mod);
      if (target.type === 'object_pattern') {
        // const { exec } = cp;
        const q = this.qualify(value);
        if (q) this.bindPattern(target, q);
        return;
      }
      if (target.type !== 'identifier') return;
      this.assigned.set(target.text, this.assigned.has(target.text) ? null : value);
    };
    for (const d of root.descendantsOfType(['variable_declarator', 'assignment_expression'])) {
      if (!d) continue;
      if (d.type === 'variable_declarator') assign(d.childForFieldName('name'), d.childForFieldName('value'));
      else assign(d.childForFieldName('left'), d.childForFieldName('right'));
    }
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
      case 'string': {
        let out = '';
        for (const c of node.namedChildren) {
          if (c?.type === 'string_fragment') out += c.text;
          else if (c?.type === 'escape_sequence') out += unescape(c.text);
        }
        return out;
      }
      case 'template_string': {
        let out = '';
        for (const c of node.namedChildren) {
          if (!c) continue;
          if (c.type === 'string_fragment') out += c.text;
          else if (c.type === 'escape_sequence') out += unescape(c.text);
          else if (c.type === 'template_substitution') {
            const v = this.value(c.namedChildren[0]);
            if (typeof v !== 'string') return undefined;
            out += v;
          }
        }
        return out;
      }
      case 'parenthesized_expression':
      case 'await_expression':
        return this.value(node.namedChildren[0]);
      case 'binary_expression': {
        if (text(node.childForFieldName('operator')) !== '+') return undefined;
        const l = this.value(node.childForFieldName('left'));
        const r = this.value(node.childForFieldName('right'));
        return typeof l === 'string' && typeof r === 'string' ? l + r : undefined;
      }
      case 'array': {
        const items = node.namedChildren.map((c) => (c ? this.value(c) : undefined));
        return items.every((i): i is string => typeof i === 'string') ? items : undefined;
      }
      case 'object': {
        const out: { [key: string]: Node } = {};
        for (const p of node.namedChildren) {
          if (p?.type === 'pair') {
            const key = text(p.childForFieldName('key')).replace(/^['"]|['"]$/g, '');
            const v = p.childForFieldName('value');
            if (v) out[key] = v;
          } else if (p?.type === 'shorthand_property_identifier') out[p.text] = p;
        }
        return out;
      }
      case 'shorthand_property_identifier':
      case 'identifier': {
        const name = node.text;
        const assigned = this.assigned.get(name);
        if (!assigned || this.resolving.has(name)) return undefined;
        this.resolving.add(name);
        try {
          return this.value(assigned);
        } finally {
          this.resolving.delete(name);
        }
      }
      case 'member_expression':
      case 'subscript_expression': {
        // process.env.HOME, process.env['USERPROFILE']
        const q = this.qualify(node);
        const name = q?.startsWith('process.env.') ? q.slice('process.env.'.length) : undefined;
        return name !== undefined && HOME_VARIABLES.has(name) ? HOME : undefined;
      }
      case 'call_expression': {
        const home = this.homePath(node);
        if (home !== undefined) return home;
        // [...].join(' ')
        const fn = node.childForFieldName('function');
        if (fn?.type === 'member_expression' && text(fn.childForFieldName('property')) === 'join') {
          const list = this.value(fn.childForFieldName('object'));
          const sep = this.value(node.childForFieldName('arguments')?.namedChildren[0]) ?? ',';
          if (Array.isArray(list) && typeof sep === 'string') return list.join(sep);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** `os.homedir()`, `path.join(…)`, `path.resolve(…)` of static parts (see `home-paths.ts`). */
  private homePath(call: Node): string | undefined {
    const q = this.qualify(call.childForFieldName('function'))?.replace(/^node:/, '');
    if (q === 'os.homedir') return HOME;
    if (q !== 'path.join' && q !== 'path.resolve' && q !== 'path.posix.join' && q !== 'path.posix.resolve')
      return undefined;
    const parts = (call.childForFieldName('arguments')?.namedChildren ?? []).map((a) => this.value(a));
    return parts.every((p): p is string => typeof p === 'string') ? joinPath(parts) : undefined;
  }

  private str(node: Node | null | undefined): string | undefined {
    const v = this.value(node);
    return typeof v === 'string' ? v : undefined;
  }

  private obj(node: Node | null | undefined): { [key: string]: Node } | undefined {
    const v = this.value(node);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  }

  qualify(node: Node | null | undefined, seen = 0): string | undefined {
    if (!node || seen > 8) return undefined;
    switch (node.type) {
      case 'identifier': {
        const name = node.text;
        const imported = this.imports.get(name);
        if (imported) return imported;
        const assigned = this.assigned.get(name);
        if (
          assigned &&
          ['member_expression', 'identifier', 'call_expression', 'new_expression'].includes(assigned.type)
        )
          return this.qualify(assigned, seen + 1);
        return name;
      }
      case 'member_expression': {
        const obj = this.qualify(node.childForFieldName('object'), seen + 1);
        const prop = text(node.childForFieldName('property'));
        return obj === undefined ? undefined : `${obj}.${prop}`;
      }
      case 'subscript_expression': {
        const obj = this.qualify(node.childForFieldName('object'), seen + 1);
        const idx = this.str(node.childForFieldName('index'));
        return obj === undefined || idx === undefined ? undefined : `${obj}.${idx}`;
      }
      case 'parenthesized_expression':
      case 'await_expression':
        return this.qualify(node.namedChildren[0], seen + 1);
      case 'call_expression':
      case 'new_expression': {
        const mod = this.requireOf(node);
        if (mod) return mod;
        // util.promisify(exec) is exec returning a promise.
        if (
          node.type === 'call_expression' &&
          this.qualify(node.childForFieldName('function'), seen + 1) === 'util.promisify'
        )
          return this.qualify(node.childForFieldName('arguments')?.namedChildren[0], seen + 1);
        const fn = this.qualify(
          node.childForFieldName(node.type === 'new_expression' ? 'constructor' : 'function'),
          seen + 1,
        );
        return fn === undefined ? undefined : `${fn}()`;
      }
      case 'import':
        return 'import';
      default:
        return undefined;
    }
  }

  private at(node: Node): { start: number; end: number } {
    return { start: this.base + node.startIndex, end: this.base + node.endIndex };
  }

  private opaque(call: Node, via: string, arg: Node | null | undefined): void {
    this.actions.push({ kind: 'opaque', what: short(arg?.text ?? call.text), via, at: this.at(call) });
  }

  call(call: Node): void {
    const isNew = call.type === 'new_expression';
    const fn = call.childForFieldName(isNew ? 'constructor' : 'function');
    const argsNode = call.childForFieldName('arguments');
    const tagged = argsNode?.type === 'template_string';
    const args = tagged
      ? [argsNode]
      : (argsNode?.namedChildren.filter((a): a is Node => a !== null && a.type !== 'comment') ?? []);
    const spread = args.some((a) => a.type === 'spread_element');
    const q = this.qualify(fn);
    if (q === undefined && fn?.type === 'subscript_expression') {
      // cp[name](…), globalThis[name](…): a method chosen at run time on a module or the global object.
      const obj = this.qualify(fn.childForFieldName('object'));
      if (
        obj !== undefined &&
        (this.modules.has(obj) || /^(globalThis|global|window|process|Deno|Bun)$/.test(obj))
      )
        return this.opaque(call, 'a run-time lookup', fn);
    }
    const entry = q === undefined ? undefined : JS_CALLS.get(q);
    const arg = args[0];
    if (q !== undefined && entry) {
      switch (entry.effect) {
        case 'shell': {
          const v = tagged ? this.str(arg) : this.str(arg);
          if (v === undefined) return this.opaque(call, q, arg);
          this.actions.push({ kind: 'shell', text: v, via: q, at: this.at(call) });
          return;
        }
        case 'spawn': {
          const program = this.str(arg);
          const rest =
            args[1] && args[1].type === 'array'
              ? this.value(args[1])
              : args[1] && args[1].type !== 'object'
                ? this.value(args[1])
                : [];
          const opts = this.obj(args.find((a) => a.type === 'object') ?? null);
          if (program === undefined || !Array.isArray(rest) || spread)
            return this.opaque(call, q, program === undefined ? arg : args[1]);
          const shell = opts?.shell && opts.shell.type !== 'false';
          if (shell)
            this.actions.push({
              kind: 'shell',
              text: [program, ...rest].join(' '),
              via: q,
              at: this.at(call),
            });
          else this.actions.push({ kind: 'argv', argv: [program, ...rest], via: q, at: this.at(call) });
          return;
        }
        case 'fork': {
          const mod = this.str(arg);
          const rest = args[1] ? this.value(args[1]) : [];
          if (mod === undefined || !Array.isArray(rest)) return this.opaque(call, q, arg);
          this.actions.push({ kind: 'argv', argv: ['node', mod, ...rest], via: q, at: this.at(call) });
          return;
        }
        case 'argv-array': {
          let v = this.value(arg);
          if (v && typeof v === 'object' && !Array.isArray(v)) v = this.value(v.cmd);
          if (!Array.isArray(v)) return this.opaque(call, q, arg);
          this.actions.push({ kind: 'argv', argv: v, via: q, at: this.at(call) });
          return;
        }
        case 'command': {
          const program = this.str(arg);
          const opts = this.obj(args[1]);
          const rest = opts?.args ? this.value(opts.args) : [];
          if (program === undefined || !Array.isArray(rest)) return this.opaque(call, q, arg);
          this.actions.push({ kind: 'argv', argv: [program, ...rest], via: q, at: this.at(call) });
          return;
        }
        case 'delete': {
          const p = this.str(arg);
          if (p === undefined) return this.opaque(call, q, arg);
          const opts = this.obj(args[1]);
          const recursive = opts?.recursive !== undefined && opts.recursive.type !== 'false';
          this.actions.push({ kind: 'delete', path: p, recursive, via: q, at: this.at(call) });
          return;
        }
        case 'overwrite': {
          const p = this.str(arg);
          if (p === undefined) return this.opaque(call, q, arg);
          const opts = this.obj(args[q.startsWith('fs.createWriteStream') ? 1 : 2]);
          const flag = opts?.flag ?? opts?.flags;
          if (flag && /^['"`]a/.test(flag.text)) return;
          this.actions.push({ kind: 'overwrite', path: p, via: q, at: this.at(call) });
          return;
        }
        case 'http':
          if (entry.http) this.http(call, q, entry.http, fn, args);
          return;
        case 'socket': {
          const o = this.obj(arg);
          const host = o ? this.str(o.host) : this.str(args[1]);
          const port = o ? text(o.port) : text(arg);
          if (host === undefined) {
            if (!o && args.length === 1) return; // net.connect(port): localhost
            return this.opaque(call, q, o ? arg : args[1]);
          }
          this.actions.push({ kind: 'socket', host, port, via: q, at: this.at(call) });
          return;
        }
        case 'code':
          return this.code(call, q, q === 'Function' ? args[args.length - 1] : arg);
        case 'import': {
          const spec = this.str(arg);
          if (spec === undefined) this.opaque(call, q === 'import' ? 'import()' : q, arg);
          else this.loads.push({ spec, at: this.at(call) });
          return;
        }
        case 'connect':
          return this.connect(call, q, entry.dialect, args);
        case 'opaque':
          return this.opaque(call, q, call);
      }
    }
    if (fn?.type === 'member_expression') this.method(call, fn, args, tagged);
  }

  /**
   * Value of an expression with each part only known at run time as {@link RUN_TIME}: template
   * literals (`` `${base}/users/${id}` ``) and `+` of known and unknown parts. A missing node is
   * run-time.
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
      case 'binary_expression':
        return text(node.childForFieldName('operator')) === '+'
          ? this.template(node.childForFieldName('left')) + this.template(node.childForFieldName('right'))
          : RUN_TIME;
      case 'template_string': {
        let out = '';
        for (const c of node.namedChildren) {
          if (c?.type === 'string_fragment') out += c.text;
          else if (c?.type === 'escape_sequence') out += unescape(c.text);
          else if (c?.type === 'template_substitution') out += this.template(c.namedChildren[0]);
        }
        return out;
      }
      case 'identifier': {
        const assigned = this.assigned.get(node.text);
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
   * The options a client instance was made with (`axios.create({baseURL})`, `got.extend({prefixUrl})`,
   * `ky.create(…)`): the object of the call the method's receiver was built by.
   */
  private instanceOptions(fn: Node | null): { [key: string]: Node } | undefined {
    let obj = fn?.type === 'member_expression' ? fn.childForFieldName('object') : null;
    for (let i = 0; obj?.type === 'identifier' && i < 4; i++) obj = this.assigned.get(obj.text) ?? null;
    while (obj?.type === 'await_expression' || obj?.type === 'parenthesized_expression')
      obj = obj.namedChildren[0] ?? null;
    if (obj?.type !== 'call_expression') return undefined;
    return this.obj(obj.childForFieldName('arguments')?.namedChildren[0]);
  }

  /**
   * An HTTP request (`fetch(u, {method: 'DELETE'})`, `axios.delete(u)`, `axios({method, url})`,
   * `https.request({hostname, path, method})`): its method, URL and body, for the curl command it
   * is judged as (see `http-call.ts`).
   */
  private http(call: Node, q: string, shape: HttpCallShape, fn: Node | null, args: Node[]): void {
    let urlNode: Node | undefined = args[shape.url];
    let methodNode = typeof shape.method === 'object' ? args[shape.method.arg] : undefined;
    if (typeof shape.method === 'object' && urlNode === undefined) {
      // superagent(url): one argument is the URL of a GET
      urlNode = methodNode;
      methodNode = undefined;
    }
    let optionsNode = shape.options !== undefined ? args[shape.options] : undefined;
    // http.get(url, callback): a function where options may be is the response callback
    if (optionsNode && /function|arrow_function|function_expression/.test(optionsNode.type))
      optionsNode = undefined;
    const req = urlNode?.type === 'identifier' ? this.assigned.get(urlNode.text) : urlNode;
    if (
      req?.type === 'new_expression' &&
      /(^|\.)Request$/.test(this.qualify(req.childForFieldName('constructor')) ?? '')
    ) {
      // fetch(new Request(url, init), init2), or r = new Request(…); fetch(r): init2 wins over init
      const request = req.childForFieldName('arguments')?.namedChildren ?? [];
      optionsNode ??= request[1] ?? undefined;
      urlNode = request[0] ?? undefined;
    }
    const first = this.value(urlNode);
    const inOptions = first !== undefined && typeof first === 'object' && !Array.isArray(first);
    if (inOptions) optionsNode = urlNode;
    const opts = optionsNode ? this.obj(optionsNode) : {};
    let method: string;
    const unknownConfig =
      shape.configFirst === true && optionsNode === undefined && this.template(urlNode) === RUN_TIME;
    if (shape.method === 'options')
      method = opts && !unknownConfig ? (opts.method ? this.template(opts.method) : 'GET') : RUN_TIME;
    else if (typeof shape.method === 'string') method = shape.method;
    else method = methodNode ? this.template(methodNode) : 'GET';
    const base = this.instanceOptions(fn);
    const prefix = [opts, base]
      .map((o) => o?.baseURL ?? o?.prefixUrl)
      .find((n): n is Node => n !== undefined);
    let url: string;
    if (!inOptions) url = this.template(urlNode);
    else if (opts?.url) url = this.template(opts.url);
    else if (opts?.host || opts?.hostname) {
      // http.request({protocol, hostname, port, path})
      const host = this.template(opts.hostname ?? opts.host);
      const scheme = opts.protocol
        ? this.template(opts.protocol).replace(/:$/, '')
        : q.startsWith('https')
          ? 'https'
          : 'http';
      const port = opts.port ? `:${this.template(opts.port)}` : '';
      url = host.startsWith(RUN_TIME)
        ? RUN_TIME
        : `${scheme}://${host}${port}${opts.path ? this.template(opts.path) : ''}`;
    } else url = RUN_TIME;
    url = joinBase(prefix ? this.template(prefix) : undefined, url);
    const bodies = [
      shape.body !== undefined ? args[shape.body] : undefined,
      ...['body', 'data', 'json', 'form'].map((k) => opts?.[k]),
    ].filter((b): b is Node => b !== undefined && b.type !== 'undefined' && b.type !== 'null');
    const file = bodies.map((b) => this.bodyFile(b)).find((f) => f !== undefined);
    const data = bodies.map((b) => this.bodyText(b)).find((t) => t !== undefined);
    const action = httpAction({
      method,
      url,
      body: bodies.length > 0,
      file,
      data,
      via: q,
      at: this.at(call),
      what: short(urlNode?.text ?? call.text),
    });
    if (action) this.actions.push(action);
  }

  /**
   * The text of a static request body: a string, or an object of string values (as JSON;
   * `JSON.stringify(o)` too): `body: JSON.stringify({query: 'mutation { deleteRepository … }'})`.
   */
  private bodyText(body: Node): string | undefined {
    const v = this.value(body);
    if (typeof v === 'string') return v;
    if (
      body.type === 'call_expression' &&
      this.qualify(body.childForFieldName('function')) === 'JSON.stringify'
    )
      return this.bodyText(body.childForFieldName('arguments')?.namedChildren[0] ?? body);
    if (!v || Array.isArray(v)) return undefined;
    const out: Record<string, string> = {};
    for (const [k, n] of Object.entries(v)) {
      const s = this.str(n);
      if (s !== undefined) out[k] = s;
    }
    return Object.keys(out).length > 0 ? JSON.stringify(out) : undefined;
  }

  /** A file a request body reads (`body: fs.readFileSync('/etc/passwd')`). */
  private bodyFile(body: Node | undefined): string | undefined {
    if (!body) return undefined;
    const node = body.type === 'identifier' ? (this.assigned.get(body.text) ?? body) : body;
    for (const c of [node, ...node.descendantsOfType('call_expression')]) {
      if (c?.type !== 'call_expression') continue;
      const q = this.qualify(c.childForFieldName('function')) ?? '';
      if (
        !/^(fs|fs\.promises|Deno|Bun)\.(readFileSync|readFile|createReadStream|readTextFile|readTextFileSync|file)$/.test(
          q,
        )
      )
        continue;
      const p = this.str(c.childForFieldName('arguments')?.namedChildren[0]);
      if (p !== undefined) return p;
    }
    return undefined;
  }

  private code(call: Node, q: string, arg: Node | undefined): void {
    const v = this.str(arg);
    if (v === undefined || this.depth >= MAX_CODE_DEPTH) return this.opaque(call, q, arg);
    const inner = analyzeJavaScript(this.parser, v, 0, this.depth + 1);
    const at = this.at(call);
    for (const a of inner.actions) this.actions.push({ ...a, at });
    for (const c of inner.connections) this.connections.push({ ...c, at });
    for (const i of inner.imports ?? []) this.loads.push({ ...i, at });
    if (inner.unparsed) this.opaque(call, q, arg);
  }

  /** `import … from 'S'`, `import 'S'`, `export … from 'S'`: the module named. */
  staticImport(node: Node): void {
    const src = node.childForFieldName('source');
    const spec = src ? this.value(src) : undefined;
    if (typeof spec === 'string') this.loads.push({ spec, at: this.at(node) });
  }

  private connect(call: Node, q: string, dialect: Dialect | undefined, args: Node[]): void {
    const first = this.value(args[0]);
    const o = typeof first === 'object' && !Array.isArray(first) ? first : this.obj(args[3]);
    let d = dialect;
    let conninfo = typeof first === 'string' ? first : undefined;
    let cfg = o;
    if (o && (q.startsWith('knex') || q.startsWith('sequelize'))) {
      const client = this.str(o.client) ?? this.str(o.dialect);
      if (client)
        d = /pg|postgres/.test(client)
          ? 'postgresql'
          : /mysql|maria/.test(client)
            ? 'mysql'
            : /sqlite/.test(client)
              ? 'sqlite'
              : d;
      const conn = o.connection ? this.value(o.connection) : undefined;
      if (typeof conn === 'string') conninfo = conn;
      else if (conn && !Array.isArray(conn)) cfg = conn;
    }
    if (cfg) conninfo ??= this.str(cfg.connectionString) ?? this.str(cfg.url) ?? this.str(cfg.uri);
    d ??= conninfo ? dialectOfUrl(conninfo) : undefined;
    const target: DbTarget = { dialect: d ?? 'postgresql', at: this.at(call) };
    if (target.dialect === 'sqlite') {
      const file = typeof first === 'string' ? first : cfg ? this.str(cfg.filename) : undefined;
      if (file) target.file = file;
    } else if (conninfo) {
      target.conninfo = conninfo;
      const h = hostOfUrl(conninfo);
      if (h) target.host = h;
    }
    const host = cfg ? (this.str(cfg.host) ?? this.str(cfg.hostname)) : undefined;
    if (host && target.dialect !== 'sqlite') target.host = host;
    const database = cfg ? this.str(cfg.database) : undefined;
    if (database && target.dialect !== 'sqlite') target.database = database;
    const user = cfg ? (this.str(cfg.user) ?? this.str(cfg.username)) : undefined;
    if (user) target.user = user;
    this.connections.push(target);
  }

  private method(call: Node, fn: Node, args: Node[], tagged: boolean): void {
    const method = text(fn.childForFieldName('property'));
    const arg = args[0];
    const dbLoaded = [...JS_DB_MODULES.keys()].some((m) => this.modules.has(m));
    if (JS_RAW_SQL_METHODS.has(method) || (dbLoaded && JS_SQL_METHODS.has(method) && arg)) {
      let sql: string | undefined;
      if (tagged && arg) {
        // Tagged templates pass substitutions as bound parameters: `$1`, `$2`… in the SQL.
        let n = 0;
        sql = arg.namedChildren
          .map((c) => (c?.type === 'template_substitution' ? `$${++n}` : (c?.text ?? '')))
          .join('');
      } else sql = this.str(arg);
      if (sql !== undefined) {
        if (JS_RAW_SQL_METHODS.has(method) || looksLikeSql(sql))
          this.actions.push({ kind: 'sql', text: sql, via: `.${method}`, at: this.at(call) });
      } else if (
        arg?.type !== 'object' &&
        arg?.type !== 'arrow_function' &&
        arg?.type !== 'function_expression'
      ) {
        this.opaque(call, `.${method}`, arg);
      }
    }
  }
}

/**
 * Finds what JavaScript code does (Node, Deno, Bun): every call or `new` in its
 * tree-sitter-javascript syntax tree whose callee, resolved through `require`, `import`,
 * destructuring and single assignments, is in {@link JS_CALLS}, plus SQL methods of loaded
 * database drivers and Prisma's raw SQL. Arguments are resolved when static (literals, `+`,
 * template literals of resolvable names, local constants); others make the call `opaque`, except
 * an HTTP request's method and URL, whose run-time parts are kept as {@link RUN_TIME} (see
 * `http-call.ts`). `base` is added to every range. Never throws on bad code: syntax errors are reported in `unparsed`.
 */
export function analyzeJavaScript(parser: Parser, code: string, base = 0, depth = 0): CodeAnalysis {
  const tree = parser.parse(code);
  if (!tree) {
    const at = { start: base, end: base + code.length };
    return { language: 'javascript', actions: [], connections: [], unparsed: { at, text: short(code) } };
  }
  try {
    const root = tree.rootNode;
    const x = new JsExtractor(parser, root, base, depth);
    for (const imp of root.descendantsOfType(['import_statement', 'export_statement']))
      if (imp) x.staticImport(imp);
    for (const call of root.descendantsOfType(['call_expression', 'new_expression'])) if (call) x.call(call);
    const out: CodeAnalysis = { language: 'javascript', actions: x.actions, connections: x.connections };
    if (x.loads.length) out.imports = x.loads.sort((a, b) => a.at.start - b.at.start);
    for (const [m, d] of JS_DB_MODULES) {
      if (d && x.modules.has(m)) {
        out.dialect = d;
        break;
      }
    }
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
