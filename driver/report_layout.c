/*
** report_layout.c - layouts.html of "cescape report": an SVG diagram of
** every struct the false-sharing rules flag, one row per cache line.
*/
#include "report.h"

#include <stdlib.h>
#include <string.h>

/*
** Layout diagrams: pixels for one cache line, the label column on the left,
** and each line's row.
*/
#define SVG_LINE_WIDTH 512
#define SVG_LABEL_WIDTH 120
#define SVG_ROW_HEIGHT 34
#define SVG_ROW_GAP 16

/*
** One field of a record's layout.
*/
typedef struct Field Field;
struct Field {
  char *zName, *zType, *zContention; /* zContention NULL: not contended */
  int iOffset, nSize;                /* Bytes */
  int iBitOffset, nBitWidth; /* Bit-fields: bit in the record; else -1 */
};

/*
** Draw bytes [iFrom, iTo) of a record as one rect per cache line they
** cross, inside the current <g>.  Each line is a row nLine bytes wide.
*/
static void svg_span(FILE *out, int iFrom, int iTo, int nLine,
                     const char *zFill) {
  while (iFrom < iTo) {
    int iRow = iFrom / nLine;
    int iEnd = iTo < (iRow + 1) * nLine ? iTo : (iRow + 1) * nLine;
    double scale = (double)SVG_LINE_WIDTH / nLine;
    fprintf(out,
            "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"%s%s%s>"
            "</rect>",
            SVG_LABEL_WIDTH + (iFrom - iRow * nLine) * scale,
            iRow * (SVG_ROW_HEIGHT + SVG_ROW_GAP) + SVG_ROW_GAP,
            (iEnd - iFrom) * scale, SVG_ROW_HEIGHT, zFill ? " fill=\"" : "",
            zFill ? zFill : "", zFill ? "\"" : "");
    iFrom = iEnd;
  }
}

/*
** Draw the layout of a record of nSize bytes and cache line nLine bytes
** with fields aField[0..nField-1]: one row per cache line, a box per field
** (red when contended), holes hatched, and each line boundary marked.
*/
static void write_layout_svg(FILE *out, const Field *aField, int nField,
                             int nSize, int nLine) {
  int nRows = nSize > 0 ? (nSize + nLine - 1) / nLine : 1;
  int iRow, i, iCovered = 0;
  int nHeight = nRows * (SVG_ROW_HEIGHT + SVG_ROW_GAP) + SVG_ROW_GAP;
  fprintf(out,
          "<svg class=\"layout-diagram\" xmlns=\"http://www.w3.org/2000/svg\""
          " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n"
          "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" "
          "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
          "<line class=\"hatch-line\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\">"
          "</line></pattern></defs>\n",
          SVG_LABEL_WIDTH + SVG_LINE_WIDTH + 10, nHeight,
          SVG_LABEL_WIDTH + SVG_LINE_WIDTH + 10, nHeight);
  for (iRow = 0; iRow < nRows; iRow++) {
    int y = iRow * (SVG_ROW_HEIGHT + SVG_ROW_GAP) + SVG_ROW_GAP;
    fprintf(out,
            "<rect class=\"cacheline\" x=\"%d\" y=\"%d\" width=\"%d\" "
            "height=\"%d\"></rect><text x=\"4\" y=\"%d\">line %d: %d</text>\n",
            SVG_LABEL_WIDTH, y, SVG_LINE_WIDTH, SVG_ROW_HEIGHT, y + 21, iRow,
            iRow * nLine);
  }
  for (i = 0; i <= nField; i++) {
    /* The hole before field i (before the end, for i == nField). */
    int iNext = i < nField ? aField[i].iOffset : nSize;
    if (iNext > iCovered) {
      fprintf(out,
              "<g class=\"hole\"><title>hole: %d bytes at offset %d"
              "</title>",
              iNext - iCovered, iCovered);
      svg_span(out, iCovered, iNext, nLine, "url(#hatch)");
      fputs("</g>\n", out);
    }
    if (i == nField)
      break;
    {
      const Field *f = &aField[i];
      int nBytes = f->nSize > 0 ? f->nSize : 1;
      double scale = (double)SVG_LINE_WIDTH / nLine;
      int iRowOf = f->iOffset / nLine;
      fprintf(out, "<g class=\"field%s\"><title>",
              f->zContention ? " contended" : "");
      html_write(out, f->zName);
      fputs(": ", out);
      html_write(out, f->zType);
      fprintf(out, ", offset %d, %d bytes", f->iOffset, f->nSize);
      if (f->nBitWidth >= 0)
        fprintf(out, ", bit-field of %d bits at bit %d", f->nBitWidth,
                f->iBitOffset);
      if (f->zContention) {
        fputs(" (contended: ", out);
        html_write(out, f->zContention);
        fputs(")", out);
      }
      fputs("</title>", out);
      svg_span(out, f->iOffset, f->iOffset + nBytes, nLine, NULL);
      /* The name, when it fits in the field's first row. */
      {
        int iRowEnd = (iRowOf + 1) * nLine;
        int nFirst =
            (f->iOffset + nBytes < iRowEnd ? f->iOffset + nBytes : iRowEnd) -
            f->iOffset;
        if (nFirst * scale >= 7.0 * (double)strlen(f->zName) + 6) {
          fprintf(out, "<text x=\"%.1f\" y=\"%d\">",
                  SVG_LABEL_WIDTH + (f->iOffset - iRowOf * nLine) * scale + 3,
                  iRowOf * (SVG_ROW_HEIGHT + SVG_ROW_GAP) + SVG_ROW_GAP + 21);
          html_write(out, f->zName);
          fputs("</text>", out);
        }
      }
      fputs("</g>\n", out);
      if (f->iOffset + nBytes > iCovered)
        iCovered = f->iOffset + nBytes;
    }
  }
  /* The cache-line boundaries inside the record. */
  for (iRow = 1; iRow < nRows; iRow++) {
    int y = iRow * (SVG_ROW_HEIGHT + SVG_ROW_GAP) + SVG_ROW_GAP;
    fprintf(out,
            "<line class=\"boundary\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
            "y2=\"%d\"></line>\n",
            SVG_LABEL_WIDTH, y - SVG_ROW_GAP / 2,
            SVG_LABEL_WIDTH + SVG_LINE_WIDTH, y - SVG_ROW_GAP / 2);
  }
  fputs("</svg>\n", out);
}

/*
** Write one record's section of layouts.html: pRecord is on its row (id,
** name, path, line, size, align, cacheline, page name).
*/
static int write_record(Report *p, FILE *out, sqlite3_stmt *pRecord,
                        sqlite3_stmt *pFields, sqlite3_stmt *pFlagged) {
  int iRecord = sqlite3_column_int(pRecord, 0);
  int nSize = sqlite3_column_int(pRecord, 4);
  int nLine = sqlite3_column_int(pRecord, 6);
  Field *aField = NULL;
  int nField = 0, nAlloc = 0, rc, i;

  fprintf(out, "<section class=\"layout\" id=\"R%d\">\n<h2><code>", iRecord);
  html_write(out, column_text(pRecord, 1));
  fputs("</code></h2>\n<p><a class=\"loc\" href=\"src/", out);
  html_write(out, column_text(pRecord, 7));
  fprintf(out, "#L%d\">", sqlite3_column_int(pRecord, 3));
  html_write(out, column_text(pRecord, 2));
  fprintf(out,
          ":%d</a>: %d bytes, aligned to %d, cache line %d bytes "
          "(offsets from a line-aligned start).</p>\n",
          sqlite3_column_int(pRecord, 3), nSize, sqlite3_column_int(pRecord, 5),
          nLine);

  sqlite3_bind_int(pFields, 1, iRecord);
  while ((rc = sqlite3_step(pFields)) == SQLITE_ROW) {
    aField = grow_array(aField, nField, &nAlloc, sizeof(Field));
    aField[nField].zName = xstrdup(column_text(pFields, 0));
    aField[nField].zType = xstrdup(column_text(pFields, 1));
    aField[nField].iOffset = sqlite3_column_int(pFields, 2);
    aField[nField].nSize = sqlite3_column_int(pFields, 3);
    aField[nField].iBitOffset = sqlite3_column_type(pFields, 5) == SQLITE_NULL
                                    ? -1
                                    : sqlite3_column_int(pFields, 5);
    aField[nField].nBitWidth = sqlite3_column_type(pFields, 6) == SQLITE_NULL
                                   ? -1
                                   : sqlite3_column_int(pFields, 6);
    aField[nField].zContention = sqlite3_column_type(pFields, 4) == SQLITE_NULL
                                     ? NULL
                                     : xstrdup(column_text(pFields, 4));
    nField++;
  }
  sqlite3_reset(pFields);
  if (rc == SQLITE_DONE) {
    /* A nonsense line size would divide by zero: draw one line per record. */
    write_layout_svg(out, aField, nField, nSize,
                     nLine > 0 ? nLine : (nSize > 0 ? nSize : 1));
    fputs("<table class=\"fields\"><thead><tr><th>Field</th><th>Type</th>"
          "<th class=\"num\">Offset</th><th class=\"num\">Size</th>"
          "<th>Bits</th><th>Contended</th></tr></thead>\n<tbody>\n",
          out);
    for (i = 0; i < nField; i++) {
      fputs("<tr><td class=\"code\">", out);
      html_write(out, aField[i].zName);
      fputs("</td><td class=\"code\">", out);
      html_write(out, aField[i].zType);
      fprintf(out,
              "</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td>",
              aField[i].iOffset, aField[i].nSize);
      if (aField[i].nBitWidth >= 0)
        fprintf(out, "%d at bit %d", aField[i].nBitWidth, aField[i].iBitOffset);
      fputs("</td><td>", out);
      html_write(out, aField[i].zContention);
      fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
  }
  for (i = 0; i < nField; i++) {
    free(aField[i].zName);
    free(aField[i].zType);
    free(aField[i].zContention);
  }
  free(aField);
  if (rc != SQLITE_DONE) {
    cescape_error("cannot read fields: %s", sqlite3_errmsg(p->db));
    return 1;
  }

  sqlite3_bind_int(pFlagged, 1, iRecord);
  fputs("<ul class=\"flagged\">\n", out);
  while ((rc = sqlite3_step(pFlagged)) == SQLITE_ROW) {
    fputs("<li><a href=\"src/", out);
    html_write(out, column_text(pFlagged, 3));
    fprintf(out, "#F%d\"><span class=\"rule rule-",
            sqlite3_column_int(pFlagged, 0));
    html_write(out, column_text(pFlagged, 1));
    fputs("\">", out);
    html_write(out, column_text(pFlagged, 1));
    fputs("</span></a> ", out);
    html_write(out, column_text(pFlagged, 2));
    fputs("</li>\n", out);
  }
  fputs("</ul>\n</section>\n", out);
  sqlite3_reset(pFlagged);
  if (rc == SQLITE_DONE)
    return 0;
  cescape_error("cannot read findings: %s", sqlite3_errmsg(p->db));
  return 1;
}

/*
** Write layouts.html: the layout of every record, with the findings that
** flag it.
*/
int write_layouts(Report *p) {
  sqlite3_stmt *pRecord = report_prepare(
      p, "SELECT r.id, r.name, r.path, r.line, r.size, r.align, r.cacheline,"
         " pg.name FROM records r JOIN temp.pages pg ON pg.path = r.path"
         " WHERE r.id IN (SELECT shown FROM temp.layout_of)"
         " ORDER BY r.path, r.line, r.name, r.id");
  sqlite3_stmt *pFields = report_prepare(
      p, "SELECT name, type, offset, size, contention, bit_offset,"
         " bit_width FROM fields"
         " WHERE record_id = ?1 ORDER BY offset, seq");
  sqlite3_stmt *pFlagged = report_prepare(
      p, "SELECT f.id, f.rule, f.message, pg.name FROM findings f"
         " JOIN temp.pages pg ON pg.path = f.path WHERE f.record_id IN"
         " (SELECT record_id FROM temp.layout_of WHERE shown = ?1) AND f.id ="
         " (SELECT min(g.id) FROM findings g WHERE g.fingerprint ="
         " f.fingerprint)" /* one per fingerprint, by its index */
         " ORDER BY f.path, f.line, f.col, f.id");
  FILE *out =
      pRecord && pFields && pFlagged ? report_open(p, "layouts.html") : NULL;
  int rc = SQLITE_ERROR, bad = 1;
  if (out) {
    const Page page = {"Layouts", "", ""};
    const char *zRest = page_begin(p, out, &page);
    fputs("<h1>Struct layouts</h1>\n<p>One row per cache line; red boxes "
          "are contended fields, hatched areas holes.</p>\n",
          out);
    while ((rc = sqlite3_step(pRecord)) == SQLITE_ROW)
      if (write_record(p, out, pRecord, pFields, pFlagged))
        break;
    page_end(p, out, zRest, &page);
    bad = rc != SQLITE_DONE;
    if (bad && rc != SQLITE_ROW)
      cescape_error("cannot read records: %s", sqlite3_errmsg(p->db));
    if (report_close(p, out, "layouts.html"))
      bad = 1;
  }
  sqlite3_finalize(pRecord);
  sqlite3_finalize(pFields);
  sqlite3_finalize(pFlagged);
  return bad;
}
