import type { CodeAnalysis, CodeLanguage } from './model';

/** Placeholder. */
export function scanCode(language: CodeLanguage, _code: string): CodeAnalysis {
  return { language, actions: [], connections: [] };
}
