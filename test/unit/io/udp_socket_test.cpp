#include "io/udp_socket.hpp"

#include <doctest/doctest.h>

#include <memory>

#include "io/send_batcher.hpp"
#include "io_test_util.hpp"

namespace weir::io {
namespace {

using test::PeerSocket;
using test::RecordingListener;
using test::Tagged;
using test::TagIndex;
using test::TestLoop;

struct Bound {
  std::unique_ptr<UdpSocket> socket;
  RecordingListener listener;
};

std::unique_ptr<Bound> Open(TestLoop& loop, SendBatcher& batcher, bool v6 = false) {
  auto b = std::make_unique<Bound>();
  auto local = base::SocketAddress::Parse(v6 ? "::1" : "127.0.0.1", 0);
  REQUIRE(local);
  int fd = OpenUdpSocket(*local, 1 << 20);
  REQUIRE(fd >= 0);
  sockaddr_storage bound{};
  socklen_t len = sizeof(bound);
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
  b->socket = std::make_unique<UdpSocket>(
      loop.get(), batcher, fd,
      base::SocketAddress::FromSockaddr(reinterpret_cast<const sockaddr*>(&bound)));
  b->socket->SetListener(&b->listener);
  return b;
}

TEST_CASE("udp socket: datagrams are delivered with their bytes and sender") {
  TestLoop loop;
  SendBatcher batcher(loop.get());
  auto b = Open(loop, batcher);
  PeerSocket peer;
  peer.SendTo(b->socket->local(), Tagged(0, 0, 1200));
  peer.SendTo(b->socket->local(), Tagged(0, 1, 20));
  loop.RunOnce();
  REQUIRE(b->listener.received.size() == 2);
  CHECK(b->listener.received[0].data == Tagged(0, 0, 1200));
  CHECK(b->listener.received[1].data == Tagged(0, 1, 20));
  CHECK(b->listener.received[0].from == peer.address());
}

TEST_CASE("udp socket: a burst larger than one read batch arrives whole and in order") {
  TestLoop loop;
  SendBatcher batcher(loop.get());
  auto b = Open(loop, batcher);
  PeerSocket peer;
  const uint32_t count = 700;  // More than the rounds of one wake-up read; the rest next time.
  for (uint32_t i = 0; i < count; ++i)
    peer.SendTo(b->socket->local(), Tagged(0, i, 200));
  for (int i = 0; i < 10 && b->listener.received.size() < count; ++i)
    loop.RunOnce();
  REQUIRE(b->listener.received.size() == count);
  for (uint32_t i = 0; i < count; ++i)
    CHECK(TagIndex(b->listener.received[i].data) == i);
}

TEST_CASE("udp socket: senders of both families through the shared read buffers") {
  // The receive buffers are shared by every socket: an IPv4 sender's shorter address must not
  // cut an IPv6 sender's address read later into the same place.
  TestLoop loop;
  SendBatcher batcher(loop.get());
  auto v4 = Open(loop, batcher, false);
  auto v6 = Open(loop, batcher, true);
  PeerSocket peer4(false), peer6(true);
  for (int round = 0; round < 3; ++round) {
    for (uint32_t i = 0; i < 5; ++i)
      peer4.SendTo(v4->socket->local(), Tagged(4, i, 100));
    loop.RunOnce();
    for (uint32_t i = 0; i < 5; ++i)
      peer6.SendTo(v6->socket->local(), Tagged(6, i, 100));
    loop.RunOnce();
  }
  REQUIRE(v4->listener.received.size() == 15);
  REQUIRE(v6->listener.received.size() == 15);
  for (const auto& r : v4->listener.received)
    CHECK(r.from == peer4.address());
  for (const auto& r : v6->listener.received)
    CHECK(r.from == peer6.address());
}

TEST_CASE("udp socket: a datagram larger than the read slot is dropped and counted") {
  TestLoop loop;
  SendBatcher batcher(loop.get());
  auto b = Open(loop, batcher);
  PeerSocket peer;
  peer.SendTo(b->socket->local(), Tagged(0, 0, 100));
  peer.SendTo(b->socket->local(), Tagged(0, 1, 5000));
  peer.SendTo(b->socket->local(), Tagged(0, 2, 100));
  loop.RunOnce();
  REQUIRE(b->listener.received.size() == 2);
  CHECK(TagIndex(b->listener.received[1].data) == 2);
  CHECK(b->socket->truncated() == 1);
}

}  // namespace
}  // namespace weir::io
