import type { Node } from 'web-tree-sitter';
import { type Ctx, nodeSpan, spanOf } from './context';
import type { ShellCommand, ShellRedirect } from './model';
import { wordValue } from './words';

/** tree-sitter-bash node types of redirections. */
export const REDIRECT_TYPES = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect']);

const EXPANDING = new Set(['simple_expansion', 'expansion', 'command_substitution', 'arithmetic_expansion']);

/** A redirection and, for heredocs and here-strings, the text it feeds to stdin. */
export interface RedirectInfo {
  redirect: ShellRedirect;
  stdin?: NonNullable<ShellCommand['stdin']>;
  /** Span end of the part that belongs to the command line (a heredoc's body is not part of it). */
  lineEnd: number;
}

/** Strips the leading tabs `<<-` removes from every line of a heredoc body (bash manual, "Here Documents"). */
function stripTabs(body: string): string {
  return body.replace(/^\t+/gm, '');
}

function heredoc(ctx: Ctx, node: Node): RedirectInfo {
  let op = '<<';
  let delimiter: string | undefined;
  let quoted = false;
  let startEnd = node.endIndex;
  let body: Node | undefined;
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === '<<' || child.type === '<<-') op = child.type;
    else if (child.type === 'heredoc_start') {
      quoted = /['"\\]/.test(child.text);
      delimiter = child.text.replace(/['"\\]/g, '');
      startEnd = child.endIndex;
    } else if (child.type === 'heredoc_body') body = child;
  }
  const redirect: ShellRedirect = {
    op,
    target: delimiter,
    span: spanOf(ctx, node.startIndex, startEnd),
  };
  if (!body) return { redirect, lineEnd: startEnd };
  const raw = ctx.text.slice(body.startIndex, body.endIndex);
  const text = op === '<<-' ? stripTabs(raw) : raw;
  const dynamic = !quoted && body.namedChildren.some((c) => c !== null && EXPANDING.has(c.type));
  const stdin: NonNullable<ShellCommand['stdin']> = { text, span: nodeSpan(ctx, body), via: 'heredoc' };
  if (text === raw && !ctx.fixedSpan) stdin.textOffset = ctx.base + body.startIndex;
  if (dynamic) stdin.dynamic = true;
  return { redirect, stdin, lineEnd: startEnd };
}

/**
 * Reads one redirection node (`file_redirect`, `heredoc_redirect`, `herestring_redirect`). A
 * here-string's stdin text is the word's value without the newline bash appends, so that offsets
 * map onto the word.
 */
export function readRedirect(ctx: Ctx, node: Node): RedirectInfo {
  if (node.type === 'heredoc_redirect') return heredoc(ctx, node);
  let op = node.type === 'herestring_redirect' ? '<<<' : '';
  let fd: string | undefined;
  let target: Node | undefined;
  node.children.forEach((child, i) => {
    if (!child) return;
    const field = node.fieldNameForChild(i);
    if (field === 'descriptor' || child.type === 'file_descriptor') fd = child.text;
    else if (!child.isNamed && op === '') op = child.type;
    else if (child.isNamed && !target && child.type !== 'comment') target = child;
  });
  const value = target ? wordValue(target) : undefined;
  const redirect: ShellRedirect = { op, target: value?.value, span: nodeSpan(ctx, node) };
  if (fd !== undefined) redirect.fd = fd;
  if (target) redirect.raw = (target as Node).text;
  const info: RedirectInfo = { redirect, lineEnd: node.endIndex };
  if (op === '<<<' && target && value?.value !== undefined) {
    info.stdin = { text: value.value, span: nodeSpan(ctx, target), via: 'herestring' };
    if (value.offset !== undefined && !ctx.fixedSpan) info.stdin.textOffset = ctx.base + value.offset;
  }
  return info;
}

/** Nested redirections of a heredoc (`cat <<EOF > out`), which tree-sitter puts inside the heredoc node. */
export function nestedRedirects(node: Node): Node[] {
  if (node.type !== 'heredoc_redirect') return [];
  return node.namedChildren.filter((c): c is Node => c !== null && REDIRECT_TYPES.has(c.type));
}
