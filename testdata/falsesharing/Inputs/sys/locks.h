// A system header's struct: never reported, whatever its layout.
struct sys_counters {
  _Atomic long a;
  _Atomic long b;
};
