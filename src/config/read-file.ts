// Reads the config file and parses its YAML, turning every failure into a ConfigError that says
// where (line and column) and what to do. Values from a file with syntax errors are not trusted.
import fs from 'node:fs';
import type { YAMLError } from 'yaml';
import { LineCounter, parseDocument } from 'yaml';
import { errnoCode, messageOf } from '../errors.js';
import { displayPath } from '../fs-path.js';
import { ConfigError } from './config-error.js';

// yaml's messages say what rule was broken; these say what to change.
const HINTS: Partial<Record<YAMLError['code'], string>> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  DUPLICATE_KEY: 'keep only one of the keys with this name',
  MULTIPLE_DOCS: 'keep a single document: remove the extra "---" line',
  BAD_INDENT: 'check the indentation of this line against the lines above',
  BLOCK_AS_IMPLICIT_KEY: 'check the indentation, and quote values that contain ": "',
  MULTILINE_IMPLICIT_KEY: 'check the indentation, and quote values that contain ": "',
};

/** The parsed YAML of `file` (null for an empty or comments-only file); throws ConfigError. */
export function readConfigFile(file: string): unknown {
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`config file ${displayPath(file)}: ${unreadable(error)}`]);
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const error of doc.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const where = `line ${line}, column ${col}`;
      // yaml often reports one mistake twice at the same spot; the first says it best.
      if (seen.has(where)) continue;
      seen.add(where);
      const hint = HINTS[error.code];
      problems.push(`${where}: YAML syntax error: ${error.message}${hint ? `; ${hint}` : ''}`);
    }
    throw new ConfigError(problems, { file });
  }
  try {
    return doc.toJS();
  } catch (error) {
    // Unresolved aliases and alias bombs surface only when the document is converted.
    throw new ConfigError([`YAML: ${messageOf(error)}; fix the anchors (&name) and aliases (*name)`], { file });
  }
}

function unreadable(error: unknown): string {
  switch (errnoCode(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'not found; pass --config with an existing file';
    case 'EISDIR':
      return 'is a directory; pass --config with a YAML file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied); make it readable by the user mediavigil runs as';
    default:
      return `cannot be read (${messageOf(error)})`;
  }
}
