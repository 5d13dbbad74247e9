import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { credentialRecognizer } from '../../../server/src/core/mask/credentials';
import { applyMask } from '../../../server/src/core/mask/masker';
import { PII_RECOGNIZERS } from '../../../server/src/core/mask/pii';
import { JUDGE_METHOD, type JudgeParams, type JudgeResult } from '../../../server/src/lsp/approval-protocol';
import { refusalText, sqlResultText } from '../../../server/src/mcp/tool-text';
import { parseConnectionUrl, type ConnectionInfo } from '../../../server/src/sql-exec/connection';
import { createSqlExecutor, SqlExecError } from '../../../server/src/sql-exec/postgres';

/** The tool's name in `contributes.languageModelTools` and `lm.registerTool`. */
export const EXECUTE_SQL_TOOL = 'railguard_execute_sql';

/** The tool's input (`inputSchema` in package.json). */
interface ExecuteSqlInput {
  sql: string;
}

function readInput(input: unknown): ExecuteSqlInput | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const sql = (input as Record<string, unknown>).sql;
  return typeof sql === 'string' && sql.trim() !== '' ? { sql } : undefined;
}

/** Credentials (supplementary patterns) and PII masked synchronously; the held URL removed first. */
function maskText(info: ConnectionInfo | undefined, text: string): string {
  const t = info ? info.redact(text) : text;
  return applyMask(t, [credentialRecognizer(t), ...PII_RECOGNIZERS.map((r) => r(t))].flat()).text;
}

/**
 * `railguard_execute_sql`: SQL for agents in VS Code chat, executed only on the connection the
 * extension host holds (`RAILGUARD_DATABASE_URL` of the VS Code process; PostgreSQL only). The
 * language server judges it (`railguard/judge`, kind sql, as `agent:vscode-chat`, environment
 * from the connection's host: deny ⇒ refused; ask ⇒ the approval UI decides); allowed SQL runs in
 * one transaction with `statement_timeout` 30 s, at most 200 rows per statement, masked
 * (credentials and PII; secretlint runs only in the language server and the MCP server).
 */
export function registerExecuteSqlTool(
  client: LanguageClient,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const url = process.env.RAILGUARD_DATABASE_URL;
  const state: { info?: ConnectionInfo; error?: string } = {};
  try {
    if (url) state.info = parseConnectionUrl(url);
    else state.error = 'no connection is configured (set RAILGUARD_DATABASE_URL before starting VS Code)';
  } catch (err) {
    state.error = err instanceof Error ? err.message : String(err);
  }
  const executor = state.info?.dialect === 'postgresql' ? createSqlExecutor(state.info) : undefined;
  const tool = vscode.lm.registerTool<ExecuteSqlInput>(EXECUTE_SQL_TOOL, {
    prepareInvocation(options) {
      const sql = readInput(options.input)?.sql ?? '';
      return { invocationMessage: `Railguard: judging SQL \`${maskText(state.info, sql).slice(0, 200)}\`` };
    },
    async invoke(options) {
      const input = readInput(options.input);
      if (!input) throw new Error(`${EXECUTE_SQL_TOOL} needs a non-empty "sql" string`);
      const info = state.info;
      if (!info || !executor)
        throw new Error(
          `${EXECUTE_SQL_TOOL}: ${state.error ?? `${info?.dialect ?? 'this'} connections are not supported (PostgreSQL only)`}`,
        );
      const where = `${info.dialect === 'postgresql' ? 'postgres' : info.dialect}://${info.host || 'localhost'}${info.port ? `:${info.port}` : ''}/${info.database}`;
      const params: JudgeParams = {
        kind: 'sql',
        text: input.sql,
        actor: 'agent:vscode-chat',
        source: 'lm-tool',
        env: { DATABASE_URL: where },
      };
      const j = await client.sendRequest<JudgeResult>(JUDGE_METHOD, params);
      log.info(`${EXECUTE_SQL_TOOL}: ${maskText(info, input.sql).slice(0, 200)} → ${j.effect}`);
      const reply = (t: string): vscode.LanguageModelToolResult =>
        new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(maskText(info, t))]);
      if (j.effect === 'deny' || j.effect === 'ask')
        return reply(
          refusalText(
            {
              effect: j.effect,
              decidedEffect: j.decidedEffect,
              environment: j.environment,
              reason: j.reason,
              matched: j.matched,
              ...(j.approval ? { approval: { status: j.approval.status, via: 'daemon' as const } } : {}),
            },
            'SQL',
          ),
        );
      try {
        const results = await executor.execute(input.sql, { timeoutMs: 30_000, maxRows: 200 });
        return reply(
          (j.effect === 'warn' ? `Railguard warning: ${j.reason}\n` : '') + sqlResultText(results),
        );
      } catch (err) {
        const message = err instanceof SqlExecError ? err.message : String(err);
        return reply(`The database refused the SQL; the transaction was rolled back: ${message}`);
      }
    },
  });
  return { dispose: () => (tool.dispose(), void executor?.close()) };
}
