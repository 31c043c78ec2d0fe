typedef unsigned long pthread_t;
int pthread_create(pthread_t *, const void *, void *(*)(void *), void *);
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
