/*
** sourcetext.c - a file's text as the analysis saw it (the sources table),
** split into lines, and fix-it edits located in it: shared by the report's
** previews and "cescape fix".
*/
#include "cescape.h"

#include <stdlib.h>
#include <string.h>

/*
** Set pText to a copy of the n bytes of z, split into lines.
*/
void source_split(SourceText *pText, const char *z, int n) {
  int i, nLine = 0;
  memset(pText, 0, sizeof(*pText));
  pText->n = n;
  pText->z = memcpy(xmalloc((size_t)n + 1), z, (size_t)n);
  pText->z[n] = 0;
  for (i = 0; i < n; i++)
    nLine += pText->z[i] == '\n';
  if (n && pText->z[n - 1] != '\n')
    nLine++; /* a last line without a newline */
  pText->aStart = xmalloc(sizeof(int) * ((size_t)nLine + 1));
  pText->aStart[0] = 0;
  for (i = 0; i < n; i++)
    if (pText->z[i] == '\n')
      pText->aStart[++pText->nLine] = i + 1;
  if (pText->nLine < nLine)
    pText->aStart[++pText->nLine] = n;
}

void source_free(SourceText *pText) {
  free(pText->z);
  free(pText->aStart);
  memset(pText, 0, sizeof(*pText));
}

/*
** Offset in pText of the end of line iLine's text, before its newline.
*/
int line_end(const SourceText *pText, int iLine) {
  int iEnd = pText->aStart[iLine];
  if (iEnd > pText->aStart[iLine - 1] && pText->z[iEnd - 1] == '\n')
    iEnd--;
  if (iEnd > pText->aStart[iLine - 1] && pText->z[iEnd - 1] == '\r')
    iEnd--;
  return iEnd;
}

/*
** Offset in pText of line iLine, byte column iCol (both 1-based), clamped
** to the text.
*/
int text_offset(const SourceText *pText, int iLine, int iCol) {
  int iStart;
  if (iLine < 1)
    return 0;
  if (iLine > pText->nLine)
    return pText->n;
  iStart = pText->aStart[iLine - 1] + (iCol > 1 ? iCol - 1 : 0);
  return iStart < pText->aStart[iLine] ? iStart : pText->aStart[iLine];
}

int compare_edits(const void *pA, const void *pB) {
  const Edit *a = pA, *b = pB;
  return a->iFrom != b->iFrom ? (a->iFrom < b->iFrom ? -1 : 1)
                              : (a->iTo < b->iTo ? -1 : a->iTo > b->iTo);
}
