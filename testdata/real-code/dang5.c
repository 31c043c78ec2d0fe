// RUN: %cescape_verify -fplugin-arg-cescape-config=none %s
// RUN: %cescape_verify -fplugin-arg-cescape-config=none -O2 -D_FORTIFY_SOURCE=2 %s
//
// jansson load.c, reduced (shared/repros/real-code/dang5.c): as dang4.c, in a
// file that converts a pointer to an integer somewhere; `(int)lex.position`
// is an integer field, not the pointer beside it. Truth: nothing dangles.
typedef struct { int line; int position; } err_t;
typedef struct { const char *data; unsigned long pos; } sdata_t;
typedef struct { void *data; unsigned long position; } lex_t;
static unsigned long h(const void *p) { return (unsigned long)p; } /* pointer->integer somewhere in the file */
static void lex_init(lex_t *lex, void *data) { lex->data = data; lex->position = 0; }
int parse(const char *str, err_t *error) {
  lex_t lex;
  sdata_t sd;
  sd.data = str; sd.pos = 0;
  lex_init(&lex, &sd);
  error->position = (int)lex.position;
  return (int)h(str);
}

// Positive control: the pointer itself, as an integer.
typedef struct { unsigned long word; } out_t;
int parse_out(const char *str, out_t *out) {
  lex_t lex;
  sdata_t sd; // expected-warning {{address of local variable 'sd' escapes its frame (param): it is stored through a parameter [cescape:dangling]}}
  sd.data = str; sd.pos = 0;
  lex_init(&lex, &sd);
  out->word = h(lex.data); // expected-note {{the address escapes here (stored through a parameter)}}
  return 0;
}
