/*
** report_layout.c - layouts.html of "cescape report": an SVG diagram of
** every struct the false-sharing rules flag, one row per cache line.
*/
#include "report.h"

#include <assert.h>
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
** Bounds on what a database may describe: larger sizes, or a cache line
** that is not a power of two up to 64 KiB, are not a layout a compiler
** made, and the report says so (exit 2) rather than draw them.
*/
#define LAYOUT_MAX_BYTES (1LL << 56)
#define LAYOUT_MAX_LINE (1LL << 16)

/*
** The most boxes one diagram draws: fields overlap only in unions and
** bit-fields, but a hostile database could make every field cross every
** row.  Past it the diagram says it is cut.
*/
#define LAYOUT_MAX_BOXES 20000

/*
** One field of a record's layout.
*/
typedef struct Field Field;
struct Field {
  char *zName, *zType, *zContention; /* zContention NULL: not contended */
  long long iOffset, nSize;          /* Bytes */
  long long iBitOffset, nBitWidth; /* Bit-fields: bit in the record; else -1 */
};

/*
** The rows of one diagram.  A row is drawn for each cache line where a
** field or a hole begins or ends, and for the first and last line; each
** run of two or more other lines (inside one field or hole: a 64 MiB buffer
** is a million of them) is one elided row.  A diagram thus has at most
** about four rows per field, whatever the sizes.
*/
typedef struct Diagram Diagram;
struct Diagram {
  FILE *out;
  long long nLine;  /* Bytes per cache line */
  long long *aLine; /* The lines drawn, ascending */
  int *aSlot;       /* aSlot[i]: the row aLine[i] is drawn in */
  int nRow;         /* Lines drawn */
  int nSlot;        /* Rows, elided ones included */
  int nBoxesLeft;   /* LAYOUT_MAX_BOXES minus the boxes drawn */
};

static int compare_lines(const void *pA, const void *pB) {
  long long a = *(const long long *)pA, b = *(const long long *)pB;
  return a < b ? -1 : a > b;
}

/*
** Top of row iSlot, in pixels.
*/
static long long slot_y(int iSlot) {
  return (long long)iSlot * (SVG_ROW_HEIGHT + SVG_ROW_GAP) + SVG_ROW_GAP;
}

/*
** Index in d->aLine of line iLine, which is drawn.
*/
static int row_of(const Diagram *d, long long iLine) {
  const long long *pFound = bsearch(&iLine, d->aLine, (size_t)d->nRow,
                                    sizeof(long long), compare_lines);
  assert(pFound && "every field and hole boundary has its line drawn");
  return (int)(pFound - d->aLine);
}

/*
** Choose the rows of a record of nSize bytes with fields aField[0..nField-1].
*/
static void plan_rows(Diagram *d, const Field *aField, int nField,
                      long long nSize) {
  long long nEnd = nSize > 0 ? nSize : 1, iCovered = 0;
  long long *aAll = xmalloc(sizeof(long long) * (size_t)(4 * nField + 4));
  int nAll = 0, i, j;
  aAll[nAll++] = 0;
  aAll[nAll++] = (nEnd - 1) / d->nLine;
  for (i = 0; i <= nField; i++) {
    long long iNext = i < nField ? aField[i].iOffset : nSize;
    if (iNext > iCovered) { /* The hole [iCovered, iNext) */
      aAll[nAll++] = iCovered / d->nLine;
      aAll[nAll++] = (iNext - 1) / d->nLine;
    }
    if (i < nField) {
      long long iFieldEnd =
          aField[i].iOffset + (aField[i].nSize > 0 ? aField[i].nSize : 1);
      aAll[nAll++] = aField[i].iOffset / d->nLine;
      aAll[nAll++] = (iFieldEnd - 1) / d->nLine;
      if (iFieldEnd > iCovered)
        iCovered = iFieldEnd;
    }
  }
  qsort(aAll, (size_t)nAll, sizeof(long long), compare_lines);
  /* Unique lines; a run of one line between two drawn ones is drawn too
  ** (an elided row would take as much room). */
  d->aLine = xmalloc(sizeof(long long) * (size_t)(2 * nAll));
  d->aSlot = xmalloc(sizeof(int) * (size_t)(2 * nAll));
  d->nRow = d->nSlot = 0;
  for (j = 0; j < nAll; j++) {
    if (d->nRow > 0) {
      long long iLast = d->aLine[d->nRow - 1];
      if (aAll[j] == iLast)
        continue;
      if (aAll[j] == iLast + 2) {
        d->aSlot[d->nRow] = d->nSlot++;
        d->aLine[d->nRow++] = iLast + 1;
      } else if (aAll[j] > iLast + 2) {
        d->nSlot++; /* The elided row */
      }
    }
    d->aSlot[d->nRow] = d->nSlot++;
    d->aLine[d->nRow++] = aAll[j];
  }
  free(aAll);
}

/*
** Draw bytes [iFrom, iTo) of a record as one rect per drawn cache line they
** cross, inside the current <g>.
*/
static void svg_span(Diagram *d, long long iFrom, long long iTo,
                     const char *zFill) {
  double scale = (double)SVG_LINE_WIDTH / (double)d->nLine;
  int i = row_of(d, iFrom / d->nLine), iLast = row_of(d, (iTo - 1) / d->nLine);
  for (; i <= iLast && d->nBoxesLeft > 0; i++, d->nBoxesLeft--) {
    long long iLineStart = d->aLine[i] * d->nLine;
    long long iStart = iFrom > iLineStart ? iFrom : iLineStart;
    long long iEnd = iTo < iLineStart + d->nLine ? iTo : iLineStart + d->nLine;
    fprintf(d->out,
            "<rect x=\"%.1f\" y=\"%lld\" width=\"%.1f\" height=\"%d\"%s%s%s>"
            "</rect>",
            SVG_LABEL_WIDTH + (double)(iStart - iLineStart) * scale,
            slot_y(d->aSlot[i]), (double)(iEnd - iStart) * scale,
            SVG_ROW_HEIGHT, zFill ? " fill=\"" : "", zFill ? zFill : "",
            zFill ? "\"" : "");
  }
}
/*
** Draw the layout of a record of nSize bytes and cache line nLine bytes
** with fields aField[0..nField-1]: one row per drawn cache line, a box per
** field (red when contended), holes hatched, each line boundary marked and
** each elided run of lines labelled.
*/
static void write_layout_svg(FILE *out, const Field *aField, int nField,
                             long long nSize, long long nLine) {
  Diagram d = {out, nLine, NULL, NULL, 0, 0, LAYOUT_MAX_BOXES};
  long long iCovered = 0, nHeight;
  int iRow, i;
  plan_rows(&d, aField, nField, nSize);
  nHeight = slot_y(d.nSlot);
  fprintf(
      out,
      "<svg class=\"layout-diagram\" xmlns=\"http://www.w3.org/2000/svg\""
      " width=\"%d\" height=\"%lld\" viewBox=\"0 0 %d %lld\" role=\"img\">\n"
      "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" "
      "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
      "<line class=\"hatch-line\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\">"
      "</line></pattern></defs>\n",
      SVG_LABEL_WIDTH + SVG_LINE_WIDTH + 10, nHeight,
      SVG_LABEL_WIDTH + SVG_LINE_WIDTH + 10, nHeight);
  for (iRow = 0; iRow < d.nRow; iRow++) {
    long long y = slot_y(d.aSlot[iRow]);
    if (iRow > 0 && d.aSlot[iRow] > d.aSlot[iRow - 1] + 1)
      fprintf(out,
              "<text class=\"elided\" x=\"4\" y=\"%lld\">%lld lines (%lld "
              "bytes) not drawn</text>\n",
              slot_y(d.aSlot[iRow] - 1) + 21,
              d.aLine[iRow] - d.aLine[iRow - 1] - 1,
              (d.aLine[iRow] - d.aLine[iRow - 1] - 1) * nLine);
    fprintf(out,
            "<rect class=\"cacheline\" x=\"%d\" y=\"%lld\" width=\"%d\" "
            "height=\"%d\"></rect><text x=\"4\" y=\"%lld\">line %lld: %lld"
            "</text>\n",
            SVG_LABEL_WIDTH, y, SVG_LINE_WIDTH, SVG_ROW_HEIGHT, y + 21,
            d.aLine[iRow], d.aLine[iRow] * nLine);
  }
  for (i = 0; i <= nField; i++) {
    /* The hole before field i (before the end, for i == nField). */
    long long iNext = i < nField ? aField[i].iOffset : nSize;
    if (iNext > iCovered) {
      fprintf(out,
              "<g class=\"hole\"><title>hole: %lld bytes at offset %lld"
              "</title>",
              iNext - iCovered, iCovered);
      svg_span(&d, iCovered, iNext, "url(#hatch)");
      fputs("</g>\n", out);
    }
    if (i == nField)
      break;
    {
      const Field *f = &aField[i];
      long long nBytes = f->nSize > 0 ? f->nSize : 1;
      double scale = (double)SVG_LINE_WIDTH / (double)nLine;
      int iRowOf = row_of(&d, f->iOffset / nLine);
      long long iLineStart = d.aLine[iRowOf] * nLine;
      fprintf(out, "<g class=\"field%s\"><title>",
              f->zContention ? " contended" : "");
      html_write(out, f->zName);
      fputs(": ", out);
      html_write(out, f->zType);
      fprintf(out, ", offset %lld, %lld bytes", f->iOffset, f->nSize);
      if (f->nBitWidth >= 0)
        fprintf(out, ", bit-field of %lld bits at bit %lld", f->nBitWidth,
                f->iBitOffset);
      if (f->zContention) {
        fputs(" (contended: ", out);
        html_write(out, f->zContention);
        fputs(")", out);
      }
      fputs("</title>", out);
      svg_span(&d, f->iOffset, f->iOffset + nBytes, NULL);
      /* The name, when it fits in the field's first row. */
      {
        long long iRowEnd = iLineStart + nLine;
        long long nFirst =
            (f->iOffset + nBytes < iRowEnd ? f->iOffset + nBytes : iRowEnd) -
            f->iOffset;
        if ((double)nFirst * scale >= 7.0 * (double)strlen(f->zName) + 6) {
          fprintf(out, "<text x=\"%.1f\" y=\"%lld\">",
                  SVG_LABEL_WIDTH + (double)(f->iOffset - iLineStart) * scale +
                      3,
                  slot_y(d.aSlot[iRowOf]) + 21);
          html_write(out, f->zName);
          fputs("</text>", out);
        }
      }
      fputs("</g>\n", out);
      if (f->iOffset + nBytes > iCovered)
        iCovered = f->iOffset + nBytes;
    }
  }
  /* The cache-line boundaries between drawn rows. */
  for (iRow = 1; iRow < d.nRow; iRow++) {
    long long y = slot_y(d.aSlot[iRow]);
    fprintf(out,
            "<line class=\"boundary\" x1=\"%d\" y1=\"%lld\" x2=\"%d\" "
            "y2=\"%lld\"></line>\n",
            SVG_LABEL_WIDTH, y - SVG_ROW_GAP / 2,
            SVG_LABEL_WIDTH + SVG_LINE_WIDTH, y - SVG_ROW_GAP / 2);
  }
  if (d.nBoxesLeft == 0)
    fprintf(out,
            "<text class=\"elided\" x=\"4\" y=\"%lld\">diagram cut after %d "
            "boxes</text>\n",
            nHeight - 4, LAYOUT_MAX_BOXES);
  fputs("</svg>\n", out);
  free(d.aLine);
  free(d.aSlot);
}

/*
** Write one record's section of layouts.html: pRecord is on its row (id,
** name, path, line, size, align, cacheline, page name).
*/
static int write_record(Report *p, FILE *out, sqlite3_stmt *pRecord,
                        sqlite3_stmt *pFields, sqlite3_stmt *pFlagged) {
  int iRecord = sqlite3_column_int(pRecord, 0);
  long long nSize = sqlite3_column_int64(pRecord, 4);
  long long nLine = sqlite3_column_int64(pRecord, 6);
  Field *aField = NULL;
  int nField = 0, nAlloc = 0, rc, i;
  const char *zNonsense = NULL;

  if (nSize < 0 || nSize > LAYOUT_MAX_BYTES)
    zNonsense = "its size";
  else if (nLine < 1 || nLine > LAYOUT_MAX_LINE || (nLine & (nLine - 1)))
    zNonsense = "its cache line (a power of two, at most 64 KiB)";

  fprintf(out, "<section class=\"layout\" id=\"R%d\">\n<h2><code>", iRecord);
  html_write(out, column_text(pRecord, 1));
  fputs("</code></h2>\n<p><a class=\"loc\" href=\"src/", out);
  html_write(out, column_text(pRecord, 7));
  fprintf(out, "#L%d\">", sqlite3_column_int(pRecord, 3));
  html_write(out, column_text(pRecord, 2));
  fprintf(out,
          ":%d</a>: %lld bytes, aligned to %lld, cache line %lld bytes "
          "(offsets from a line-aligned start).</p>\n",
          sqlite3_column_int(pRecord, 3), nSize,
          sqlite3_column_int64(pRecord, 5), nLine);

  sqlite3_bind_int(pFields, 1, iRecord);
  while (zNonsense == NULL && (rc = sqlite3_step(pFields)) == SQLITE_ROW) {
    aField = grow_array(aField, nField, &nAlloc, sizeof(Field));
    aField[nField].zName = xstrdup(column_text(pFields, 0));
    aField[nField].zType = xstrdup(column_text(pFields, 1));
    aField[nField].iOffset = sqlite3_column_int64(pFields, 2);
    aField[nField].nSize = sqlite3_column_int64(pFields, 3);
    aField[nField].iBitOffset = sqlite3_column_type(pFields, 5) == SQLITE_NULL
                                    ? -1
                                    : sqlite3_column_int64(pFields, 5);
    aField[nField].nBitWidth = sqlite3_column_type(pFields, 6) == SQLITE_NULL
                                   ? -1
                                   : sqlite3_column_int64(pFields, 6);
    aField[nField].zContention = sqlite3_column_type(pFields, 4) == SQLITE_NULL
                                     ? NULL
                                     : xstrdup(column_text(pFields, 4));
    if (aField[nField].iOffset < 0 || aField[nField].iOffset > nSize ||
        aField[nField].nSize < 0 || aField[nField].nSize > LAYOUT_MAX_BYTES)
      zNonsense = "a field's offset or size";
    nField++;
  }
  sqlite3_reset(pFields);
  if (zNonsense) {
    cescape_error("record %d of the records table is no layout a compiler "
                  "made: %s is out of range",
                  iRecord, zNonsense);
    rc = SQLITE_ERROR;
  } else if (rc == SQLITE_DONE) {
    write_layout_svg(out, aField, nField, nSize, nLine);
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
              "</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
              "<td>",
              aField[i].iOffset, aField[i].nSize);
      if (aField[i].nBitWidth >= 0)
        fprintf(out, "%lld at bit %lld", aField[i].nBitWidth,
                aField[i].iBitOffset);
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
  if (zNonsense)
    return 1;
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
      p, "SELECT f.id, f.rule, f.message, pg.name"
         " FROM temp.distinct_findings f"
         " JOIN temp.pages pg ON pg.path = f.path WHERE f.record_id IN"
         " (SELECT record_id FROM temp.layout_of WHERE shown = ?1)"
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
    if (bad)
      report_discard(p, out, "layouts.html");
    else
      bad = report_close(p, out, "layouts.html");
  }
  sqlite3_finalize(pRecord);
  sqlite3_finalize(pFields);
  sqlite3_finalize(pFlagged);
  return bad;
}
