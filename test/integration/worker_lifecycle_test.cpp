// The controller library against real weir-worker processes: spawn, worker.running, routers,
// resource usage, close, death by SIGKILL, argument errors, timeouts, error mapping.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "controller_test_loop.hpp"
#include "doctest/doctest.h"
#include "weir/controller.hpp"

namespace {

using weir::test::TestLoop;
using namespace std::chrono_literals;

weir::WorkerSettings Settings() {
  weir::WorkerSettings settings;
  if (const char* bin = std::getenv("WEIR_BIN")) {
    settings.workerPath = std::string(bin) + "/weir-worker";
  }
  return settings;
}

std::shared_ptr<weir::Worker> SpawnRunning(TestLoop& loop,
                                           weir::WorkerSettings settings = Settings()) {
  absl::StatusOr<std::shared_ptr<weir::Worker>> worker = weir::Worker::Spawn(loop.get(), settings);
  REQUIRE(worker.ok());
  bool running = false;
  (*worker)->OnRunning([&](const weir::WorkerRunning&) { running = true; });
  REQUIRE(loop.RunUntil([&] { return running; }));
  return *worker;
}

// Runs a request to completion and returns its result.
template <typename T, typename Start>
absl::StatusOr<T> Await(TestLoop& loop, Start start) {
  std::optional<absl::StatusOr<T>> result;
  start([&](absl::StatusOr<T> r) { result = std::move(r); });
  REQUIRE(loop.RunUntil([&] { return result.has_value(); }));
  return *std::move(result);
}

absl::Status AwaitStatus(TestLoop& loop, const std::function<void(weir::StatusCallback)>& start) {
  std::optional<absl::Status> result;
  start([&](absl::Status status) { result = status; });
  REQUIRE(loop.RunUntil([&] { return result.has_value(); }));
  return *result;
}

absl::StatusOr<nlohmann::json> Dump(TestLoop& loop, weir::Worker& worker) {
  return Await<nlohmann::json>(loop, [&](auto cb) { worker.Dump(std::move(cb)); });
}

bool ProcessGone(int pid) {
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

}  // namespace

TEST_CASE("spawn: worker.running carries the version and the pid") {
  TestLoop loop;
  auto spawned = weir::Worker::Spawn(loop.get(), Settings());
  REQUIRE(spawned.ok());
  std::shared_ptr<weir::Worker> worker = *std::move(spawned);
  CHECK(worker->pid() > 0);
  CHECK_FALSE(worker->running());
  std::optional<weir::WorkerRunning> running;
  worker->OnRunning([&](const weir::WorkerRunning& r) { running = r; });
  REQUIRE(loop.RunUntil([&] { return running.has_value(); }));
  CHECK(worker->running());
  CHECK(running->pid == worker->pid());
  CHECK_FALSE(running->version.empty());

  auto dump = Dump(loop, *worker);
  INFO(dump.status().ToString());
  REQUIRE(dump.ok());
  CHECK((*dump)["pid"] == worker->pid());
  CHECK((*dump)["version"] == running->version);
  CHECK((*dump)["routerIds"].empty());
  CHECK((*dump)["logLevel"] == "error");
  worker->Close();
  CHECK(loop.RunUntil([&] { return worker->exit().has_value(); }));
}

TEST_CASE("spawn: a missing executable is NotFound, and nothing is left running") {
  TestLoop loop;
  weir::WorkerSettings settings;
  settings.workerPath = "/nonexistent/weir-worker";
  auto worker = weir::Worker::Spawn(loop.get(), settings);
  REQUIRE_FALSE(worker.ok());
  CHECK(worker.status().code() == absl::StatusCode::kNotFound);
  CHECK(std::string(worker.status().message()).find("/nonexistent/weir-worker") !=
        std::string::npos);
  CHECK(loop.RunToCompletion(2s));
}

TEST_CASE("routers: 1000 created and closed, worker.dump agrees at each step") {
  TestLoop loop;
  auto worker = SpawnRunning(loop);
  constexpr int kCount = 1000;
  std::vector<std::shared_ptr<weir::Router>> routers;
  int failures = 0;
  for (int i = 0; i < kCount; ++i) {
    worker->CreateRouter({"router-" + std::to_string(i)},
                         [&](absl::StatusOr<std::shared_ptr<weir::Router>> router) {
                           if (router.ok()) {
                             routers.push_back(*router);
                           } else {
                             ++failures;
                           }
                         });
  }
  REQUIRE(loop.RunUntil([&] { return routers.size() + failures == kCount; }));
  CHECK(failures == 0);
  CHECK(worker->routers().size() == kCount);
  CHECK(worker->router("router-7") == routers[7]);

  auto dump = Dump(loop, *worker);
  REQUIRE(dump.ok());
  std::set<std::string> ids((*dump)["routerIds"].begin(), (*dump)["routerIds"].end());
  CHECK(ids.size() == kCount);
  CHECK(ids.count("router-0") == 1);
  CHECK(ids.count("router-999") == 1);
  CHECK((*dump)["channel"]["requestsRejected"] == 0);

  auto routerDump = Await<nlohmann::json>(loop, [&](auto cb) { routers[3]->Dump(std::move(cb)); });
  REQUIRE(routerDump.ok());
  CHECK((*routerDump)["id"] == "router-3");
  CHECK((*routerDump)["transportIds"].empty());

  // A duplicate id is the worker's InvalidStateError.
  auto duplicate = Await<std::shared_ptr<weir::Router>>(
      loop, [&](auto cb) { worker->CreateRouter({"router-5"}, std::move(cb)); });
  REQUIRE_FALSE(duplicate.ok());
  CHECK(duplicate.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(weir::WorkerErrorKind(duplicate.status()) == "InvalidStateError");

  // Close the first half, one request each.
  int closed = 0, closeErrors = 0;
  for (int i = 0; i < kCount / 2; ++i) {
    routers[i]->Close([&](absl::Status status) { status.ok() ? ++closed : ++closeErrors; });
    CHECK(routers[i]->closed());
  }
  REQUIRE(loop.RunUntil([&] { return closed + closeErrors == kCount / 2; }));
  CHECK(closeErrors == 0);
  CHECK(worker->routers().size() == kCount / 2);
  dump = Dump(loop, *worker);
  REQUIRE(dump.ok());
  CHECK((*dump)["routerIds"].size() == kCount / 2);
  CHECK((*dump)["channel"]["requestsRejected"] == 1);

  // A closed router refuses requests at once, from the loop.
  auto refused = Await<nlohmann::json>(loop, [&](auto cb) { routers[0]->Dump(std::move(cb)); });
  CHECK(refused.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_FALSE(weir::WorkerErrorKind(refused.status()).has_value());

  for (int i = kCount / 2; i < kCount; ++i)
    routers[i]->Close();
  dump = Dump(loop, *worker);
  REQUIRE(dump.ok());
  CHECK((*dump)["routerIds"].empty());
  CHECK(worker->routers().empty());
  worker->Close();
  CHECK(loop.RunUntil([&] { return worker->exit().has_value(); }));
}

TEST_CASE("resource usage: typed and through the generic request") {
  TestLoop loop;
  auto worker = SpawnRunning(loop);
  auto usage =
      Await<weir::ResourceUsage>(loop, [&](auto cb) { worker->GetResourceUsage(std::move(cb)); });
  REQUIRE(usage.ok());
  CHECK(usage->ru_maxrss > 0);     // KiB of a running process
  CHECK(usage->ru_minflt > 0);     // it has touched memory
  CHECK(usage->ru_utime < 60000);  // and not run for a minute

  auto json = Await<nlohmann::json>(loop, [&](auto cb) {
    worker->Request("worker.getResourceUsage", "", nullptr, std::move(cb));
  });
  REQUIRE(json.ok());
  CHECK(json->size() == 16);
  CHECK((*json)["ru_maxrss"].get<uint64_t>() >= usage->ru_maxrss);
  worker->Close();
  CHECK(loop.RunUntil([&] { return worker->exit().has_value(); }));
}

TEST_CASE("worker.close: exit 0, every object sees the close, the loop ends") {
  TestLoop loop;
  auto worker = SpawnRunning(loop);
  std::vector<std::shared_ptr<weir::Router>> routers;
  for (int i = 0; i < 3; ++i) {
    worker->CreateRouter({}, [&](absl::StatusOr<std::shared_ptr<weir::Router>> router) {
      REQUIRE(router.ok());
      routers.push_back(*router);
    });
  }
  REQUIRE(loop.RunUntil([&] { return routers.size() == 3; }));
  CHECK(routers[0]->id().size() == 36);  // a generated UUID
  std::vector<weir::CloseReason> reasons;
  for (auto& router : routers) {
    router->OnClose([&](weir::CloseReason reason) { reasons.push_back(reason); });
  }
  std::optional<weir::CloseReason> workerReason;
  worker->OnClose([&](weir::CloseReason reason) { workerReason = reason; });
  bool died = false;
  worker->OnDied([&](const weir::WorkerExit&) { died = true; });
  std::optional<weir::WorkerExit> exit;
  worker->OnExit([&](const weir::WorkerExit& e) { exit = e; });
  std::optional<absl::Status> closeAnswer;
  worker->Close([&](absl::Status status) { closeAnswer = status; });

  CHECK(worker->closed());
  CHECK(reasons == std::vector<weir::CloseReason>(3, weir::CloseReason::kParentClosed));
  CHECK(workerReason == weir::CloseReason::kClosed);
  for (auto& router : routers)
    CHECK(router->closed());
  REQUIRE(loop.RunUntil([&] { return exit.has_value(); }));
  CHECK(closeAnswer.has_value());
  CHECK(closeAnswer->ok());
  CHECK(exit->exitCode == 0);
  CHECK(exit->signal == 0);
  CHECK(exit->expected);
  CHECK_FALSE(died);
  // Requests after the close fail at once.
  auto late = Dump(loop, *worker);
  CHECK(late.status().code() != absl::StatusCode::kOk);
  // Nothing is left on the loop: no handle, no timer, no zombie.
  CHECK(loop.RunToCompletion(2s));
  CHECK(ProcessGone(worker->pid()));
}

TEST_CASE("death: SIGKILL with requests in flight fails them, reports signal 9, hangs nothing") {
  TestLoop loop;
  auto worker = SpawnRunning(loop);
  std::shared_ptr<weir::Router> router;
  worker->CreateRouter({"doomed"}, [&](auto r) { router = *r; });
  REQUIRE(loop.RunUntil([&] { return router != nullptr; }));
  std::optional<weir::CloseReason> routerReason;
  router->OnClose([&](weir::CloseReason reason) { routerReason = reason; });
  std::optional<weir::WorkerExit> died;
  worker->OnDied([&](const weir::WorkerExit& exit) { died = exit; });

  // Stopped, the worker cannot answer: the requests are surely in flight when it is killed.
  REQUIRE(::kill(worker->pid(), SIGSTOP) == 0);
  std::vector<absl::Status> results;
  constexpr int kInFlight = 50;
  for (int i = 0; i < kInFlight; ++i) {
    worker->Dump([&](absl::StatusOr<nlohmann::json> r) { results.push_back(r.status()); });
  }
  router->Dump([&](absl::StatusOr<nlohmann::json> r) { results.push_back(r.status()); });
  REQUIRE(loop.RunUntil([] { return false; }, 50ms) == false);
  CHECK(results.empty());
  CHECK(worker->channelStats().pending == kInFlight + 1);
  REQUIRE(::kill(worker->pid(), SIGKILL) == 0);

  REQUIRE(loop.RunUntil([&] { return results.size() == kInFlight + 1 && died.has_value(); }, 5s));
  for (const absl::Status& status : results) {
    CHECK(status.code() == absl::StatusCode::kUnavailable);
    CHECK(std::string(status.message()) ==
          "worker " + std::to_string(worker->pid()) + " died: killed by signal 9 (Killed)");
  }
  CHECK(died->signal == SIGKILL);
  CHECK_FALSE(died->expected);
  CHECK(routerReason == weir::CloseReason::kWorkerDied);
  CHECK(worker->closed());

  // Later requests fail at once with the same reason.
  auto late = Dump(loop, *worker);
  CHECK(late.status().code() == absl::StatusCode::kUnavailable);
  auto lateRouter = Await<std::shared_ptr<weir::Router>>(
      loop, [&](auto cb) { worker->CreateRouter({}, std::move(cb)); });
  CHECK(lateRouter.status().code() == absl::StatusCode::kUnavailable);
  CHECK(loop.RunToCompletion(2s));
}

TEST_CASE("argument errors: the worker exits 2 and its message reaches the controller") {
  TestLoop loop;
  weir::WorkerSettings settings = Settings();
  settings.extraArgs = {"--no-such-option=1"};
  auto worker = weir::Worker::Spawn(loop.get(), settings);
  REQUIRE(worker.ok());
  std::vector<weir::LogEntry> logs;
  (*worker)->OnLog([&](const weir::LogEntry& entry) { logs.push_back(entry); });
  std::optional<weir::WorkerExit> died;
  (*worker)->OnDied([&](const weir::WorkerExit& exit) { died = exit; });
  std::optional<absl::Status> pending;
  (*worker)->Dump([&](absl::StatusOr<nlohmann::json> r) { pending = r.status(); });
  REQUIRE(loop.RunUntil([&] { return died.has_value() && pending.has_value(); }));
  CHECK(died->exitCode == 2);
  CHECK(died->signal == 0);
  CHECK(died->stderrTail == "(try --help)");
  REQUIRE_FALSE(logs.empty());
  CHECK(logs[0].tag == "stderr");
  CHECK(logs[0].text == "weir-worker: unknown option --no-such-option");
  CHECK(pending->code() == absl::StatusCode::kUnavailable);
  CHECK(std::string(pending->message()).find("exited with code 2") != std::string::npos);
}

TEST_CASE("argument errors: bad ports are rejected before the worker starts") {
  TestLoop loop;
  weir::WorkerSettings settings = Settings();
  settings.rtcMinPort = 5000;
  settings.rtcMaxPort = 4000;
  auto worker = weir::Worker::Spawn(loop.get(), settings);
  REQUIRE(worker.ok());
  (*worker)->OnLog([](const weir::LogEntry&) {});
  std::optional<weir::WorkerExit> died;
  (*worker)->OnDied([&](const weir::WorkerExit& exit) { died = exit; });
  REQUIRE(loop.RunUntil([&] { return died.has_value(); }));
  CHECK(died->exitCode == 2);
  CHECK_FALSE((*worker)->running());
}

TEST_CASE("timeouts: DeadlineExceeded, and a late response is counted, not delivered") {
  TestLoop loop;
  weir::WorkerSettings settings = Settings();
  settings.requestTimeout = 200ms;
  auto worker = SpawnRunning(loop, settings);
  std::vector<weir::LogEntry> logs;
  worker->OnLog([&](const weir::LogEntry& entry) { logs.push_back(entry); });
  REQUIRE(::kill(worker->pid(), SIGSTOP) == 0);
  auto start = std::chrono::steady_clock::now();
  auto timedOut = Dump(loop, *worker);
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(timedOut.status().code() == absl::StatusCode::kDeadlineExceeded);
  CHECK(elapsed >= 200ms);
  CHECK(elapsed < 2s);
  REQUIRE(::kill(worker->pid(), SIGCONT) == 0);
  auto next = Dump(loop, *worker);
  REQUIRE(next.ok());
  CHECK(worker->channelStats().unmatchedResponses == 1);
  CHECK(worker->channelStats().timeouts == 1);
  REQUIRE(logs.size() == 1);
  CHECK(logs[0].tag == "channel");
  CHECK(logs[0].text == "response to unknown request id 1");
  worker->Close();
  CHECK(loop.RunUntil([&] { return worker->exit().has_value(); }));
}

TEST_CASE("errors: local InvalidArgument versus the worker's error kinds") {
  TestLoop loop;
  auto worker = SpawnRunning(loop);
  auto request = [&](std::string_view method, std::string_view handlerId, nlohmann::json body) {
    return Await<nlohmann::json>(
        loop, [&](auto cb) { worker->Request(method, handlerId, body, std::move(cb)); });
  };
  auto unknown = request("worker.fly", "", nullptr);
  CHECK(unknown.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(unknown.status().message() == "unknown method 'worker.fly'");
  CHECK_FALSE(weir::WorkerErrorKind(unknown.status()).has_value());

  auto extraBody = request("worker.dump", "", {{"x", 1}});
  CHECK(extraBody.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(extraBody.status().message() == "method worker.dump takes no body");

  auto badField = request("worker.createRouter", "", {{"routerIdd", "x"}});
  CHECK(badField.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(badField.status().message()).find("unknown field: routerIdd") !=
        std::string::npos);

  auto notFound = request("router.dump", "no-such-router", nullptr);
  CHECK(notFound.status().code() == absl::StatusCode::kNotFound);
  CHECK(weir::WorkerErrorKind(notFound.status()) == "NotFoundError");

  auto closeUnknown = request("worker.closeRouter", "", {{"routerId", "nope"}});
  CHECK(closeUnknown.status().code() == absl::StatusCode::kNotFound);

  auto created = request("worker.createRouter", "", {{"routerId", "generic"}});
  REQUIRE(created.ok());
  // Without mediaCodecs the router still announces its header extensions.
  CHECK((*created)["rtpCapabilities"]["headerExtensions"].size() > 0);
  auto dumped = request("router.dump", "generic", nlohmann::json::object());
  REQUIRE(dumped.ok());
  CHECK((*dumped)["id"] == "generic");
  worker->Close();
  CHECK(loop.RunUntil([&] { return worker->exit().has_value(); }));
}

TEST_CASE("logs and settings: a debug line about a rejected request reaches OnLog") {
  TestLoop loop;
  auto worker = SpawnRunning(loop);
  std::vector<weir::LogEntry> logs;
  worker->OnLog([&](const weir::LogEntry& entry) { logs.push_back(entry); });
  absl::Status updated = AwaitStatus(loop, [&](weir::StatusCallback cb) {
    worker->UpdateSettings({weir::LogLevel::kDebug, {"message"}}, std::move(cb));
  });
  REQUIRE(updated.ok());
  auto dump = Dump(loop, *worker);
  REQUIRE(dump.ok());
  CHECK((*dump)["logLevel"] == "debug");
  CHECK((*dump)["logTags"] == nlohmann::json::array({"message"}));
  auto rejected = Await<nlohmann::json>(
      loop, [&](auto cb) { worker->Request("router.dump", "missing", nullptr, std::move(cb)); });
  CHECK_FALSE(rejected.ok());
  REQUIRE(loop.RunUntil([&] { return !logs.empty(); }, 2s));
  CHECK(logs.back().level == weir::LogLevel::kDebug);
  CHECK(logs.back().tag == "message");
  CHECK(logs.back().text.find("rejected") != std::string::npos);

  absl::Status badTag = AwaitStatus(loop, [&](weir::StatusCallback cb) {
    worker->UpdateSettings({weir::LogLevel::kWarn, {"no-such-tag"}}, std::move(cb));
  });
  CHECK(badTag.code() == absl::StatusCode::kInvalidArgument);
  worker->Close();
  CHECK(loop.RunUntil([&] { return worker->exit().has_value(); }));
}

TEST_CASE("destruction: dropping an open Worker closes it and reaps the process") {
  TestLoop loop;
  int pid = 0;
  std::optional<absl::Status> orphaned;
  {
    auto worker = SpawnRunning(loop);
    pid = worker->pid();
    // A request still pending when the last pointer goes fails rather than hangs.
    REQUIRE(::kill(pid, SIGSTOP) == 0);
    worker->Dump([&](absl::StatusOr<nlohmann::json> r) { orphaned = r.status(); });
    REQUIRE(::kill(pid, SIGCONT) == 0);
  }
  CHECK(orphaned.has_value());
  CHECK(orphaned->code() == absl::StatusCode::kCancelled);
  CHECK(loop.RunUntil([&] { return ProcessGone(pid); }, 5s));
  CHECK(loop.RunToCompletion(5s));
}
