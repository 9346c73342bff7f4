#include <doctest/doctest.h>
#include "support/fake_environment.hpp"

#include "sfu/errors.hpp"
#include "sfu/worker.hpp"

using namespace weir::sfu;
namespace test = weir::test;

namespace {

RtpCodecCapability Vp8() {
  RtpCodecCapability c;
  c.kind = MediaKind::kVideo;
  c.mimeType = "video/VP8";
  c.clockRate = 90000;
  return c;
}

}  // namespace

TEST_CASE("a router keeps the capabilities computed from its media codecs") {
  test::FakeEnvironment fakeEnv;
  Worker worker{WorkerSettings{}, fakeEnv.env};
  Router& router = worker.CreateRouter("r1", {Vp8()});
  REQUIRE(router.rtpCapabilities().codecs.size() == 2);
  CHECK(router.rtpCapabilities().codecs[0].preferredPayloadType == 100);
  CHECK_FALSE(router.rtpCapabilities().headerExtensions.empty());
  CHECK(worker.CreateRouter("r2").rtpCapabilities().codecs.empty());
}

TEST_CASE("a router with invalid media codecs is not created") {
  test::FakeEnvironment fakeEnv;
  Worker worker{WorkerSettings{}, fakeEnv.env};
  auto bad = Vp8();
  bad.mimeType = "video/H263";
  try {
    worker.CreateRouter("r1", {Vp8(), bad});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kTypeError);
    CHECK(std::string(e.what()) == "mediaCodecs[1]: unsupported codec video/H263");
  }
  CHECK(worker.router_count() == 0);
  CHECK_NOTHROW(worker.CreateRouter("r1", {Vp8()}));
}
