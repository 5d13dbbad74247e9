import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, type RailguardSettings } from './protocol';
import { DIALECTS as CORE_DIALECTS, type Dialect, type EnforcementMode } from '../core/types';

const DIALECTS: readonly (Dialect | 'auto')[] = ['auto', ...CORE_DIALECTS];

/**
 * Narrows an untrusted `railguard` configuration object (as `workspace/configuration` returns it)
 * to {@link RailguardSettings}; unknown or mistyped values fall back to the defaults.
 */
export function toSettings(raw: unknown): RailguardSettings {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const dialect = DIALECTS.find((d) => d === o.dialect) ?? DEFAULT_SETTINGS.dialect;
  const mode: EnforcementMode = o.mode === 'audit' ? 'audit' : 'enforce';
  const policyPaths = Array.isArray(o.policyPaths)
    ? o.policyPaths.filter((p): p is string => typeof p === 'string' && p.length > 0)
    : [];
  const environment = typeof o.environment === 'string' && o.environment ? o.environment : 'auto';
  const actor = typeof o.actor === 'string' && o.actor.trim() ? o.actor.trim() : DEFAULT_SETTINGS.actor;
  return { dialect, mode, policyPaths, environment, actor };
}

/**
 * Settings pulled from the client per resource (`workspace/configuration` with `scopeUri`),
 * cached per document URI and cleared on `workspace/didChangeConfiguration` or close — the
 * lsp-sample pattern. One instance per connection, never a module global.
 */
export class SettingsCache {
  private readonly byUri = new Map<string, Promise<RailguardSettings>>();

  constructor(
    private readonly connection: Connection,
    private readonly clientSupportsConfiguration: () => boolean,
  ) {}

  /** Settings for a document (defaults when the client cannot answer configuration requests). */
  get(uri: string): Promise<RailguardSettings> {
    if (!this.clientSupportsConfiguration()) return Promise.resolve(DEFAULT_SETTINGS);
    let p = this.byUri.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'railguard' })
        .then(toSettings, () => DEFAULT_SETTINGS);
      this.byUri.set(uri, p);
    }
    return p;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  clear(): void {
    this.byUri.clear();
  }
}
