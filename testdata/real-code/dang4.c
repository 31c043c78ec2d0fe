// RUN: %cescape_verify -fplugin-arg-cescape-config=none %s
// RUN: %cescape_verify -fplugin-arg-cescape-config=none -O2 -D_FORTIFY_SOURCE=2 %s
//
// jansson load.c, reduced (shared/repros/real-code/dang4.c): a lexer holds
// &sd; only its integer position is copied out. Truth: nothing dangles.
typedef struct { int line; int position; } err_t;
typedef struct { const char *data; unsigned long pos; } sdata_t;
typedef struct { void *data; unsigned long position; } lex_t;
static void lex_init(lex_t *lex, void *data) { lex->data = data; lex->position = 0; }
int parse(const char *str, err_t *error) {
  lex_t lex;
  sdata_t sd;
  sd.data = str; sd.pos = 0;
  lex_init(&lex, &sd);
  error->position = (int)lex.position;
  return 0;
}

// Positive control: the pointer field is copied out instead.
typedef struct { void *data; } out_t;
int parse_out(const char *str, out_t *out) {
  lex_t lex;
  sdata_t sd; // expected-warning {{address of local variable 'sd' escapes its frame (param): it is stored through a parameter [cescape:dangling]}}
  sd.data = str; sd.pos = 0;
  lex_init(&lex, &sd);
  out->data = lex.data; // expected-note {{the address escapes here (stored through a parameter)}}
  return 0;
}
