import type { Parser } from 'web-tree-sitter';
import type { CodeAnalysis } from './model';

/** Placeholder. */
export function analyzeJavaScript(_parser: Parser, _code: string): CodeAnalysis {
  return { language: 'javascript', actions: [], connections: [] };
}
