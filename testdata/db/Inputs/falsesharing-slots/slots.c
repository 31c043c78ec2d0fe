#include <pthread-stub.h>
struct slot {
  long done;
  int id;
};
struct slot slots[4];
static void *work(void *arg) {
  slots[(long)arg].done++;
  return 0;
}
void start(void) {
  pthread_t t;
  pthread_create(&t, 0, work, 0);
}
