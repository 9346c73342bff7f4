#pragma once

// The cast of the RTP observer scenario tests: audio (and video) producers on comedia
// PlainTransports of one router, on the fake network, fed RTP with the ssrc-audio-level
// extension (RFC 6464) at scripted levels by Room::Play; the observers' events are read back as
// strings with Room::Events ("volumes pb:-20 pa:-50", "silence", "dominant alice").

#include <doctest/doctest.h>

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proto/rtp/extensions/audio_level.hpp"
#include "proto/rtp/extensions/extension_uris.hpp"
#include "proto/rtp/rtp_packet_builder.hpp"
#include "sfu/errors.hpp"
#include "sfu/ortc/producer_mapping.hpp"
#include "sfu/worker.hpp"
#include "support/fake_environment.hpp"

namespace weir::test::observers {

namespace ext = weir::proto::rtp::extensions;
using namespace std::chrono_literals;

inline constexpr uint8_t kOpusPt = 111;
inline constexpr uint8_t kSilent = 127;

inline sfu::RtpCodecCapability Codec(sfu::MediaKind kind, const char* mime, uint32_t rate,
                                     std::optional<uint8_t> channels = std::nullopt) {
  sfu::RtpCodecCapability c;
  c.kind = kind;
  c.mimeType = mime;
  c.clockRate = rate;
  c.channels = channels;
  return c;
}

// One remote sender: a comedia sfu::PlainTransport and the peer socket that sends to it.
struct Sender {
  sfu::PlainTransport* transport = nullptr;
  std::unique_ptr<FakeNetwork::Peer> peer;
  base::SocketAddress to;
  std::map<uint32_t, uint16_t> seq;          // Next sequence number by SSRC.
  std::map<uint32_t, uint8_t> audioLevelId;  // The producer's own id for the extension, by SSRC.
};

struct Room {
  Room() {
    router = &worker.CreateRouter("r1", {Codec(sfu::MediaKind::kAudio, "audio/opus", 48000, 2),
                                         Codec(sfu::MediaKind::kVideo, "video/VP8", 90000)});
  }

  Sender& AddSender(const std::string& transportId) {
    sfu::PlainTransportOptions options;
    options.listenInfo.ip = "127.0.0.1";
    options.comedia = true;
    auto sender = std::make_unique<Sender>();
    sender->transport = &router->CreatePlainTransport(transportId, options);
    sender->peer = fakeEnv.network.CreatePeer("127.0.0.2", nextPeerPort++);
    const auto& tuple = sender->transport->tuple();
    sender->to = *base::SocketAddress::Parse(tuple.localAddress, tuple.localPort);
    senders.push_back(std::move(sender));
    return *senders.back();
  }

  // An Opus producer; `audioLevelId` 0 leaves the extension out of its parameters.
  sfu::Producer& ProduceAudio(Sender& sender, const std::string& id, uint32_t ssrc,
                              uint8_t audioLevelId = 1) {
    sfu::RtpParameters params;
    params.codecs.push_back({"audio/opus", kOpusPt, 48000, 2, {}, {}});
    if (audioLevelId != 0) {
      params.headerExtensions.push_back(
          {std::string(ext::kAudioLevelUri), audioLevelId, false, {}});
    }
    sfu::RtpEncodingParameters encoding;
    encoding.ssrc = ssrc;
    params.encodings.push_back(encoding);
    params.rtcp.cname = id;
    sender.seq[ssrc] = 1000;
    sender.audioLevelId[ssrc] = audioLevelId;
    return Produce(sender, id, sfu::MediaKind::kAudio, params);
  }

  sfu::Producer& ProduceVideo(Sender& sender, const std::string& id, uint32_t ssrc) {
    sfu::RtpParameters params;
    params.codecs.push_back({"video/VP8", 96, 90000, std::nullopt, {}, {}});
    sfu::RtpEncodingParameters encoding;
    encoding.ssrc = ssrc;
    params.encodings.push_back(encoding);
    params.rtcp.cname = id;
    return Produce(sender, id, sfu::MediaKind::kVideo, params);
  }

  sfu::Producer& Produce(Sender& sender, const std::string& id, sfu::MediaKind kind,
                         const sfu::RtpParameters& params) {
    sfu::ProducerOptions options;
    options.id = id;
    options.kind = kind;
    options.rtpParameters = params;
    options.rtpMapping = sfu::ortc::GetProducerRtpMapping(params, router->rtpCapabilities(),
                                                          [&] { return router->NewSsrc(); });
    options.consumableRtpParameters = sfu::ortc::GetConsumableRtpParameters(
        kind, params, router->rtpCapabilities(), options.rtpMapping);
    return sender.transport->Produce(std::move(options));
  }

  // One 20 ms Opus packet of `ssrc`; no level: sent without the extension.
  void Send(Sender& sender, uint32_t ssrc, std::optional<uint8_t> level) {
    std::array<uint8_t, 1> value{};
    std::array<uint8_t, 40> payload{};  // Dummy Opus bytes.
    proto::rtp::RtpPacketBuilder builder;
    uint16_t seq = sender.seq[ssrc]++;
    builder.SetPayloadType(kOpusPt).SetSequenceNumber(seq).SetTimestamp(seq * 960u).SetSsrc(ssrc);
    if (level && sender.audioLevelId[ssrc] != 0) {
      value = ext::AudioLevel{true, *level}.Serialize();
      builder.AddExtension(sender.audioLevelId[ssrc], value);
    }
    builder.SetPayload(payload);
    std::array<uint8_t, 1500> buffer{};
    size_t n = builder.Serialize(buffer);
    REQUIRE(n > 0);
    sender.peer->socket->Send(base::ByteView(buffer.data(), n), sender.to);
  }

  // `duration` of 20 ms packets from each (sender, ssrc) at its level (nullopt: no extension),
  // moving the clock (observers' timers fire on the way).
  struct Source {
    Sender* sender;
    uint32_t ssrc;
    std::optional<uint8_t> level;
  };
  void Play(base::Duration duration, const std::vector<Source>& sources) {
    for (base::Duration t{}; t < duration; t += 20ms) {
      for (const auto& s : sources)
        Send(*s.sender, s.ssrc, s.level);
      fakeEnv.network.Advance(20ms);
    }
  }

  std::vector<std::string> Events(const std::string& handlerId) const {
    std::vector<std::string> out;
    for (const auto& e : fakeEnv.notifier.entries) {
      if (e.handlerId != handlerId) continue;
      if (auto* v = std::get_if<sfu::event::RtpObserverVolumes>(&e.event)) {
        std::string s = "volumes";
        for (const auto& entry : v->volumes)
          s += " " + entry.producerId + ":" + std::to_string(entry.volume);
        out.push_back(s);
      } else if (std::holds_alternative<sfu::event::RtpObserverSilence>(e.event)) {
        out.push_back("silence");
      } else if (auto* d = std::get_if<sfu::event::RtpObserverDominantSpeaker>(&e.event)) {
        out.push_back("dominant " + d->producerId);
      }
    }
    return out;
  }

  FakeEnvironment fakeEnv;
  sfu::Worker worker{sfu::WorkerSettings{}, fakeEnv.env};
  sfu::Router* router = nullptr;
  std::vector<std::unique_ptr<Sender>> senders;
  uint16_t nextPeerPort = 5000;
};

using Strings = std::vector<std::string>;

inline sfu::AudioLevelObserverOptions LevelOptions(uint16_t maxEntries, int8_t threshold,
                                                   base::Duration interval = 1000ms) {
  sfu::AudioLevelObserverOptions o;
  o.maxEntries = maxEntries;
  o.threshold = threshold;
  o.interval = interval;
  return o;
}

template <typename F>
inline sfu::ErrorKind KindOf(F&& f) {
  try {
    f();
  } catch (const sfu::Error& e) {
    return e.kind();
  }
  FAIL("no error");
  return sfu::ErrorKind::kError;
}
}  // namespace weir::test::observers
