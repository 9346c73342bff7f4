// The smallest useful controller: spawn the installed worker, wait for worker.running, create a
// router, check that worker.dump lists it, close. Exits 0 on success.

#include <uv.h>

#include <cstdio>

#include "weir/controller.hpp"

int main() {
  uv_loop_t loop;
  uv_loop_init(&loop);
  weir::WorkerSettings settings;
  settings.workerPath = WEIR_WORKER;
  auto spawned = weir::Worker::Spawn(&loop, settings);
  if (!spawned.ok()) {
    std::fprintf(stderr, "spawn: %s\n", spawned.status().ToString().c_str());
    return 1;
  }
  std::shared_ptr<weir::Worker> worker = *std::move(spawned);  // the only reference
  int result = 1;
  worker->OnRunning([&](const weir::WorkerRunning& running) {
    std::printf("worker %d running, version %s\n", running.pid, running.version.c_str());
    worker->CreateRouter({}, [&](absl::StatusOr<std::shared_ptr<weir::Router>> router) {
      if (!router.ok()) {
        std::fprintf(stderr, "createRouter: %s\n", router.status().ToString().c_str());
        worker->Close();
        return;
      }
      std::string id = (*router)->id();
      worker->Dump([&, id](absl::StatusOr<nlohmann::json> dump) {
        if (dump.ok() && (*dump)["routerIds"] == nlohmann::json::array({id})) {
          std::printf("router %s listed in worker.dump\n", id.c_str());
          result = 0;
        } else {
          std::fprintf(stderr, "dump: %s\n",
                       dump.ok() ? dump->dump().c_str() : dump.status().ToString().c_str());
        }
        worker->Close();
      });
    });
  });
  worker->OnExit([&](const weir::WorkerExit& exit) {
    std::printf("worker %s\n", exit.Describe().c_str());
    if (!exit.expected) result = 1;
  });
  uv_run(&loop, UV_RUN_DEFAULT);
  worker.reset();
  uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
  return result;
}
