// DtlsSession against the `openssl` command-line tool over real UDP sockets on loopback: our
// client with `openssl s_server -dtls1_2`, our server with `openssl s_client -dtls1_2`. Each side
// checks the negotiated SRTP profile and that our exported keys are exactly the peer's
// EXTRACTOR-dtls_srtp keying material split per RFC 5764 4.2, then application data and close.

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "deps/deps.hpp"
#include "engine/dtls/dtls_certificate.hpp"
#include "engine/dtls/dtls_context.hpp"
#include "engine/dtls/dtls_session.hpp"

using namespace weir;
using engine::DtlsRole;
using engine::DtlsState;
using engine::SrtpSuite;

namespace {

base::Timestamp Now() {
  auto since = std::chrono::steady_clock::now().time_since_epoch();
  return base::FromMicros(std::chrono::duration_cast<std::chrono::microseconds>(since).count());
}

base::Timestamp WallNow() {
  auto since = std::chrono::system_clock::now().time_since_epoch();
  return base::FromMicros(std::chrono::duration_cast<std::chrono::microseconds>(since).count());
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Waits up to `seconds` for `needle` in the file; returns the whole text.
std::string WaitForText(const std::filesystem::path& path, const std::string& needle,
                        double seconds = 5) {
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::string text;
  while (std::chrono::steady_clock::now() < end) {
    text = ReadFile(path);
    if (text.find(needle) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return text;
}

std::vector<uint8_t> Hex(const std::string& hex) {
  std::vector<uint8_t> bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes.push_back(static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return bytes;
}

struct Udp {
  Udp() {
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) == 0);
    socklen_t length = sizeof(local);
    getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length);
    port = ntohs(local.sin_port);
  }
  ~Udp() { close(fd); }
  void Send(const std::vector<uint8_t>& data) {
    sendto(fd, data.data(), data.size(), 0, reinterpret_cast<const sockaddr*>(&peer), sizeof(peer));
  }
  // A datagram within `ms`, remembering who sent it; empty if none.
  std::vector<uint8_t> Receive(int ms) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, ms) <= 0) return {};
    std::vector<uint8_t> data(65536);
    socklen_t length = sizeof(peer);
    ssize_t n =
        recvfrom(fd, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&peer), &length);
    data.resize(n > 0 ? static_cast<size_t>(n) : 0);
    return data;
  }
  int fd;
  uint16_t port;
  sockaddr_in peer{};
};

// `openssl <args>` with stdin held open on a pipe and output in a file.
struct OpenSslProcess {
  OpenSslProcess(const std::vector<std::string>& args, std::filesystem::path output) : out(output) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid = fork();
    REQUIRE(pid >= 0);  // Never 0 here in the parent; the child execs or exits below.
    if (pid == 0) {
      dup2(fds[0], 0);
      close(fds[1]);
      FILE* file = std::fopen(output.c_str(), "w");
      dup2(fileno(file), 1);
      dup2(fileno(file), 2);
      std::vector<char*> argv = {const_cast<char*>("openssl")};
      for (const auto& arg : args)
        argv.push_back(const_cast<char*>(arg.c_str()));
      argv.push_back(nullptr);
      execvp("openssl", argv.data());
      _exit(127);
    }
    close(fds[0]);
    stdinFd = fds[1];
  }
  ~OpenSslProcess() {
    if (stdinFd >= 0) close(stdinFd);
    // Only the child we started, and only while it has not been reaped (never kill(-1, ...)).
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  }
  // True if it exited within `ms`.
  bool Exited(int ms) {
    for (int i = 0; pid > 0 && i < ms / 10; ++i) {
      if (waitpid(pid, nullptr, WNOHANG) == pid) {
        pid = -1;
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pid <= 0;
  }
  pid_t pid = -1;
  int stdinFd = -1;
  std::filesystem::path out;
};

struct Files {
  Files() {
    deps::InitializeLibraries();
    dir =
        std::filesystem::temp_directory_path() / ("weir-dtls-interop-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::string error;
    ours = engine::DtlsCertificate::Generate(WallNow(), &error);
    theirs = engine::DtlsCertificate::Generate(WallNow(), &error);
    REQUIRE(ours);
    REQUIRE(theirs);
    std::ofstream(dir / "cert.pem") << theirs->CertificatePem();
    std::ofstream(dir / "key.pem") << theirs->PrivateKeyPem();
  }
  ~Files() { std::filesystem::remove_all(dir); }
  std::filesystem::path dir;
  std::unique_ptr<engine::DtlsCertificate> ours;
  std::unique_ptr<engine::DtlsCertificate> theirs;
};

// Moves datagrams between the session and the socket until `done` or 5 s.
template <typename Done>
void Drive(engine::DtlsSession& session, Udp& udp, Done done) {
  auto end = Now() + std::chrono::seconds(5);
  std::vector<uint8_t> datagram;
  while (!done() && Now() < end) {
    while (session.PollTransmit(&datagram))
      udp.Send(datagram);
    auto received = udp.Receive(20);
    if (!received.empty()) session.HandleDatagram(Now(), received);
    session.HandleTimeout(Now());
  }
  while (session.PollTransmit(&datagram))
    udp.Send(datagram);
}

// Our keys against the peer's printed keying material (client key | server key | client salt |
// server salt).
void CheckKeys(const engine::DtlsSrtpKeys& keys, bool weAreClient, const std::string& output) {
  auto at = output.find("Keying material: ");
  REQUIRE(at != std::string::npos);
  auto material = Hex(output.substr(at + 17, output.find('\n', at) - at - 17));
  auto sizes = engine::KeySizes(keys.suite);
  REQUIRE(material.size() == 2 * sizes.total());
  auto part = [&](size_t offset, size_t size) {
    return std::vector<uint8_t>(material.begin() + static_cast<ptrdiff_t>(offset),
                                material.begin() + static_cast<ptrdiff_t>(offset + size));
  };
  auto join = [](std::vector<uint8_t> a, const std::vector<uint8_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  auto client = join(part(0, sizes.key), part(2 * sizes.key, sizes.salt));
  auto server = join(part(sizes.key, sizes.key), part(2 * sizes.key + sizes.salt, sizes.salt));
  CHECK(keys.send == (weAreClient ? client : server));
  CHECK(keys.receive == (weAreClient ? server : client));
}

const std::pair<SrtpSuite, const char*> kProfiles[] = {
    {SrtpSuite::kAeadAes256Gcm, "SRTP_AEAD_AES_256_GCM"},
    {SrtpSuite::kAeadAes128Gcm, "SRTP_AEAD_AES_128_GCM"},
    {SrtpSuite::kAesCm128HmacSha1_80, "SRTP_AES128_CM_SHA1_80"},
    {SrtpSuite::kAesCm128HmacSha1_32, "SRTP_AES128_CM_SHA1_32"},
};

}  // namespace

TEST_CASE("interop: our client with openssl s_server -dtls1_2, every SRTP profile") {
  Files files;
  std::string error;
  auto context = engine::DtlsContext::Create(*files.ours, {}, &error);
  REQUIRE_MESSAGE(context, error);
  for (const auto& entry : kProfiles) {
    // Named copies: clang 14 rejects structured bindings captured by CAPTURE's lambda.
    const auto suite = entry.first;
    const auto profile = entry.second;
    CAPTURE(profile);
    Udp udp;
    uint16_t port;
    {
      Udp probe;  // A free port for s_server.
      port = probe.port;
    }
    auto output = files.dir / "s_server.out";
    OpenSslProcess server(
        {"s_server", "-dtls1_2", "-accept", "127.0.0.1:" + std::to_string(port), "-cert",
         (files.dir / "cert.pem").string(), "-key", (files.dir / "key.pem").string(), "-use_srtp",
         profile, "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen",
         std::to_string(2 * engine::KeySizes(suite).total()), "-verify", "1", "-naccept", "1"},
        output);
    REQUIRE(WaitForText(output, "ACCEPT").find("ACCEPT") != std::string::npos);
    udp.peer.sin_family = AF_INET;
    udp.peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    udp.peer.sin_port = htons(port);

    engine::DtlsSession session(*context);
    REQUIRE(session.SetRemoteFingerprint("sha-256", files.theirs->Fingerprint("sha-256")));
    session.Start(DtlsRole::kClient, Now());
    Drive(session, udp, [&] { return session.state() != DtlsState::kConnecting; });
    REQUIRE_MESSAGE(session.state() == DtlsState::kConnected, session.failureReason());
    REQUIRE(session.srtpKeys());
    CHECK(session.srtpKeys()->suite == suite);
    std::string text = WaitForText(output, "Keying material: ");
    CHECK(text.find(std::string("SRTP Extension negotiated, profile=") + profile) !=
          std::string::npos);
    CheckKeys(*session.srtpKeys(), true, text);

    std::string line = "hello from weir\n";
    REQUIRE(session.SendApplicationData(
        base::ByteView(reinterpret_cast<const uint8_t*>(line.data()), line.size())));
    Drive(session, udp, [] { return true; });
    CHECK(WaitForText(output, line).find(line) != std::string::npos);
    session.Close();
    Drive(session, udp, [] { return true; });
    CHECK(WaitForText(output, "CONNECTION CLOSED").find("CONNECTION CLOSED") != std::string::npos);
  }
}

TEST_CASE("interop: our server with openssl s_client -dtls1_2") {
  Files files;
  std::string error;
  auto context = engine::DtlsContext::Create(*files.ours, {}, &error);
  REQUIRE_MESSAGE(context, error);
  std::string ourFingerprint = files.ours->Fingerprint("sha-256");

  SUBCASE("handshake, keys, data both ways, close_notify") {
    Udp udp;
    auto output = files.dir / "s_client.out";
    OpenSslProcess client(
        {"s_client", "-dtls1_2", "-connect", "127.0.0.1:" + std::to_string(udp.port), "-cert",
         (files.dir / "cert.pem").string(), "-key", (files.dir / "key.pem").string(), "-use_srtp",
         "SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM", "-keymatexport", "EXTRACTOR-dtls_srtp",
         "-keymatexportlen", "56"},
        output);
    engine::DtlsSession session(*context);
    REQUIRE(session.SetRemoteFingerprint("sha-256", files.theirs->Fingerprint("sha-256")));
    session.Start(DtlsRole::kServer, Now());
    Drive(session, udp, [&] { return session.state() != DtlsState::kConnecting; });
    REQUIRE_MESSAGE(session.state() == DtlsState::kConnected, session.failureReason());
    // Our preference (GCM first) wins over the client's order.
    REQUIRE(session.srtpKeys());
    CHECK(session.srtpKeys()->suite == SrtpSuite::kAeadAes128Gcm);
    std::string text = WaitForText(output, "Keying material: ");
    CHECK(text.find("profile=SRTP_AEAD_AES_128_GCM") != std::string::npos);
    CHECK(text.find("Verify return code") != std::string::npos);
    CheckKeys(*session.srtpKeys(), false, text);

    std::string line = "hello from weir\n";
    REQUIRE(session.SendApplicationData(
        base::ByteView(reinterpret_cast<const uint8_t*>(line.data()), line.size())));
    Drive(session, udp, [] { return true; });
    CHECK(WaitForText(output, line).find(line) != std::string::npos);
    std::string back = "hello from openssl\n";
    REQUIRE(write(client.stdinFd, back.data(), back.size()) == static_cast<ssize_t>(back.size()));
    std::vector<uint8_t> received;
    Drive(session, udp, [&] { return session.PollApplicationData(&received); });
    CHECK(std::string(received.begin(), received.end()) == back);
    // close_notify makes s_client end.
    session.Close();
    Drive(session, udp, [] { return true; });
    CHECK(client.Exited(3000));
  }

  SUBCASE("a wrong fingerprint fails our side and ends s_client's handshake") {
    Udp udp;
    auto output = files.dir / "s_client.out";
    OpenSslProcess client(
        {"s_client", "-dtls1_2", "-connect", "127.0.0.1:" + std::to_string(udp.port), "-cert",
         (files.dir / "cert.pem").string(), "-key", (files.dir / "key.pem").string(), "-use_srtp",
         "SRTP_AES128_CM_SHA1_80"},
        output);
    engine::DtlsSession session(*context);
    REQUIRE(session.SetRemoteFingerprint("sha-256", ourFingerprint));  // Not the client's.
    session.Start(DtlsRole::kServer, Now());
    Drive(session, udp, [&] { return session.state() != DtlsState::kConnecting; });
    CHECK(session.state() == DtlsState::kFailed);
    CHECK(session.failureReason().find("fingerprint mismatch") != std::string::npos);
    CHECK(WaitForText(output, "alert bad certificate").find("alert bad certificate") !=
          std::string::npos);
  }
}
