// RUN: %cescape_verify -fplugin-arg-cescape-config=none %s
// RUN: %cescape_verify -fplugin-arg-cescape-config=none -O2 -D_FORTIFY_SOURCE=2 %s
//
// jansson load.c, reduced (shared/repros/real-code/dang1.c): a lexer holds
// &sd while parsing; only a char * field other than the one holding &sd is
// read afterwards. Truth: nothing dangles.
#include <stdarg.h>
#include <stdio.h>
typedef struct { char text[64]; } err_t;
void set_err(err_t *e, const char *fmt, ...); /* body elsewhere */
typedef struct { const char *data; size_t pos; } sdata_t;
typedef struct { void *data; char *saved; } lex_t;
static void lex_init(lex_t *lex, void *data) { lex->data = data; lex->saved = 0; }
static void error_set(err_t *e, const lex_t *lex) {
  const char *s = lex->saved; /* a char* field, not 'data' */
  if (s) set_err(e, "%s", s);
}
int parse(const char *str, err_t *error) {
  lex_t lex;
  sdata_t sd;
  sd.data = str; sd.pos = 0;
  lex_init(&lex, &sd);
  error_set(error, &lex);
  return 0;
}

// Positive control: the lexer itself is left in a global.
static lex_t *last;
int parse_and_keep(const char *str) {
  lex_t lex; // expected-warning {{address of local variable 'lex' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  sdata_t sd; // reachable only through lex: one warning is enough
  sd.data = str; sd.pos = 0;
  lex_init(&lex, &sd);
  last = &lex; // expected-note {{the address escapes here (stored in a global)}}
  return 0;
}
