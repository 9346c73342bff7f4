#include "options.hpp"

#include "doctest/doctest.h"

namespace weir::room {

TEST_CASE("defaults and every option") {
  auto defaults = ParseOptions({});
  REQUIRE(defaults.ok());
  CHECK(defaults->listenHost == "127.0.0.1");
  CHECK(defaults->listenPort == 8080);
  CHECK(defaults->workers == 0u);
  auto all = ParseOptions({"--listen",           "0.0.0.0:9000",
                           "--workers",          "2",
                           "--announced-ip",     "203.0.113.7",
                           "--rtc-min-port",     "40000",
                           "--rtc-max-port",     "40100",
                           "--web-root",         "/srv/web",
                           "--tls-cert",         "c.pem",
                           "--tls-key",          "k.pem",
                           "--secret-file",      "s",
                           "--worker-log-level", "debug"});
  REQUIRE(all.ok());
  CHECK(all->listenHost == "0.0.0.0");
  CHECK(all->listenPort == 9000);
  CHECK(all->workers == 2u);
  CHECK(all->announcedIp == "203.0.113.7");
  CHECK(all->rtcMinPort == 40000);
  CHECK(all->rtcMaxPort == 40100);
  CHECK(all->webRoot == "/srv/web");
  CHECK(all->tlsKeyFile == "k.pem");
  CHECK(all->secretFile == "s");
  auto token = ParseOptions({"--make-token", "room", "alice", "3600"});
  REQUIRE(token.ok());
  REQUIRE(token->makeToken.has_value());
  CHECK(token->makeToken->peerId == "alice");
  CHECK(token->makeToken->ttlSeconds == 3600);
}

TEST_CASE("bad options are refused with a reason") {
  const std::vector<std::vector<std::string>> bad = {
      {"--listen"},
      {"--listen", "8080"},
      {"--listen", "host:port"},
      {"--listen", "host:70000"},
      {"--workers", "0"},
      {"--workers", "x"},
      {"--tls-cert", "c.pem"},
      {"--rtc-min-port", "5000"},
      {"--rtc-min-port", "5000", "--rtc-max-port", "4000"},
      {"--make-token", "room", "alice"},
      {"--make-token", "ro/om", "alice", "10"},
      {"--make-token", "room", "alice", "-1"},
      {"--worker-log-level", "loud"},
      {"--frobnicate"},
  };
  for (const auto& args : bad) {
    CAPTURE(args.front());
    auto parsed = ParseOptions(args);
    CHECK_FALSE(parsed.ok());
    CHECK_FALSE(parsed.status().message().empty());
  }
}

}  // namespace weir::room
