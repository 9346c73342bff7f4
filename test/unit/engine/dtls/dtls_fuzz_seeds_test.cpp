// Seeds for fuzzers/dtls_record_fuzzer.cpp, captured from real handshakes between two sessions.
// The seeds are rebuilt on every run and checked to decode back into the captured datagrams;
// with WEIR_DTLS_SEED_DIR set they are also written there (fuzzers/corpus/dtls_record/):
//   WEIR_DTLS_SEED_DIR=fuzzers/corpus/dtls_record build/bin/unit_engine -tc='dtls_record seeds*'

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include "engine/dtls/dtls_record.hpp"
#include "unit/engine/dtls/dtls_test_pair.hpp"

using namespace weir;

namespace {

using Datagrams = std::vector<std::vector<uint8_t>>;

// The fuzzer's input: a control byte (mode and flags), then each datagram as a 2-byte length
// and its bytes.
std::vector<uint8_t> Encode(uint8_t control, const Datagrams& datagrams) {
  std::vector<uint8_t> input = {control};
  for (const auto& datagram : datagrams) {
    input.push_back(static_cast<uint8_t>(datagram.size() >> 8));
    input.push_back(static_cast<uint8_t>(datagram.size()));
    input.insert(input.end(), datagram.begin(), datagram.end());
  }
  return input;
}

Datagrams Decode(const std::vector<uint8_t>& input) {
  Datagrams datagrams;
  size_t offset = 1;
  while (offset + 2 <= input.size()) {
    size_t length = (size_t{input[offset]} << 8) | input[offset + 1];
    offset += 2;
    length = std::min(length, input.size() - offset);
    datagrams.emplace_back(input.begin() + static_cast<ptrdiff_t>(offset),
                           input.begin() + static_cast<ptrdiff_t>(offset + length));
    offset += length;
  }
  return datagrams;
}

Datagrams Slice(const Datagrams& all, size_t from, size_t count) {
  Datagrams out;
  for (size_t i = from; i < all.size() && i < from + count; ++i)
    out.push_back(all[i]);
  return out;
}

}  // namespace

TEST_CASE("dtls_record seeds: captured from a real handshake, data and close") {
  test::DtlsTestPair pair;
  pair.Connect();
  size_t handshakeFromClient = pair.clientSent.size();
  REQUIRE(handshakeFromClient >= 2);  // ClientHello, then Certificate..Finished.
  REQUIRE(pair.client->SendApplicationData(std::vector<uint8_t>(100, 0x42)));
  pair.Pump();
  pair.client->Close();
  pair.Pump();
  REQUIRE(pair.server->state() == engine::DtlsState::kClosed);
  const Datagrams& client = pair.clientSent;
  const Datagrams& server = pair.serverSent;
  const Datagrams clientHello = Slice(client, 0, 1);
  const Datagrams clientFlight = Slice(client, 1, handshakeFromClient - 1);

  // Modes: 0 fresh, 1 after ClientHello, 2 connected; flags as the fuzzer documents.
  const std::map<std::string, std::vector<uint8_t>> seeds = {
      {"fresh_client_hello", Encode(0x04, clientHello)},
      {"fresh_client_hello_twice_timeouts", Encode(0x0c, {client[0], client[0]})},
      {"fresh_whole_client_side", Encode(0x04, client)},
      {"fresh_server_flight_wrong_direction", Encode(0x00, server)},
      {"after_hello_client_flight", Encode(0x05, clientFlight)},
      {"after_hello_client_flight_late_fingerprint", Encode(0x01, clientFlight)},
      {"after_hello_client_flight_close", Encode(0x15, clientFlight)},
      {"connected_replayed_handshake", Encode(0x06, Slice(client, 0, handshakeFromClient))},
      {"connected_data_and_close_notify", Encode(0x26, Slice(client, handshakeFromClient, 2))},
  };
  for (const auto& seed : seeds) {
    CAPTURE(seed.first);
    auto decoded = Decode(seed.second);
    REQUIRE(!decoded.empty());
    for (const auto& datagram : decoded)
      CHECK(engine::IsWellFormedDtlsDatagram(datagram, engine::kMinAesGcmRecordBody));
  }
  CHECK(Decode(seeds.at("after_hello_client_flight")) == clientFlight);

  if (const char* dir = std::getenv("WEIR_DTLS_SEED_DIR")) {
    for (const auto& [name, input] : seeds) {
      std::ofstream file(std::string(dir) + "/" + name, std::ios::binary);
      file.write(reinterpret_cast<const char*>(input.data()),
                 static_cast<std::streamsize>(input.size()));
      REQUIRE(file.good());
    }
  }
}
