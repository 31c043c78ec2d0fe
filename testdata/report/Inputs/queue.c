#include <stdlib.h>

struct queue {
  long head;
  char lock[40];
  char flag;
  long tail;
  int count;
  char big[60];
};

struct queue *queue_new(void) { return malloc(sizeof(struct queue)); }
