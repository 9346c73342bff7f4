// Retransmission (RFC 6347 4.2.4). OpenSSL 3.0 times DTLS flights on its own clock, so these
// tests feed the session real time and really wait; the timeouts are kept to tens of
// milliseconds so the whole file runs in well under a second.

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "engine/dtls/dtls_session.hpp"
#include "unit/engine/dtls/dtls_test_pair.hpp"

using namespace weir;
using namespace std::chrono_literals;
using engine::DtlsOptions;
using engine::DtlsState;
using test::DtlsTestPair;

namespace {

base::Timestamp RealNow() {
  auto since = std::chrono::steady_clock::now().time_since_epoch();
  return base::FromMicros(std::chrono::duration_cast<std::chrono::microseconds>(since).count());
}

void SleepUntil(base::Timestamp deadline) {
  auto left = deadline - RealNow();
  if (left > base::Duration::zero()) std::this_thread::sleep_for(left);
}

DtlsOptions Fast(base::Duration initial, base::Duration max) {
  DtlsOptions options;
  options.initialRetransmitTimeout = initial;
  options.maxRetransmitTimeout = max;
  return options;
}

// Runs timers and delivery on real time until both sides are connected (or `rounds` timeouts).
void RunUntilConnected(DtlsTestPair& pair, const DtlsTestPair::Filter& drop, int rounds) {
  pair.now = RealNow();
  pair.Pump(drop);
  for (int i = 0; i < rounds; ++i) {
    if (pair.client->state() == DtlsState::kConnected &&
        pair.server->state() == DtlsState::kConnected) {
      return;
    }
    auto next = std::min(pair.client->NextTimeout(), pair.server->NextTimeout());
    REQUIRE(next != base::kNever);
    SleepUntil(next);
    pair.now = RealNow();
    pair.client->HandleTimeout(pair.now);
    pair.server->HandleTimeout(pair.now);
    pair.Pump(drop);
  }
}

}  // namespace

TEST_CASE("retransmission: a lost ClientHello is sent again when its timer expires") {
  DtlsTestPair pair(Fast(50ms, 400ms), Fast(50ms, 400ms));
  pair.ExchangeFingerprints();
  pair.now = RealNow();
  pair.Start();
  std::vector<uint8_t> lost;
  REQUIRE(pair.client->PollTransmit(&lost));  // Dropped on the floor.
  CHECK_FALSE(pair.client->PollTransmit(&lost));
  CHECK(pair.server->NextTimeout() == base::kNever);

  base::Timestamp deadline = pair.client->NextTimeout();
  CHECK(deadline > pair.now);
  CHECK(deadline <= pair.now + 50ms);
  // Before the deadline nothing happens.
  pair.client->HandleTimeout(pair.now);
  CHECK(pair.client->stats().retransmissions == 0);
  CHECK_FALSE(pair.client->PollTransmit(&lost));

  SleepUntil(deadline);
  pair.now = RealNow();
  pair.client->HandleTimeout(pair.now);
  CHECK(pair.client->stats().retransmissions == 1);
  // The timer doubled (100 ms now).
  CHECK(pair.client->NextTimeout() - pair.now > 60ms);
  std::vector<uint8_t> again;
  REQUIRE(pair.client->PollTransmit(&again));
  CHECK(again.size() == lost.size());
  CHECK(again[0] == 22);  // A handshake record, with a new record sequence number.
  CHECK(again != lost);
  pair.server->HandleDatagram(pair.now, again);
  pair.Pump();
  CHECK(pair.client->state() == DtlsState::kConnected);
  CHECK(pair.server->state() == DtlsState::kConnected);
  CHECK(pair.client->NextTimeout() == base::kNever);
}

TEST_CASE("retransmission: each flight lost once is recovered") {
  // Losing the n-th datagram ever sent by one side, for each n in the handshake.
  for (int side = 0; side < 2; ++side) {
    for (size_t lose = 0; lose < 4; ++lose) {
      CAPTURE(side);
      CAPTURE(lose);
      DtlsTestPair pair(Fast(30ms, 120ms), Fast(30ms, 120ms));
      pair.ExchangeFingerprints();
      pair.now = RealNow();
      pair.Start();
      size_t count = 0;
      bool dropped = false;
      auto drop = [&](bool fromClient, const std::vector<uint8_t>&) {
        if (fromClient != (side == 0)) return false;
        if (count++ != lose) return false;
        dropped = true;
        return true;
      };
      RunUntilConnected(pair, drop, 10);
      CHECK(pair.client->state() == DtlsState::kConnected);
      CHECK(pair.server->state() == DtlsState::kConnected);
      REQUIRE(pair.client->srtpKeys());
      REQUIRE(pair.server->srtpKeys());
      CHECK(pair.client->srtpKeys()->send == pair.server->srtpKeys()->receive);
      // Without loss each side sends two datagrams; what was lost had to be sent again (by a
      // timer, or by OpenSSL itself when the timer had expired by the time it read).
      if (dropped) CHECK((side == 0 ? pair.clientSent : pair.serverSent).size() >= 3);
    }
  }
}

TEST_CASE("retransmission: a peer that never answers fails the handshake") {
  DtlsTestPair pair(Fast(16ms, 16ms), Fast(16ms, 16ms));
  pair.now = RealNow();
  pair.client->Start(engine::DtlsRole::kClient, pair.now);
  std::vector<uint8_t> datagram;
  int rounds = 0;
  for (; rounds < 40 && pair.client->state() == DtlsState::kConnecting; ++rounds) {
    while (pair.client->PollTransmit(&datagram)) {
    }
    SleepUntil(pair.client->NextTimeout());
    pair.now = RealNow();
    pair.client->HandleTimeout(pair.now);
  }
  CHECK(pair.client->state() == DtlsState::kFailed);
  CHECK(pair.client->failureReason().find("timed out") != std::string::npos);
  CHECK(pair.client->stats().retransmissions >= 12);
  CHECK(pair.client->NextTimeout() == base::kNever);
}

TEST_CASE("timer: a `now` at the end of time saturates instead of overflowing") {
  DtlsTestPair pair;
  base::Timestamp late = base::kNever - base::Duration(1);
  pair.client->Start(engine::DtlsRole::kClient, late);
  CHECK(pair.client->NextTimeout() == base::kNever);
  pair.client->HandleTimeout(late);
  CHECK(pair.client->state() == DtlsState::kConnecting);
}

TEST_CASE("timer: a retransmission made inside a read does not swallow the next flight") {
  // The client's timer expires while the server's flight is on its way: OpenSSL resends the
  // ClientHello and then answers the flight, in one call. The two flights must leave in separate
  // datagrams, or the (OpenSSL) server drops the second behind the duplicate ClientHello.
  DtlsTestPair pair(Fast(30ms, 120ms), Fast(30ms, 120ms));
  pair.ExchangeFingerprints();
  pair.now = RealNow();
  pair.Start();
  std::vector<uint8_t> hello;
  REQUIRE(pair.client->PollTransmit(&hello));
  std::this_thread::sleep_for(45ms);
  pair.now = RealNow();
  pair.server->HandleDatagram(pair.now, hello);
  std::vector<uint8_t> datagram;
  while (pair.server->PollTransmit(&datagram))
    pair.client->HandleDatagram(pair.now, datagram);
  std::vector<std::vector<uint8_t>> answer;
  while (pair.client->PollTransmit(&datagram))
    answer.push_back(datagram);
  REQUIRE(answer.size() >= 2);
  CHECK(answer[0].size() == hello.size());  // The resent ClientHello, alone.
  SUBCASE("as sent") {
    for (const auto& d : answer)
      pair.server->HandleDatagram(pair.now, d);
  }
  SUBCASE("packed into one datagram by a peer: the receiver takes it record by record") {
    std::vector<uint8_t> packed;
    for (const auto& d : answer)
      packed.insert(packed.end(), d.begin(), d.end());
    pair.server->HandleDatagram(pair.now, packed);
  }
  pair.Pump();  // No timers from here on.
  CHECK(pair.client->state() == DtlsState::kConnected);
  CHECK(pair.server->state() == DtlsState::kConnected);
}
