#pragma once

// Counts calls to the global operator new (all forms) in the test binary that links this, so a
// test can show that a hot path does not allocate:
//
//   weir::test::AllocationScope scope;
//   ... code under test ...
//   CHECK(scope.count() == 0);
//
// Linking alloc_counter.cpp replaces the global operator new/delete of the whole binary (C++
// [replacement.functions]); define no other replacement in a binary that uses this one.

#include <cstdint>

namespace weir::test {

uint64_t AllocationCount();

class AllocationScope {
 public:
  AllocationScope() : start_(AllocationCount()) {}
  uint64_t count() const { return AllocationCount() - start_; }

 private:
  uint64_t start_;
};

}  // namespace weir::test
