import * as path from 'node:path';
import { loadParsers, type Parsers } from '../../server/src/core/parsers';

let loading: Promise<Parsers> | undefined;

/** Loads the wasm parsers once per test process. */
export function parsers(): Promise<Parsers> {
  loading ??= loadParsers();
  return loading;
}

/** Absolute path of the shared real-input corpus (`../shared/corpus` beside the checkout). */
export const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
