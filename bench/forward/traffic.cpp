#include "traffic.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <srtp2/srtp.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace weir::bench {

namespace {

constexpr size_t kSendBatch = 32;
constexpr size_t kSlotSize = 1500 + SRTP_MAX_TRAILER_LEN;
constexpr int kBufferSize = 8 * 1024 * 1024;
constexpr size_t kRecvBatch = 64;
constexpr size_t kPeekSize = 64;  // Enough for the bench fields; the rest is not copied.

void StoreBe16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
void StoreBe32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    p[i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}
void StoreBe64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    p[i] = static_cast<uint8_t>(v >> (56 - 8 * i));
}
uint32_t LoadBe32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}
uint64_t LoadBe64(const uint8_t* p) {
  return uint64_t{LoadBe32(p)} << 32 | LoadBe32(p + 4);
}

void InitSrtp() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (srtp_init() != srtp_err_status_ok) {
      std::fprintf(stderr, "bench_forward: srtp_init failed\n");
      std::exit(1);
    }
  });
}

void* CreateSrtp(const std::vector<uint8_t>& keyAndSalt, bool outbound) {
  InitSrtp();
  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof(policy));
  srtp_crypto_policy_set_rtp_default(&policy.rtp);  // AES_CM_128_HMAC_SHA1_80.
  srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
  policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
  policy.key = const_cast<uint8_t*>(keyAndSalt.data());
  policy.window_size = 1024;
  srtp_t session = nullptr;
  if (keyAndSalt.size() != kSrtpKeySize || srtp_create(&session, &policy) != srtp_err_status_ok) {
    std::fprintf(stderr, "bench_forward: srtp_create failed\n");
    std::exit(1);
  }
  return session;
}

int OpenUdp(uint16_t* port) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    std::perror("bench_forward: socket");
    std::exit(1);
  }
  int size = kBufferSize;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) != 0)
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0) {
    std::perror("bench_forward: bind");
    std::exit(1);
  }
  socklen_t len = sizeof(local);
  getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len);
  *port = ntohs(local.sin_port);
  return fd;
}

int64_t MonotonicNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

int64_t RealtimeNs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// --- Sender ---

Sender::Sender(Options options) : options_(options) {
  fd_ = OpenUdp(&port_);
}

Sender::~Sender() {
  Wait();
  if (srtp_ != nullptr) srtp_dealloc(static_cast<srtp_t>(srtp_));
  close(fd_);
}

void Sender::Configure(uint16_t destPort, std::optional<std::vector<uint8_t>> srtpKey) {
  destPort_ = destPort;
  if (srtp_ != nullptr) srtp_dealloc(static_cast<srtp_t>(srtp_));
  srtp_ = srtpKey ? CreateSrtp(*srtpKey, true) : nullptr;
}

void Sender::Start(double rate, uint64_t count) {
  Wait();
  busy_.store(true);
  maxBurst_.store(0);
  thread_ = std::thread([this, rate, count] {
    Run(rate, count);
    busy_.store(false);
  });
}

void Sender::Wait() {
  if (thread_.joinable()) thread_.join();
}

void Sender::Build(uint8_t* p, uint64_t index, int64_t nowNs) {
  const uint64_t frame = index / static_cast<uint64_t>(options_.packetsPerFrame);
  const bool first = index % static_cast<uint64_t>(options_.packetsPerFrame) == 0;
  const bool last = (index + 1) % static_cast<uint64_t>(options_.packetsPerFrame) == 0;
  const bool key = first && frame % static_cast<uint64_t>(options_.keyFrameInterval) == 0;
  std::memset(p, 0, kBenchFieldsEnd);
  p[0] = 0x80;                                          // RTP version 2.
  p[1] = static_cast<uint8_t>((last ? 0x80 : 0) | 96);  // Marker, PT 96 (VP8).
  StoreBe16(p + 2, static_cast<uint16_t>(index));
  StoreBe32(p + 4, static_cast<uint32_t>(frame * 3000));  // 30 fps at 90 kHz.
  StoreBe32(p + 8, 0x11111111);                           // SSRC.
  // RFC 7741 4.2: S set on a frame's first packet, partition 0; its VP8 header (RFC 6386 9.1)
  // has P = 0 for a keyframe, then the start code and the dimensions.
  p[12] = first ? 0x10 : 0x00;
  if (first) {
    p[13] = key ? 0x10 : 0x11;
    if (key) {
      p[16] = 0x9d;
      p[17] = 0x01;
      p[18] = 0x2a;
      p[19] = 0x80;  // 640 x 480.
      p[20] = 0x02;
      p[21] = 0xe0;
      p[22] = 0x01;
    }
  }
  StoreBe32(p + kBenchFieldsOffset, kBenchMagic);
  StoreBe64(p + kBenchFieldsOffset + 4, index);
  StoreBe64(p + kBenchFieldsOffset + 12, static_cast<uint64_t>(nowNs));
}

void Sender::Run(double rate, uint64_t count) {
  static thread_local uint8_t slots[kSendBatch][kSlotSize];
  for (auto& slot : slots)  // The filler after the bench fields.
    std::memset(slot + kBenchFieldsEnd, 0xa5, kSlotSize - kBenchFieldsEnd);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  to.sin_port = htons(destPort_);
  iovec iovs[kSendBatch];
  mmsghdr messages[kSendBatch];
  const int64_t start = MonotonicNs();
  const int64_t tick = int64_t{options_.tickUs} * 1000;
  uint64_t sent = 0;
  for (int64_t k = 1; sent < count; ++k) {
    // Everything due by now (the first packet at once), in batches.
    double elapsed = static_cast<double>(MonotonicNs() - start) * 1e-9;
    uint64_t due = std::min<uint64_t>(count, static_cast<uint64_t>(rate * elapsed) + 1);
    if (due > sent && due - sent > maxBurst_.load()) maxBurst_.store(due - sent);
    while (sent < due) {
      size_t n = std::min<uint64_t>(kSendBatch, due - sent);
      int64_t now = RealtimeNs();
      for (size_t i = 0; i < n; ++i) {
        Build(slots[i], next_++, now);
        int length = static_cast<int>(options_.packetSize);
        if (srtp_ != nullptr) srtp_protect(static_cast<srtp_t>(srtp_), slots[i], &length);
        iovs[i] = {slots[i], static_cast<size_t>(length)};
        messages[i] = {};
        messages[i].msg_hdr.msg_name = &to;
        messages[i].msg_hdr.msg_namelen = sizeof(to);
        messages[i].msg_hdr.msg_iov = &iovs[i];
        messages[i].msg_hdr.msg_iovlen = 1;
      }
      size_t done = 0;
      while (done < n) {
        int r = sendmmsg(fd_, messages + done, static_cast<unsigned>(n - done), 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
          ++sendErrors_;
          ++done;
          continue;
        }
        done += static_cast<size_t>(r);
      }
      sent += n;
    }
    if (sent >= count) break;
    int64_t wake = start + k * tick;
    timespec ts{static_cast<time_t>(wake / 1'000'000'000), static_cast<long>(wake % 1'000'000'000)};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr);
  }
}

// --- Histogram ---

uint64_t Histogram::total() const {
  uint64_t sum = 0;
  for (uint64_t c : counts)
    sum += c;
  return sum;
}

double Histogram::Percentile(double fraction) const {
  uint64_t all = total();
  if (all == 0) return -1;
  auto target = static_cast<uint64_t>(std::ceil(fraction * static_cast<double>(all)));
  uint64_t seen = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    seen += counts[i];
    if (seen >= target) return static_cast<double>(i);
  }
  return static_cast<double>(counts.size() - 1);
}

Histogram Histogram::operator-(const Histogram& earlier) const {
  Histogram out;
  for (size_t i = 0; i < kBuckets; ++i)
    out.counts[i] = counts[i] - earlier.counts[i];
  return out;
}

// --- Receivers ---

uint64_t Receivers::Snapshot::Total() const {
  uint64_t sum = 0;
  for (uint64_t p : packets)
    sum += p;
  return sum;
}

uint64_t Receivers::Snapshot::Min() const {
  uint64_t min = packets.empty() ? 0 : packets[0];
  for (uint64_t p : packets)
    min = std::min(min, p);
  return min;
}

Receivers::Snapshot Receivers::Snapshot::operator-(const Snapshot& earlier) const {
  Snapshot out;
  for (size_t i = 0; i < packets.size(); ++i)
    out.packets.push_back(packets[i] - earlier.packets[i]);
  out.latency = latency - earlier.latency;
  out.gaps = gaps - earlier.gaps;
  out.reordered = reordered - earlier.reordered;
  out.decryptFailures = decryptFailures - earlier.decryptFailures;
  out.rtcp = rtcp - earlier.rtcp;
  return out;
}

Receivers::Receivers(size_t count, bool decryptFirst)
    : decryptFirst_(decryptFirst),
      packets_(std::make_unique<std::atomic<uint64_t>[]>(count)),
      latency_(std::make_unique<std::atomic<uint64_t>[]>(Histogram::kBuckets)) {
  for (size_t i = 0; i < count; ++i) {
    uint16_t port = 0;
    int fd = OpenUdp(&port);
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on));
    fds_.push_back(fd);
    ports_.push_back(port);
  }
  thread_ = std::thread([this] { Run(); });
}

Receivers::~Receivers() {
  stop_.store(true);
  thread_.join();
  for (int fd : fds_)
    close(fd);
  if (srtp_ != nullptr) srtp_dealloc(static_cast<srtp_t>(srtp_));
}

void Receivers::SetFirstKey(const std::vector<uint8_t>& keyAndSalt) {
  // Only while no traffic flows to receiver 0 (the thread reads srtp_ when it does).
  if (srtp_ != nullptr) srtp_dealloc(static_cast<srtp_t>(srtp_));
  srtp_ = CreateSrtp(keyAndSalt, false);
}

Receivers::Snapshot Receivers::Take() const {
  Snapshot s;
  for (size_t i = 0; i < fds_.size(); ++i)
    s.packets.push_back(packets_[i].load(std::memory_order_relaxed));
  for (size_t i = 0; i < Histogram::kBuckets; ++i)
    s.latency.counts[i] = latency_[i].load(std::memory_order_relaxed);
  s.gaps = gaps_.load();
  s.reordered = reordered_.load();
  s.decryptFailures = decryptFailures_.load();
  s.rtcp = rtcp_.load();
  return s;
}

void Receivers::Run() {
  // Polled on a timer rather than woken by epoll: a sleeping reader makes every send into its
  // socket a cross-CPU wake-up (an IPI, a VM exit here), charged to the forwarder's CPU time by
  // the loopback path; that is the bench's cost, not the forwarder's, and it would dominate the
  // figures. Arrival times come from the kernel (SO_TIMESTAMPNS), so polling does not change
  // the latency measured.
  constexpr int64_t kTickNs = 1'000'000;
  timespec next;
  clock_gettime(CLOCK_MONOTONIC, &next);
  while (!stop_.load(std::memory_order_relaxed)) {
    for (size_t i = 0; i < fds_.size(); ++i)
      Drain(i);
    next.tv_nsec += kTickNs;
    if (next.tv_nsec >= 1'000'000'000) {
      next.tv_nsec -= 1'000'000'000;
      ++next.tv_sec;
    }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr);
  }
}

void Receivers::Drain(size_t index) {
  static thread_local uint8_t data[kRecvBatch][kSlotSize];
  static thread_local uint8_t control[kRecvBatch][CMSG_SPACE(sizeof(timespec))];
  iovec iovs[kRecvBatch];
  mmsghdr messages[kRecvBatch];
  const bool full = index == 0 && decryptFirst_;
  for (;;) {
    for (size_t i = 0; i < kRecvBatch; ++i) {
      iovs[i] = {data[i], full ? kSlotSize : kPeekSize};
      messages[i] = {};
      messages[i].msg_hdr.msg_iov = &iovs[i];
      messages[i].msg_hdr.msg_iovlen = 1;
      messages[i].msg_hdr.msg_control = control[i];
      messages[i].msg_hdr.msg_controllen = sizeof(control[i]);
    }
    int n = recvmmsg(fds_[index], messages, kRecvBatch, MSG_DONTWAIT | MSG_TRUNC, nullptr);
    if (n <= 0) return;
    int64_t fallbackNs = 0;
    for (int i = 0; i < n; ++i) {
      int64_t arrival = 0;
      for (cmsghdr* c = CMSG_FIRSTHDR(&messages[i].msg_hdr); c != nullptr;
           c = CMSG_NXTHDR(&messages[i].msg_hdr, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
          timespec ts;
          std::memcpy(&ts, CMSG_DATA(c), sizeof(ts));
          arrival = int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
        }
      }
      if (arrival == 0) arrival = fallbackNs != 0 ? fallbackNs : (fallbackNs = RealtimeNs());
      Account(index, data[i], messages[i].msg_len, arrival);
    }
    if (static_cast<size_t>(n) < kRecvBatch) return;
  }
}

void Receivers::Account(size_t index, uint8_t* p, size_t length, int64_t arrivalNs) {
  if (length < 12 || (p[0] & 0xc0) != 0x80) return;
  if (p[1] >= 192 && p[1] <= 223) {  // RTCP (RFC 5761 4): the worker's sender reports.
    rtcp_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  packets_[index].fetch_add(1, std::memory_order_relaxed);
  if (decryptFirst_) {
    if (index != 0) return;  // Encrypted: counted only.
    int len = static_cast<int>(length);
    if (srtp_ == nullptr ||
        srtp_unprotect(static_cast<srtp_t>(srtp_), p, &len) != srtp_err_status_ok) {
      decryptFailures_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    length = static_cast<size_t>(len);
  }
  if (length < kBenchFieldsEnd || LoadBe32(p + kBenchFieldsOffset) != kBenchMagic) return;
  const uint64_t seq = LoadBe64(p + kBenchFieldsOffset + 4);
  const auto sentNs = static_cast<int64_t>(LoadBe64(p + kBenchFieldsOffset + 12));
  int64_t us = (arrivalNs - sentNs) / 1000;
  size_t bucket = us < 0 ? 0 : std::min<size_t>(static_cast<size_t>(us), Histogram::kBuckets - 1);
  latency_[bucket].fetch_add(1, std::memory_order_relaxed);
  if (index != 0) return;
  if (resetContinuity_.exchange(false)) lastSeq_.reset();
  if (lastSeq_ && seq <= *lastSeq_) {
    reordered_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (lastSeq_ && seq > *lastSeq_ + 1) gaps_.fetch_add(seq - *lastSeq_ - 1);
  lastSeq_ = seq;
}

}  // namespace weir::bench
