// Worker command line and path resolution, UUIDs, exit descriptions.

#include "weir/worker_settings.hpp"

#include <cstdlib>
#include <regex>
#include <set>

#include "doctest/doctest.h"
#include "weir/uuid.hpp"
#include "weir/worker_types.hpp"

namespace weir {

TEST_CASE("arguments: only what is set, as --name=value, extra arguments last") {
  WorkerSettings settings;
  CHECK(WorkerArguments(settings) == std::vector<std::string>{"--log-level=error"});
  settings.logLevel = LogLevel::kDebug;
  settings.logTags = {"ice", "dtls"};
  settings.rtcMinPort = 40000;
  settings.rtcMaxPort = 40100;
  settings.dtlsCertificateFile = "/c.pem";
  settings.dtlsPrivateKeyFile = "/k.pem";
  settings.extraArgs = {"--channel-fd=3"};
  CHECK(WorkerArguments(settings) ==
        std::vector<std::string>{"--log-level=debug", "--log-tags=ice,dtls", "--rtc-min-port=40000",
                                 "--rtc-max-port=40100", "--dtls-certificate-file=/c.pem",
                                 "--dtls-private-key-file=/k.pem", "--channel-fd=3"});
}

TEST_CASE("path: explicit, then $WEIR_WORKER_PATH, then beside the executable or PATH") {
  WorkerSettings settings;
  settings.workerPath = "/opt/weir/bin/weir-worker";
  CHECK(ResolveWorkerPath(settings) == "/opt/weir/bin/weir-worker");
  settings.workerPath.clear();
  ::setenv("WEIR_WORKER_PATH", "/from/env/weir-worker", 1);
  CHECK(ResolveWorkerPath(settings) == "/from/env/weir-worker");
  ::unsetenv("WEIR_WORKER_PATH");
  std::string resolved = ResolveWorkerPath(settings);
  // The unit test binary lives in build/bin beside weir-worker when the worker is built.
  CHECK((resolved == "weir-worker" || resolved.ends_with("/weir-worker")));
}

TEST_CASE("log levels: names round trip") {
  for (LogLevel level : {LogLevel::kDebug, LogLevel::kWarn, LogLevel::kError, LogLevel::kNone}) {
    CHECK(ParseLogLevel(LogLevelName(level)) == level);
  }
  CHECK_FALSE(ParseLogLevel("loud").has_value());
}

TEST_CASE("uuids: version 4, variant 10, all different") {
  std::regex form("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string uuid = GenerateUuid();
    CHECK(std::regex_match(uuid, form));
    seen.insert(uuid);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("exit descriptions") {
  WorkerExit exit;
  exit.exitCode = 2;
  CHECK(exit.Describe() == "exited with code 2");
  exit.signal = 9;
  CHECK(exit.Describe() == "killed by signal 9 (Killed)");
}

}  // namespace weir
