#include "io/send_batcher.hpp"

#include <doctest/doctest.h>

#include <map>
#include <memory>

#include "io/udp_socket.hpp"
#include "io_test_util.hpp"

namespace weir::io {
namespace {

using test::PeerSocket;
using test::Tagged;
using test::TagIndex;
using test::TagStream;
using test::TestLoop;

std::unique_ptr<UdpSocket> Open(TestLoop& loop, SendBatcher& batcher, bool v6 = false) {
  auto local = base::SocketAddress::Parse(v6 ? "::1" : "127.0.0.1", 0);
  REQUIRE(local);
  int fd = OpenUdpSocket(*local, 1 << 20);
  REQUIRE(fd >= 0);
  sockaddr_storage bound{};
  socklen_t len = sizeof(bound);
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
  return std::make_unique<UdpSocket>(
      loop.get(), batcher, fd,
      base::SocketAddress::FromSockaddr(reinterpret_cast<const sockaddr*>(&bound)));
}

void Send(UdpSocket& socket, const PeerSocket& to, const std::vector<uint8_t>& data) {
  socket.Send(base::ByteView(data.data(), data.size()), to.address());
}

TEST_CASE("batcher: datagrams wait for the end of the loop iteration, then arrive in order") {
  TestLoop loop;
  SendBatcher batcher(loop.get());
  auto socket = Open(loop, batcher);
  PeerSocket peer;
  for (uint32_t i = 0; i < 10; ++i)
    Send(*socket, peer, Tagged(1, i, 100 + i));
  CHECK(peer.ReceiveAll().empty());  // Batched: nothing sent yet.
  loop.RunOnce();
  auto got = peer.ReceiveAll();
  REQUIRE(got.size() == 10);
  for (uint32_t i = 0; i < 10; ++i) {
    CHECK(got[i] == Tagged(1, i, 100 + i));
  }
  CHECK(socket->stats().packetsSent == 10);
  CHECK(socket->stats().sendErrors == 0);
}

TEST_CASE("batcher: many sockets and destinations interleaved keep each one's order") {
  TestLoop loop;
  SendBatcher batcher(loop.get());
  std::vector<std::unique_ptr<UdpSocket>> sockets;
  std::vector<std::unique_ptr<PeerSocket>> peers;
  for (int i = 0; i < 5; ++i) {
    sockets.push_back(Open(loop, batcher));
    peers.push_back(std::make_unique<PeerSocket>());
  }
  for (uint32_t round = 0; round < 3; ++round) {
    for (uint32_t i = 0; i < 40; ++i) {
      for (uint32_t s = 0; s < sockets.size(); ++s)
        Send(*sockets[s], *peers[s], Tagged(s, round * 40 + i, 1200));
    }
    loop.RunOnce();
  }
  for (uint32_t s = 0; s < peers.size(); ++s) {
    auto got = peers[s]->ReceiveAll();
    REQUIRE(got.size() == 120);
    for (uint32_t i = 0; i < got.size(); ++i) {
      CHECK(TagStream(got[i]) == s);
      CHECK(TagIndex(got[i]) == i);
      CHECK(got[i] == Tagged(s, i, 1200));
    }
  }
}

TEST_CASE("batcher: more datagrams than slots in one iteration are all sent, in order") {
  TestLoop loop;
  SendBatcher batcher(loop.get());
  auto a = Open(loop, batcher);
  auto b = Open(loop, batcher);
  PeerSocket peerA, peerB;
  const uint32_t count = SendBatcher::kSlots * 2 + 7;
  for (uint32_t i = 0; i < count; ++i) {
    Send(*a, peerA, Tagged(0, i, 64));
    if (i % 3 == 0) Send(*b, peerB, Tagged(1, i / 3, 64));
  }
  // Part went out when the slots ran out; the rest at the end of the iteration.
  loop.RunOnce();
  auto gotA = peerA.ReceiveAll();
  auto gotB = peerB.ReceiveAll();
  REQUIRE(gotA.size() == count);
  REQUIRE(gotB.size() == (count + 2) / 3);
  for (uint32_t i = 0; i < gotA.size(); ++i)
    CHECK(TagIndex(gotA[i]) == i);
  for (uint32_t i = 0; i < gotB.size(); ++i)
    CHECK(TagIndex(gotB[i]) == i);
}

TEST_CASE("batcher: a datagram larger than a slot goes at once, after what was queued") {
  TestLoop loop;
  SendBatcher batcher(loop.get());
  auto socket = Open(loop, batcher);
  PeerSocket peer;
  Send(*socket, peer, Tagged(0, 0, 100));
  Send(*socket, peer, Tagged(0, 1, 100));
  Send(*socket, peer, Tagged(0, 2, SendBatcher::kSlotSize + 500));
  auto got = peer.ReceiveAll();  // No loop iteration yet: the large one flushed the queue.
  REQUIRE(got.size() == 3);
  CHECK(got[0] == Tagged(0, 0, 100));
  CHECK(got[1] == Tagged(0, 1, 100));
  CHECK(got[2] == Tagged(0, 2, SendBatcher::kSlotSize + 500));
  Send(*socket, peer, Tagged(0, 3, 100));
  loop.RunOnce();
  got = peer.ReceiveAll();
  REQUIRE(got.size() == 1);
  CHECK(TagIndex(got[0]) == 3);
}

TEST_CASE("batcher: IPv4 and IPv6 destinations, several per socket") {
  TestLoop loop;
  SendBatcher batcher(loop.get());
  auto v4 = Open(loop, batcher, false);
  auto v6 = Open(loop, batcher, true);
  PeerSocket peer4a(false), peer4b(false), peer6a(true), peer6b(true);
  for (uint32_t i = 0; i < 20; ++i) {
    Send(*v4, i % 2 ? peer4a : peer4b, Tagged(4, i, 300));
    Send(*v6, i % 2 ? peer6a : peer6b, Tagged(6, i, 300));
  }
  loop.RunOnce();
  for (auto* peer : {&peer4a, &peer4b, &peer6a, &peer6b}) {
    auto got = peer->ReceiveAll();
    REQUIRE(got.size() == 10);
    uint32_t first = (peer == &peer4a || peer == &peer6a) ? 1 : 0;
    for (uint32_t k = 0; k < got.size(); ++k)
      CHECK(TagIndex(got[k]) == first + 2 * k);
  }
}

TEST_CASE("batcher: a datagram that cannot be sent is counted; the rest still go") {
  TestLoop loop;
  SendBatcher batcher(loop.get());
  auto v4 = Open(loop, batcher, false);
  PeerSocket peer4(false), peer6(true);
  Send(*v4, peer4, Tagged(0, 0, 100));
  Send(*v4, peer6, Tagged(0, 1, 100));  // An IPv6 destination from an IPv4 socket.
  Send(*v4, peer4, Tagged(0, 2, 100));
  loop.RunOnce();
  auto got = peer4.ReceiveAll();
  REQUIRE(got.size() == 2);
  CHECK(TagIndex(got[0]) == 0);
  CHECK(TagIndex(got[1]) == 2);
  CHECK(v4->stats().sendErrors == 1);
}

TEST_CASE("batcher: a socket closed with queued datagrams sends them first") {
  TestLoop loop;
  SendBatcher batcher(loop.get());
  auto keep = Open(loop, batcher);
  auto closing = Open(loop, batcher);
  PeerSocket peerKeep, peerClosing;
  Send(*keep, peerKeep, Tagged(0, 0, 100));
  Send(*closing, peerClosing, Tagged(1, 0, 100));
  Send(*closing, peerClosing, Tagged(1, 1, 100));
  closing.reset();
  auto got = peerClosing.ReceiveAll();
  REQUIRE(got.size() == 2);
  CHECK(TagIndex(got[1]) == 1);
  loop.RunOnce();  // The closed socket's queue is not touched again.
  CHECK(peerKeep.ReceiveAll().size() == 1);
  CHECK(peerClosing.ReceiveAll().empty());
}

}  // namespace
}  // namespace weir::io
