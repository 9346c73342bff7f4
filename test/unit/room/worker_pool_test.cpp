#include "worker_pool.hpp"

#include <vector>

#include "doctest/doctest.h"

namespace weir::room {

TEST_CASE("placement picks the least loaded worker, the first of equals") {
  CHECK_FALSE(PickLeastLoaded({}).has_value());
  std::vector<WorkerLoad> one = {{5, 100}};
  CHECK(PickLeastLoaded(one) == 0u);
  std::vector<WorkerLoad> loads = {{1, 0}, {0, 0}, {0, 0}};
  CHECK(PickLeastLoaded(loads) == 1u);
  // Consumers weigh as much as routers: a small busy room outweighs two empty ones.
  loads = {{2, 0}, {1, 4}};
  CHECK(PickLeastLoaded(loads) == 0u);
  loads = {{3, 10}, {5, 2}, {4, 4}};
  CHECK(PickLeastLoaded(loads) == 1u);  // 13, 7, 8
  CHECK(WorkerLoad{3, 4}.Score() == 7u);
}

TEST_CASE("placement spreads rooms over workers as they fill") {
  std::vector<WorkerLoad> loads(2);
  std::vector<size_t> placed;
  for (int room = 0; room < 4; ++room) {
    size_t i = *PickLeastLoaded(loads);
    placed.push_back(i);
    ++loads[i].routers;
  }
  CHECK(placed == std::vector<size_t>{0, 1, 0, 1});
  loads[0].consumers = 6;  // worker 0's rooms got busy
  CHECK(*PickLeastLoaded(loads) == 1u);
}

}  // namespace weir::room
