import type { ShellAnalysis, ShellCommand } from '../../../shell/model';
import {
  HTTP_API_CATALOGUE,
  matchHttp,
  matchTool,
  TOOL_CATALOGUE,
  type HttpMatch,
  type ToolMatch,
} from '../../../shell/tool-catalogue';
import type { ActionEffect, Category } from '../../../types';
import type { Report, ShellRule } from '../../rule';

/** Message ids shared by the catalogue rules: a tool verb, or an HTTP API request. */
export type CatalogueMessage = 'verb' | 'http';

/** The message templates of the catalogue rules (`{{command}}`/`{{request}}`, `{{what}}`, `{{tool}}`). */
export const CATALOGUE_MESSAGES: Record<CatalogueMessage, string> = {
  verb: '`{{command}}` {{what}} ({{tool}}).',
  http: '`{{request}}` {{what}} ({{tool}}).',
};

/** The effect of a catalogue verb on `cmd`: the verb's effect on `entry:resource`. */
function effectOf(m: ToolMatch): ActionEffect {
  return {
    verb: m.verb.effect,
    resource: { kind: m.verb.resourceKind ?? 'datastore', id: `${m.entry.id}:${m.verb.resource}` },
    via: m.command,
  };
}

function httpEffect(m: HttpMatch): ActionEffect {
  return {
    verb: m.entry.effect,
    resource: { kind: m.entry.resourceKind ?? 'datastore', id: m.url },
    sink: { kind: 'network', target: m.url, direction: 'out' },
    via: `${m.method} ${m.entry.id}`,
  };
}

/** Whether `peer` (the rule a verb says already reports it) reports anything on `cmd`. */
function peerReports(peer: ShellRule | undefined, cmd: ShellCommand, analysis: ShellAnalysis): boolean {
  if (!peer) return false;
  let reported = false;
  peer.check(cmd, analysis, () => {
    reported = true;
  });
  return reported;
}

/**
 * The catalogue's matches on one command, computed once for the five catalogue rules that ask
 * (each used to match the whole catalogue again).
 */
const MATCHES = new WeakMap<
  ShellCommand,
  { m: ReturnType<typeof matchTool>; http: ReturnType<typeof matchHttp> }
>();

export function matchesOf(
  cmd: ShellCommand,
  analysis: ShellAnalysis,
): { m: ReturnType<typeof matchTool>; http: ReturnType<typeof matchHttp> } {
  let known = MATCHES.get(cmd);
  if (!known) {
    known = { m: matchTool(TOOL_CATALOGUE, cmd, analysis), http: matchHttp(HTTP_API_CATALOGUE, cmd) };
    MATCHES.set(cmd, known);
  }
  return known;
}

/**
 * The check of a catalogue rule: reports every catalogue verb (and control-plane HTTP request) of
 * `category` found on a command, named, with its effect. A verb whose `reportedBy` rule (one of
 * `peers`) reports on the same command is left to that rule.
 */
export function catalogueCheck(
  category: Category,
  peers: readonly ShellRule[] = [],
): (cmd: ShellCommand, analysis: ShellAnalysis, report: (r: Report<CatalogueMessage>) => void) => void {
  return (cmd, analysis, report) => {
    const { m, http } = matchesOf(cmd, analysis);
    if (m && m.verb.category === category) {
      const peer = peers.find((p) => p.meta.id === m.verb.reportedBy);
      if (!peerReports(peer, cmd, analysis)) {
        report({
          messageId: 'verb',
          data: { command: m.command, what: m.verb.what, tool: m.entry.title },
          span: m.span,
          ...(m.verb.severity ? { severity: m.verb.severity } : {}),
          effects: [effectOf(m)],
        });
      }
    }
    for (const h of http) {
      if (h.entry.category !== category) continue;
      const request = h.mutation ? `${h.method} ${h.url} (mutation ${h.mutation})` : `${h.method} ${h.url}`;
      report({
        messageId: 'http',
        data: { request, what: h.entry.what, tool: h.entry.title },
        span: h.span,
        ...(h.entry.severity ? { severity: h.entry.severity } : {}),
        effects: [httpEffect(h)],
      });
    }
  };
}
