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
** A finding's physical location, as SARIF spells it (p is the row alias).
*/
#define SARIF_LOCATION(P)                                                      \
  "json_object('physicalLocation', json_object("                               \
  "'artifactLocation', json_object('uri', " P ".path, 'uriBaseId', "           \
  "'%SRCROOT%'), 'region', json_object('startLine', " P ".line, "              \
  "'startColumn', " P ".col)))"

/* clang-format off */
static const char zJson[] =
  "SELECT json_group_array(json_object("
  "  'rule', rule, 'severity', severity, 'path', path, 'line', line,"
  "  'column', col, 'function', function, 'message', message,"
  "  'reason', reason, 'size', size, 'fingerprint', fingerprint,"
  "  'suppressed', json(CASE suppressed WHEN 1 THEN 'true' ELSE 'false' END),"
  "  'steps', (SELECT json_group_array(json_object('path', s.path,"
  "      'line', s.line, 'column', s.col, 'message', s.message))"
  "    FROM (SELECT * FROM steps WHERE finding_id = f.id ORDER BY seq) s)))"
  " FROM (SELECT * FROM findings WHERE id IN (SELECT id FROM temp.selected)"
  "       ORDER BY path, line, col, rule) f";

static const char zSarif[] =
  "SELECT json_object("
  " '$schema', 'https://json.schemastore.org/sarif-2.1.0.json',"
  " 'version', '2.1.0',"
  " 'runs', json_array(json_object("
  "  'tool', json_object('driver', json_object("
  "   'name', 'cescape', 'version', ?1,"
  "   'rules', json(?2))),"
  "  'originalUriBaseIds', json_object('%SRCROOT%', json_object("
  "   'description', json_object('text', 'The project root'))),"
  "  'results', (SELECT json_group_array(CASE WHEN EXISTS"
  "     (SELECT 1 FROM steps WHERE finding_id = f.id)"
  "   THEN json_set(json(r), '$.codeFlows', json_array(json_object('threadFlows',"
  "     json_array(json_object('locations', (SELECT json_group_array("
  "       json_object('location', json_set(" SARIF_LOCATION("s") ","
  "         '$.message', json_object('text', s.message))))"
  "       FROM (SELECT * FROM steps WHERE finding_id = f.id AND path != ''"
  "             ORDER BY seq) s))))))"
  "   ELSE json(r) END)"
  "   FROM (SELECT f.id AS id, json_object("
  "     'ruleId', f.rule,"
  "     'level', CASE f.severity WHEN 'warning' THEN 'warning' ELSE 'note' END,"
  "     'message', json_object('text', f.message),"
  "     'locations', json_array(" SARIF_LOCATION("f") "),"
  "     'partialFingerprints', json_object('cescape/v1', f.fingerprint),"
  "     'suppressions', CASE f.suppressed WHEN 1"
  "       THEN json_array(json_object('kind', 'inSource'))"
  "       ELSE json_array() END) AS r"
  "    FROM findings f WHERE f.id IN (SELECT id FROM temp.selected)"
  "    ORDER BY f.path, f.line, f.col, f.rule) AS f)"
  " )))";

static const char zGitlab[] =
  "SELECT json_group_array(json_object("
  "  'description', message || ' [cescape:' || rule || ']',"
  "  'check_name', 'cescape:' || rule,"
  "  'fingerprint', fingerprint,"
  "  'severity', CASE rule WHEN 'dangling' THEN 'major' ELSE 'info' END,"
  "  'location', json_object('path', path, 'lines', json_object('begin', line))))"
  " FROM (SELECT * FROM findings WHERE id IN (SELECT id FROM temp.selected)"
  "       AND suppressed = 0 ORDER BY path, line, col, rule)";

/*
** The SARIF rule descriptions, one per rule.
*/
static const char zSarifRules[] =
  "[{\"id\":\"heap-to-stack\",\"shortDescription\":{\"text\":\"A heap "
  "allocation that never leaves its function and could be a stack array\"},"
  "\"help\":{\"text\":\"Replace the allocation with a stack array of the "
  "given size (the fix-it keeps the pointer and removes the free calls).\"}},"
  "{\"id\":\"small-buffer\",\"shortDescription\":{\"text\":\"A heap "
  "allocation of variable size that never leaves its function\"},"
  "\"help\":{\"text\":\"Use a small stack buffer and fall back to the heap "
  "when the size is larger.\"}},"
  "{\"id\":\"escape\",\"shortDescription\":{\"text\":\"Why an allocation "
  "stays on the heap\"},\"help\":{\"text\":\"Informational: the reason word "
  "says where the block goes (return, global, param, heap, call, extern, "
  "indirect, thread, realloc, loop, size, asm).\"}},"
  "{\"id\":\"dangling\",\"shortDescription\":{\"text\":\"The address of a "
  "local escapes its frame\"},\"help\":{\"text\":\"The pointer dangles once "
  "the function returns: allocate the object on the heap or keep the "
  "pointer local.\"}},"
  "{\"id\":\"false-sharing\",\"shortDescription\":{\"text\":\"Two "
  "independently contended fields share a cache line\"},\"help\":{\"text\":"
  "\"Align one field to the cache line or pad between them; the message "
  "gives the exact bytes.\"}},"
  "{\"id\":\"array-false-sharing\",\"shortDescription\":{\"text\":"
  "\"Per-thread elements of an array are smaller than a cache line\"},"
  "\"help\":{\"text\":\"Align the element type to the cache line so that "
  "each thread's element has a line of its own.\"}}]";
/* clang-format on */

/*
** Whether zFormat names a format write_findings() knows.
*/
int is_findings_format(const char *zFormat) {
  return strcmp(zFormat, "json") == 0 || strcmp(zFormat, "sarif") == 0 ||
         strcmp(zFormat, "gitlab") == 0;
}

/*
** Write the findings whose ids are in temp.selected to out in zFormat
** (json, sarif or gitlab).  Return 0, or print why and return 1.
*/
int write_findings(sqlite3 *db, const char *zFormat, FILE *out) {
  const char *zSql = strcmp(zFormat, "sarif") == 0    ? zSarif
                     : strcmp(zFormat, "gitlab") == 0 ? zGitlab
                                                      : zJson;
  sqlite3_stmt *pStmt = NULL;
  int rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL);
  if (rc == SQLITE_OK && strcmp(zFormat, "sarif") == 0) {
    sqlite3_bind_text(pStmt, 1, CESCAPE_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_text(pStmt, 2, zSarifRules, -1, SQLITE_STATIC);
  }
  if (rc == SQLITE_OK && (rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
    fprintf(out, "%s\n", (const char *)sqlite3_column_text(pStmt, 0));
    rc = SQLITE_OK;
  }
  if (rc != SQLITE_OK)
    cescape_error("cannot write %s: %s", zFormat, sqlite3_errmsg(db));
  sqlite3_finalize(pStmt);
  return rc != SQLITE_OK;
}
