// weir-worker: one media worker process, driven by a controller over the channel socket.

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "app/worker_app.hpp"
#include "app/worker_options.hpp"

#ifndef WEIR_VERSION
#define WEIR_VERSION "0.0.0"
#endif

int main(int argc, char* argv[]) {
  std::vector<std::string> args(argv + 1, argv + argc);
  weir::app::ParseResult parsed = weir::app::ParseWorkerOptions(args);
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "weir-worker: %s\n(try --help)\n", parsed.error.c_str());
    return 2;
  }
  if (parsed.options.showHelp) {
    std::fputs(weir::app::WorkerUsage().c_str(), stdout);
    return 0;
  }
  if (parsed.options.showVersion) {
    std::printf("weir-worker %s\n", WEIR_VERSION);
    return 0;
  }
  try {
    weir::app::WorkerApp app(parsed.options);
    return app.Run();
  } catch (const weir::app::WorkerOptionsError& error) {
    std::fprintf(stderr, "weir-worker: %s\n", error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "weir-worker: %s\n", error.what());
    return 1;
  }
}
