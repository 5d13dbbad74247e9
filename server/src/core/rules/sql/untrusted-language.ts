import { asNode, list, stringValue } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { pgStmt } from './util/pg';
import { findKeywordsSpan, findNameSpan } from './util/text';

/**
 * Procedural languages that run with the database server's OS privileges (PostgreSQL docs: an
 * "untrusted" language lets functions do anything the server's OS user can — open files, run
 * programs, connect out) and `c` (loads a shared library into the server). Sources: PostgreSQL
 * "PL/Python — Python Procedural Language" (only untrusted `plpython3u`), "Trusted and
 * Untrusted PL/Perl", PL/Tcl, plsh (https://github.com/petere/plsh), PL/R, CREATE FUNCTION
 * LANGUAGE c; HackTricks "PostgreSQL RCE via languages".
 */
const UNTRUSTED = new Set([
  'plpythonu',
  'plpython2u',
  'plpython3u',
  'plperlu',
  'pltclu',
  'plsh',
  'plr',
  'plv8u',
  'pljavau',
  'c',
]);

/**
 * `CREATE FUNCTION | PROCEDURE … LANGUAGE <untrusted>`, `DO LANGUAGE <untrusted>`, and `CREATE
 * LANGUAGE | EXTENSION <untrusted>`, placed on the language name.
 */
export default defineSqlRule({
  meta: {
    id: 'untrusted-language',
    title: 'Code in an untrusted language runs as the server',
    category: 'privilege',
    severity: 'error',
    docs: {
      description:
        'Reports functions, procedures and `DO` blocks in untrusted languages (`plpython3u`, `plperlu`, `pltclu`, ' +
        '`plsh`, `c`) and `CREATE LANGUAGE`/`CREATE EXTENSION` of them.',
      problem:
        "Untrusted procedural languages run with the database server's operating-system privileges: a " +
        "`plpython3u` function can read the server's files, start programs and open network connections, and " +
        '`LANGUAGE c` loads arbitrary native code into the server. It is remote code execution on the database ' +
        'host, and the body is opaque to SQL rules.',
      solution:
        'Write functions in `plpgsql` or `sql` (or trusted `plperl`, `pltcl`). If an untrusted language is truly ' +
        'needed, have a DBA install and review the function, and grant EXECUTE narrowly.',
    },
    messages: {
      language: '{{what}} in {{language}} runs with the database server’s operating-system privileges.',
      install: '{{what}} {{language}} installs a language that runs code with the server’s OS privileges.',
    },
    controls: ['NIST:AC-6(9)', 'NIST:CM-7', 'SOC2:CC6.8'],
    sources: [
      'https://www.postgresql.org/docs/current/plpython.html',
      'https://www.postgresql.org/docs/current/plperl-trusted.html',
      'https://www.postgresql.org/docs/current/sql-createlanguage.html',
      'https://book.hacktricks.wiki/en/network-services-pentesting/pentesting-postgresql.html',
    ],
    examples: {
      valid: [
        'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;',
        'CREATE EXTENSION plperl;',
      ],
      invalid: [
        'CREATE FUNCTION sh(cmd text) RETURNS text LANGUAGE plpython3u AS $$ import os; return os.popen(cmd).read() $$;',
        'CREATE LANGUAGE plperlu;',
        'DO LANGUAGE plpython3u $$ import os $$;',
      ],
    },
  },
  check(stmt, _ctx, report) {
    const ext = pgStmt(stmt, 'CreateExtensionStmt') ?? pgStmt(stmt, 'CreatePLangStmt');
    if (ext) {
      const language = String(ext.extname ?? ext.plname ?? '').toLowerCase();
      if (!UNTRUSTED.has(language)) return;
      const what = /^\s*CREATE\s+(OR\s+REPLACE\s+)?(TRUSTED\s+)?(PROCEDURAL\s+)?LANGUAGE/i.test(stmt.text)
        ? 'CREATE LANGUAGE'
        : 'CREATE EXTENSION';
      report({
        messageId: 'install',
        data: { what, language },
        span: findNameSpan(stmt, [language]),
        effects: [{ verb: 'execute', resource: { kind: 'code', id: `language ${language}` } }],
      });
      return;
    }
    const fn = pgStmt(stmt, 'CreateFunctionStmt');
    const doStmt = pgStmt(stmt, 'DoStmt');
    const options = fn ? list(fn.options) : doStmt ? list(doStmt.args) : [];
    for (const o of options) {
      const d = asNode(o, 'DefElem');
      if (d?.defname !== 'language') continue;
      const language = (stringValue(d.arg) ?? '').toLowerCase();
      if (!UNTRUSTED.has(language)) continue;
      const what = doStmt ? 'This DO block' : fn?.is_procedure === true ? 'This procedure' : 'This function';
      const span = findNameSpan(stmt, [language]);
      report({
        messageId: 'language',
        data: { what, language },
        span: span === stmt.span ? findKeywordsSpan(stmt, ['language']) : span,
        effects: [{ verb: 'execute', resource: { kind: 'code', id: `language ${language}` } }],
      });
    }
  },
});
