/* curl lib/curl_addrinfo.c Curl_ip2addr: a scratch block whose fields point
   into itself is read by a helper in the same file and freed. */
#include <stdlib.h>
#include <string.h>
struct hent { char *name; char **addr_list; };
struct namebuff { struct hent h; char *list[2]; char addr[16]; };
static int count_addrs(const struct hent *h) {
  int n = 0;
  while (h->addr_list[n]) n++;
  return n;
}
int ip2count(const char *ip) {
  struct namebuff *buf = malloc(sizeof(struct namebuff));
  if (!buf) return -1;
  memcpy(buf->addr, ip, 4);
  struct hent *h = &buf->h;
  h->name = NULL;
  h->addr_list = &buf->list[0];
  h->addr_list[0] = buf->addr;
  h->addr_list[1] = NULL;
  int n = count_addrs(h);
  free(buf);
  return n;
}
