/*
** formats.c - findings as JSON, SARIF 2.1.0 (GitHub code scanning) and
** GitLab Code Quality, for "cescape export" and "cescape gate --format".
**
** Each document is built by SQLite's JSON functions from the findings the
** caller selected: the ids in the temporary table "selected".
*/
#include "cescape.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

/*
** The physical location of a finding or flow step, as SARIF spells it (P
** is the row alias).  The region ends where the expression or name it
** points at ends; json_patch() leaves out an end that is NULL (RFC 7396:
** the compiler could not lex it).
*/
#define SARIF_LOCATION(P)                                                      \
  "json_patch(json_object('physicalLocation', json_object("                    \
  "'artifactLocation', json_object('uri', " P ".path, 'uriBaseId', "           \
  "'%SRCROOT%'), 'region', json_object('startLine', " P ".line, "              \
  "'startColumn', " P ".col))), json_object('physicalLocation', "              \
  "json_object('region', json_object('endLine', " P ".end_line, "              \
  "'endColumn', " P ".end_col))))"

/* clang-format off */
static const char zJson[] =
  "SELECT json_group_array(json_object("
  "  'rule', rule, 'severity', severity, 'path', path, 'line', line,"
  "  'column', col, 'end_line', end_line, 'end_column', end_col,"
  "  'function', function, 'message', message,"
  "  'reason', reason, 'size', size, 'fingerprint', fingerprint,"
  "  'suppressed', json(CASE suppressed WHEN 1 THEN 'true' ELSE 'false' END),"
  "  'steps', (SELECT json_group_array(json_object('path', s.path,"
  "      'line', s.line, 'column', s.col, 'end_line', s.end_line,"
  "      'end_column', s.end_col, 'message', s.message))"
  "    FROM (SELECT * FROM steps WHERE finding_id = f.id ORDER BY seq) s)))"
  " FROM (SELECT * FROM findings WHERE id IN (SELECT id FROM temp.selected)"
  "       ORDER BY path, line, col, rule) f";

static const char zSarif[] =
  "SELECT json_object("
  " '$schema', 'https://json.schemastore.org/sarif-2.1.0.json',"
  " 'version', '2.1.0',"
  " 'runs', json_array(json_object("
  "  'tool', json_object('driver', json_object("
  "   'name', 'cescape', 'version', ?1, 'informationUri', ?2,"
  "   'rules', (SELECT json_group_array(json_object('id', name,"
  "      'shortDescription', json_object('text', short),"
  "      'fullDescription', json_object('text', full),"
  "      'helpUri', ?2 || '#' || anchor,"
  "      'defaultConfiguration', json_object('level', level,"
  "        'enabled', json('true'))))"
  "     FROM (SELECT * FROM temp.rules ORDER BY idx)))),"
  "  'originalUriBaseIds', json_object('%SRCROOT%', json_object("
  "   'description', json_object('text', 'The project root'))),"
  "  'results', (SELECT json_group_array(json(r)) FROM (SELECT"
  "   json_patch(json_object("
  "     'ruleId', f.rule,"
  "     'ruleIndex', (SELECT idx FROM temp.rules WHERE name = f.rule),"
  "     'level', CASE f.severity WHEN 'warning' THEN 'warning' ELSE 'note' END,"
  "     'message', json_object('text', f.message),"
  "     'locations', json_array(" SARIF_LOCATION("f") "),"
  "     'partialFingerprints', json_object('cescape/v1', f.fingerprint),"
  "     'suppressions', CASE f.suppressed WHEN 1"
  "       THEN json_array(json_object('kind', 'inSource'))"
  "       ELSE json_array() END),"
  /* json_patch() leaves out the members that are NULL (RFC 7396). */
  "    json_object('codeFlows', CASE WHEN EXISTS (SELECT 1 FROM steps s"
  "       WHERE s.finding_id = f.id AND s.path != '')"
  "     THEN json_array(json_object('threadFlows',"
  "      json_array(json_object('locations', (SELECT json_group_array("
  "       json_object('location', json_set(" SARIF_LOCATION("s") ","
  "         '$.message', json_object('text', s.message))))"
  "       FROM (SELECT * FROM steps WHERE finding_id = f.id AND path != ''"
  "             ORDER BY seq) s))))) END,"
  /* A fix-it: one change per file, its edits as replacements (SARIF
  ** columns are 1-based and the end exclusive, as the database has them). */
  "    'fixes', CASE WHEN EXISTS (SELECT 1 FROM fixits x"
  "       WHERE x.finding_id = f.id)"
  "     THEN json_array(json_object("
  "      'description', json_object('text', 'The fix-it of this finding'),"
  "      'artifactChanges', (SELECT json_group_array(json(c)) FROM (SELECT"
  "        json_object('artifactLocation', json_object('uri', x.path,"
  "          'uriBaseId', '%SRCROOT%'),"
  "         'replacements', json_group_array(json_object("
  "          'deletedRegion', json_object('startLine', x.line,"
  "            'startColumn', x.col, 'endLine', x.end_line,"
  "            'endColumn', x.end_col),"
  "          'insertedContent', json_object('text', x.replacement)))) AS c"
  "        FROM (SELECT * FROM fixits WHERE finding_id = f.id"
  "              ORDER BY path, seq) x GROUP BY x.path)))) END)) AS r"
  "    FROM findings f WHERE f.id IN (SELECT id FROM temp.selected)"
  "    ORDER BY f.path, f.line, f.col, f.rule))"
  " )))";

/*
** GitLab's severity follows the gate: a rule it fails on (?1, a
** comma-separated list) is "major", the others "info".
*/
static const char zGitlab[] =
  "SELECT json_group_array(json_object("
  "  'description', message || ' [cescape:' || rule || ']',"
  "  'check_name', 'cescape:' || rule,"
  "  'fingerprint', fingerprint,"
  "  'severity', CASE WHEN instr(',' || ?1 || ',', ',' || rule || ',')"
  "     THEN 'major' ELSE 'info' END,"
  "  'location', json_object('path', path, 'lines', json_object('begin', line))))"
  " FROM (SELECT * FROM findings WHERE id IN (SELECT id FROM temp.selected)"
  "       AND suppressed = 0 ORDER BY path, line, col, rule) f";
/* clang-format on */

/*
** The first value of the selected findings, their flow steps and fix-its
** that is not of its column's type: a hand-edited or hostile database can
** hold text or a blob where the schema says integer (SQLite keeps what it
** is given), and the document would not be what its format says.  Each
** row is the row's name and the column's (NULL: the row is well-typed).
*/
#define IS_TEXT(C) "WHEN typeof(" C ") != 'text' THEN '" C "' "
#define IS_OPTIONAL_TEXT(C)                                                    \
  "WHEN typeof(" C ") NOT IN ('text', 'null') THEN '" C "' "
#define IS_POSITIVE(C)                                                         \
  "WHEN typeof(" C ") != 'integer' OR " C " < 1 THEN '" C "' "
#define IS_OPTIONAL_POSITIVE(C)                                                \
  "WHEN " C " IS NOT NULL AND (typeof(" C ") != 'integer' OR " C " < 1) "      \
  "THEN '" C "' "
/* clang-format off */
static const char zIllTyped[] =
  "SELECT what, bad FROM ("
  " SELECT 'finding ' || id AS what, CASE "
  IS_TEXT("rule") IS_TEXT("severity") IS_TEXT("path") IS_POSITIVE("line")
  IS_POSITIVE("col") IS_TEXT("function") IS_TEXT("message")
  IS_OPTIONAL_TEXT("reason") IS_TEXT("fingerprint")
  "  WHEN size IS NOT NULL AND typeof(size) != 'integer' THEN 'size'"
  "  WHEN typeof(suppressed) != 'integer' OR suppressed NOT IN (0, 1)"
  "   THEN 'suppressed' "
  IS_OPTIONAL_POSITIVE("end_line") IS_OPTIONAL_POSITIVE("end_col")
  " END AS bad"
  " FROM findings WHERE id IN (SELECT id FROM temp.selected)"
  " UNION ALL"
  /* A step without a place has the path ''. */
  " SELECT 'flow step ' || seq || ' of finding ' || finding_id, CASE "
  IS_OPTIONAL_TEXT("path") IS_TEXT("message")
  "  WHEN coalesce(path, '') = '' THEN NULL "
  IS_POSITIVE("line") IS_POSITIVE("col") IS_OPTIONAL_POSITIVE("end_line")
  IS_OPTIONAL_POSITIVE("end_col") " END"
  " FROM steps WHERE finding_id IN (SELECT id FROM temp.selected)"
  " UNION ALL"
  " SELECT 'fix-it edit ' || seq || ' of finding ' || finding_id, CASE "
  IS_TEXT("path") IS_POSITIVE("line") IS_POSITIVE("col")
  IS_POSITIVE("end_line") IS_POSITIVE("end_col") IS_TEXT("replacement")
  " END"
  " FROM fixits WHERE finding_id IN (SELECT id FROM temp.selected))"
  " WHERE bad IS NOT NULL LIMIT 1";
/* clang-format on */

/*
** Whether zFormat names a format write_findings() knows.
*/
int is_findings_format(const char *zFormat) {
  return strcmp(zFormat, "json") == 0 || strcmp(zFormat, "sarif") == 0 ||
         strcmp(zFormat, "gitlab") == 0;
}

/*
** Write the findings whose ids are in temp.selected to file zOut (NULL:
** standard output) in zFormat (json, sarif or gitlab); zFailOn, the rules
** the gate fails on, are GitLab's "major" ones.  Return 0, or print
** why and return 1; the file is opened only once the document is made, so
** a refused database leaves it as it was.
*/
int write_findings(sqlite3 *db, const char *zFormat, const char *zOut,
                   const char *zFailOn) {
  const char *zSql = strcmp(zFormat, "sarif") == 0    ? zSarif
                     : strcmp(zFormat, "gitlab") == 0 ? zGitlab
                                                      : zJson;
  sqlite3_stmt *pStmt = NULL;
  FILE *out;
  int rc = rules_table(db)
               ? SQLITE_ERROR
               : sqlite3_prepare_v2(db, zIllTyped, -1, &pStmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
    cescape_error("cannot write %s: %s: its %s holds a value cescape never "
                  "writes there (a damaged or edited database)",
                  zFormat, (const char *)sqlite3_column_text(pStmt, 0),
                  (const char *)sqlite3_column_text(pStmt, 1));
    sqlite3_finalize(pStmt);
    return 1;
  }
  if (rc == SQLITE_DONE) {
    sqlite3_finalize(pStmt);
    pStmt = NULL;
    rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL);
  }
  if (rc == SQLITE_OK && strcmp(zFormat, "sarif") == 0) {
    sqlite3_bind_text(pStmt, 1, CESCAPE_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_text(pStmt, 2, CESCAPE_DOCS_URL, -1, SQLITE_STATIC);
  } else if (rc == SQLITE_OK && strcmp(zFormat, "gitlab") == 0) {
    sqlite3_bind_text(pStmt, 1, zFailOn, -1, SQLITE_STATIC);
  }
  if (rc == SQLITE_OK)
    rc = sqlite3_step(pStmt);
  if (rc != SQLITE_ROW) {
    cescape_error("cannot write %s: %s", zFormat, sqlite3_errmsg(db));
    sqlite3_finalize(pStmt);
    return 1;
  }
  out = zOut ? fopen(zOut, "w") : stdout;
  if (out) {
    utf8_write(out, (const char *)sqlite3_column_text(pStmt, 0));
    fputc('\n', out);
  }
  sqlite3_finalize(pStmt);
  if (out == NULL || (zOut && fclose(out) != 0)) {
    cescape_error("cannot write '%s'", zOut);
    return 1;
  }
  return 0;
}
