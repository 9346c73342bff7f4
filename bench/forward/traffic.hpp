#pragma once

// The forward bench's traffic: a paced RTP sender (one VP8-like stream of fixed-size packets,
// optionally SRTP-protected with libsrtp) and a set of receivers (one UDP socket per consumer,
// read with recvmmsg on one thread that polls them every millisecond) that count what arrives,
// measure latency from a send time carried in the payload, and check continuity on the first
// receiver.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace weir::bench {

// Where the bench's own fields sit in each packet (after the 12-byte RTP header, a 1-byte VP8
// payload descriptor and a 10-byte VP8 frame header): magic, sequence, send time.
constexpr size_t kBenchFieldsOffset = 24;
constexpr size_t kBenchFieldsEnd = kBenchFieldsOffset + 20;
constexpr uint32_t kBenchMagic = 0x57454952;  // "WEIR"
constexpr size_t kSrtpKeySize = 30;           // AES_CM_128_HMAC_SHA1_80: 16-byte key, 14 salt.

// Realtime clock in nanoseconds (what SO_TIMESTAMPNS stamps arrivals with).
int64_t RealtimeNs();

class Sender {
 public:
  struct Options {
    size_t packetSize = 1200;   // RTP packet size before SRTP.
    int tickUs = 1000;          // Pacing: packets due are sent every tick, in one sendmmsg.
    int packetsPerFrame = 4;    // Packets of one video frame (the marker on the last).
    int keyFrameInterval = 60;  // Frames between keyframes.
  };
  explicit Sender(Options options);
  ~Sender();

  uint16_t port() const { return port_; }
  // Where packets go, and the SRTP key (30 bytes of AES_CM_128 key+salt) to protect them with.
  void Configure(uint16_t destPort, std::optional<std::vector<uint8_t>> srtpKey);
  // Sends `count` packets at `rate` per second on a thread; Wait() joins it.
  void Start(double rate, uint64_t count);
  void Wait();
  bool busy() const { return busy_.load(); }
  // The most packets sent back to back in the last Start() (a sender that fell behind).
  uint64_t maxBurst() const { return maxBurst_.load(); }
  uint64_t sendErrors() const { return sendErrors_.load(); }

 private:
  void Run(double rate, uint64_t count);
  void Build(uint8_t* data, uint64_t index, int64_t nowNs);

  Options options_;
  int fd_ = -1;
  uint16_t port_ = 0;
  uint16_t destPort_ = 0;
  void* srtp_ = nullptr;
  std::thread thread_;
  uint64_t next_ = 0;  // Packet index within this sender's stream (RTP seq, frames).
  std::atomic<uint64_t> sendErrors_{0};
  std::atomic<bool> busy_{false};
  std::atomic<uint64_t> maxBurst_{0};
};

// Latency histogram, 1 us buckets up to 20 ms and one overflow bucket.
struct Histogram {
  static constexpr size_t kBuckets = 20001;
  std::vector<uint64_t> counts = std::vector<uint64_t>(kBuckets);
  uint64_t total() const;
  // The value (us) under which `fraction` of the samples lie; -1 when empty.
  double Percentile(double fraction) const;
  Histogram operator-(const Histogram& earlier) const;
};

class Receivers {
 public:
  // With `decryptFirst`, receiver 0 unprotects (SRTP) before reading the bench fields; the
  // others only count (their payloads are encrypted).
  Receivers(size_t count, bool decryptFirst);
  ~Receivers();

  const std::vector<uint16_t>& ports() const { return ports_; }
  size_t count() const { return ports_.size(); }
  // Receiver 0's SRTP key (the consumer transport's local key); before traffic flows.
  void SetFirstKey(const std::vector<uint8_t>& keyAndSalt);
  // Starts a new continuity check on receiver 0 (its next packet sets the expected sequence).
  void ResetContinuity() { resetContinuity_.store(true); }

  struct Snapshot {
    std::vector<uint64_t> packets;  // RTP packets per receiver.
    Histogram latency;              // Arrival (kernel timestamp) minus send time.
    uint64_t gaps = 0;              // Receiver 0: sequence numbers skipped...
    uint64_t reordered = 0;         // ... and arrived out of order or twice.
    uint64_t decryptFailures = 0;
    uint64_t rtcp = 0;
    uint64_t Total() const;
    uint64_t Min() const;
    Snapshot operator-(const Snapshot& earlier) const;
  };
  Snapshot Take() const;

 private:
  void Run();
  void Drain(size_t index);
  void Account(size_t index, uint8_t* data, size_t length, int64_t arrivalNs);

  std::vector<int> fds_;
  std::vector<uint16_t> ports_;
  bool decryptFirst_;
  void* srtp_ = nullptr;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::unique_ptr<std::atomic<uint64_t>[]> packets_;
  std::unique_ptr<std::atomic<uint64_t>[]> latency_;
  std::atomic<uint64_t> gaps_{0}, reordered_{0}, decryptFailures_{0}, rtcp_{0};
  std::atomic<bool> resetContinuity_{true};
  std::optional<uint64_t> lastSeq_;  // Receiver thread only.
};

}  // namespace weir::bench
