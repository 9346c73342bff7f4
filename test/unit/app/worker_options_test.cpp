#include "app/worker_options.hpp"

#include <doctest/doctest.h>

using weir::app::ParseWorkerOptions;

TEST_CASE("defaults") {
  auto r = ParseWorkerOptions({});
  CHECK(r.error.empty());
  CHECK(r.options.channelFd == 3);
  CHECK(r.options.logLevel == weir::base::LogLevel::kError);
}

TEST_CASE("every option, both spellings") {
  auto r =
      ParseWorkerOptions({"--channel-fd=5", "--log-level", "debug", "--log-tags=ice,dtls",
                          "--rtc-min-port", "20000", "--rtc-max-port=20100",
                          "--dtls-certificate-file", "c.pem", "--dtls-private-key-file=k.pem"});
  REQUIRE(r.error.empty());
  CHECK(r.options.channelFd == 5);
  CHECK(r.options.logLevel == weir::base::LogLevel::kDebug);
  CHECK(r.options.logTags == (weir::base::Logger::TagBit(weir::base::LogTag::kIce) |
                              weir::base::Logger::TagBit(weir::base::LogTag::kDtls)));
  CHECK(r.options.rtcMinPort == 20000);
  CHECK(r.options.rtcMaxPort == 20100);
  CHECK(r.options.dtlsCertificateFile == "c.pem");
  CHECK(r.options.dtlsPrivateKeyFile == "k.pem");
}

TEST_CASE("bad arguments give a clear error") {
  CHECK(ParseWorkerOptions({"--log-level=loud"}).error.find("loud") != std::string::npos);
  CHECK(ParseWorkerOptions({"--log-tags=ice,nope"}).error.find("nope") != std::string::npos);
  CHECK(ParseWorkerOptions({"--rtc-min-port=0"}).error.find("rtc-min-port") != std::string::npos);
  CHECK(ParseWorkerOptions({"--rtc-max-port=70000"}).error.find("rtc-max-port") !=
        std::string::npos);
  CHECK(
      ParseWorkerOptions({"--rtc-min-port=30000", "--rtc-max-port=20000"}).error.find("greater") !=
      std::string::npos);
  CHECK(ParseWorkerOptions({"--frobnicate=1"}).error.find("frobnicate") != std::string::npos);
  CHECK(ParseWorkerOptions({"--channel-fd"}).error.find("needs a value") != std::string::npos);
  CHECK(ParseWorkerOptions({"stray"}).error.find("stray") != std::string::npos);
  CHECK(ParseWorkerOptions({"--dtls-certificate-file=c.pem"}).error.find("together") !=
        std::string::npos);
}

TEST_CASE("--version and --help") {
  CHECK(ParseWorkerOptions({"--version"}).options.showVersion);
  CHECK(ParseWorkerOptions({"--help"}).options.showHelp);
}
