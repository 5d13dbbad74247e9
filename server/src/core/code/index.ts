import type { Parsers } from '../parsers';
import { analyzeJavaScript } from './javascript';
import type { CodeAnalysis, CodeLanguage } from './model';
import { analyzePython } from './python';
import { scanCode } from './scan';

export type { CodeAction, CodeAnalysis, CodeImport, CodeLanguage, CodeRange, DbTarget } from './model';

/**
 * What code in `language` does (see {@link CodeAnalysis}): Python and JavaScript through their
 * tree-sitter grammars, Perl, Ruby and PHP through the conservative scan of `scan.ts`. Ranges are
 * offsets into `code`. Never throws on bad code.
 */
export function analyzeCode(parsers: Parsers, language: CodeLanguage, code: string): CodeAnalysis {
  switch (language) {
    case 'python':
      return analyzePython(parsers.python, code);
    case 'javascript':
      return analyzeJavaScript(parsers.javascript, code);
    default:
      return scanCode(language, code);
  }
}
