// A struct every unit of the project includes.
struct stats {
  _Atomic long requests;
  _Atomic long errors;
  char name[20];
  unsigned level : 3;
};
