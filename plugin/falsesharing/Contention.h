//===- Contention.h - which fields threads fight over -----------*- C++ -*-===//
//
// A field is contended when threads write it concurrently:
// - by its type: _Atomic / atomic_* members, locks (pthread_mutex_t,
//   pthread_spinlock_t, pthread_rwlock_t, sem_t, atomic_flag), and records
//   or arrays holding one;
// - by its use: the object of an __atomic_* / __sync_* builtin or a C11
//   atomic_* generic function, or written (assigned, incremented) in a
//   function that runs as a thread (passed to pthread_create / thrd_create)
//   or that such a function calls, transitively through this unit's call
//   graph.
// A field that is only read is never contended by use. Writes to the fields
// of a local object (`struct s tmp; tmp.n++`) are not shared and not
// counted.
//
// For each field it also keeps who writes it (the thread functions that
// reach a write; outside any thread, the writing function itself, since any
// thread may call it) and the locks of the same record held at every write,
// which FalseSharingCheck uses to tell independent contention from fields
// that always move together.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_FALSESHARING_CONTENTION_H
#define CESCAPE_FALSESHARING_CONTENTION_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
}

namespace cescape {
class CallGraph;
} // namespace cescape

namespace cescape::falsesharing {

/// Why a field is contended; a bit set.
enum ContentionKind : unsigned {
  AtomicType = 1,    ///< _Atomic, atomic_*, or a record holding one
  AtomicOp = 2,      ///< the object of an atomic builtin or atomic_* call
  LockType = 4,      ///< a lock, or a record holding one
  ThreadWritten = 8, ///< written by a function that runs as a thread
};

/// "atomic,thread-written": the kinds of \p Kinds, as the database stores
/// them.
std::string contentionWords(unsigned Kinds);

struct FieldContention {
  unsigned Kinds = 0;
  /// Who writes it: thread functions, or the writing function itself when
  /// no thread function of this unit reaches it. Empty when this unit
  /// never writes it (a contended type used elsewhere).
  llvm::SmallPtrSet<const clang::FunctionDecl *, 4> Writers;
  /// Locks (members or variables) held at every write; unset before the
  /// first write.
  std::optional<llvm::SmallPtrSet<const clang::ValueDecl *, 2>> Guards;
  clang::SourceLocation FirstWrite;
};

/// A write to one element of an array of records in a thread function, at
/// an index that is not a constant (`slots[id].n++`): each thread has its
/// own element.
struct PerThreadElement {
  const clang::RecordDecl *Element;
  const clang::FieldDecl *Field;
  clang::SourceLocation Where;
};

class ContentionMap {
public:
  /// Scans every function body of the unit.
  ContentionMap(clang::ASTContext &Ctx, const CallGraph &Calls);

  /// The field's contention, or null when it has none.
  const FieldContention *of(const clang::FieldDecl *F) const;
  /// The complete records with a contended field, in source order.
  std::vector<const clang::RecordDecl *> contendedRecords() const;
  const std::vector<PerThreadElement> &perThreadElements() const {
    return Elements;
  }

private:
  class Scanner;

  /// ContentionKind bits the type of a field carries by itself.
  unsigned typeKinds(clang::QualType T);

  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::FieldDecl *, FieldContention> Fields;
  llvm::DenseMap<const clang::RecordDecl *, unsigned> RecordKinds;
  std::vector<PerThreadElement> Elements;
};

} // namespace cescape::falsesharing

#endif
