#include "http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <cstdio>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "static_files.hpp"
#include "text.hpp"

namespace weir::room {
namespace {

constexpr const char* kSubprotocol = "weir-room";
constexpr const char* kWebSocketPath = "/ws";

// Whether host:port can be bound (as lws binds it: SO_REUSEADDR). lws 4.1 on a foreign libuv loop
// leaves freed handles in the loop when its context fails to listen, and the next uv_run crashed
// on them: an address that is taken is found here, before lws touches the loop.
absl::Status ProbeListen(const std::string& host, int port) {
  if (port == 0) return absl::OkStatus();
  sockaddr_storage storage{};
  socklen_t length = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    length = sizeof(*v4);
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    length = sizeof(*v6);
  } else {
    return absl::OkStatus();  // A name: lws resolves it and reports what fails.
  }
  int fd = socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::OkStatus();
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  int bound = bind(fd, reinterpret_cast<sockaddr*>(&storage), length);
  int error = errno;
  close(fd);
  if (bound != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", host, ":", port, ": ", std::strerror(error)));
  }
  return absl::OkStatus();
}

std::string UriOf(lws* wsi) {
  char uri[512];
  int n = lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_GET_URI);
  return n > 0 ? std::string(uri, static_cast<size_t>(n)) : std::string();
}

}  // namespace

struct HttpServer::StatsReply {
  std::string body;
  bool ready = false;
  bool headersSent = false;
};

HttpServer::HttpServer(uv_loop_t* loop, const ServerContext& context, StatsCollector& stats,
                       HttpServerOptions options)
    : loop_(loop), context_(context), stats_(stats), options_(std::move(options)) {}

HttpServer::~HttpServer() {
  Stop();
}

absl::Status HttpServer::Start() {
  // One protocol for HTTP and the WebSocket: lws gives HTTP to the first one, and a client that
  // names no subprotocol lands here too.
  protocols_[0] = lws_protocols{kSubprotocol, &HttpServer::Callback, 0, 64 * 1024, 0, nullptr, 0};
  protocols_[1] = lws_protocols{};
  if (absl::Status free = ProbeListen(options_.host, options_.port); !free.ok()) return free;

  lws_context_creation_info info;
  std::memset(&info, 0, sizeof(info));
  void* loops[] = {loop_};
  info.options = LWS_SERVER_OPTION_LIBUV;
  info.foreign_loops = loops;
  info.port = options_.port;
  info.iface = options_.host.c_str();
  // lws 4.1 binds an IPv6 socket to "::" (every address) when given an IPv4 address on an
  // IPv6-enabled build: an IPv4 host gets an IPv4 socket, so that 127.0.0.1 means loopback only.
  if (options_.host.find(':') == std::string::npos) info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
  info.protocols = protocols_;
  info.user = this;
  info.vhost_name = "weir-room";
  info.pcontext = &destroying_;
  if (!options_.tlsCertFile.empty()) {
    info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
    info.ssl_cert_filepath = options_.tlsCertFile.c_str();
    info.ssl_private_key_filepath = options_.tlsKeyFile.c_str();
    // HTTP/1.1 only: over h2, lws 4.1 answered the page's files with an empty reply (the small
    // /stats answer got through). Browsers open WSS over HTTP/1.1 anyway.
    info.alpn = "http/1.1";
  }
  lws_set_log_level(LLL_ERR | LLL_WARN, nullptr);
  lws_ = lws_create_context(&info);
  if (!lws_) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.host, ":",
                                               options_.port, " (see the lws lines above)"));
  }
  // lws makes a context even when its vhost cannot listen (address in use, ...).
  lws_vhost* vhost = lws_get_vhost_by_name(lws_, "weir-room");
  if (!vhost || lws_get_vhost_listen_port(vhost) <= 0) {
    Stop();
    return absl::UnavailableError(
        Concat({"cannot listen on ", options_.host, ":", std::to_string(options_.port),
                " (see the lws lines above)"}));
  }
  port_ = lws_get_vhost_listen_port(vhost);
  return absl::OkStatus();
}

void HttpServer::Stop() {
  if (!lws_) return;
  lws_context* context = lws_;
  lws_ = nullptr;
  destroying_ = context;
  // Closes every connection: CLOSED callbacks run now and the sessions leave their rooms.
  lws_context_destroy(context);
  for (auto& [wsi, session] : sessions_)
    session->HandleClosed();
  sessions_.clear();
  statsReplies_.clear();
}

void HttpServer::FinishDestroy() {
  if (destroying_) lws_context_destroy(destroying_);
  destroying_ = nullptr;
}

int HttpServer::Callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
  auto* self = static_cast<HttpServer*>(lws_context_user(lws_get_context(wsi)));
  if (!self) return lws_callback_http_dummy(wsi, reason, user, in, len);
  switch (reason) {
    case LWS_CALLBACK_HTTP:
      return self->HandleHttp(wsi, static_cast<const char*>(in));
    case LWS_CALLBACK_HTTP_WRITEABLE:
      return self->HandleHttpWriteable(wsi);
    case LWS_CALLBACK_HTTP_FILE_COMPLETION:
      return lws_http_transaction_completed(wsi) ? -1 : 0;
    case LWS_CALLBACK_CLOSED_HTTP:
      self->statsReplies_.erase(wsi);
      break;
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
      // The WebSocket lives on /ws only.
      return UriOf(wsi) == kWebSocketPath ? 0 : 1;
    case LWS_CALLBACK_ESTABLISHED:
      self->statsReplies_.erase(wsi);
      self->sessions_[wsi] = std::make_unique<WsSession>(wsi, self->context_);
      return 0;
    case LWS_CALLBACK_RECEIVE: {
      auto it = self->sessions_.find(wsi);
      if (it != self->sessions_.end()) it->second->HandleReceive(in, len);
      return 0;
    }
    case LWS_CALLBACK_SERVER_WRITEABLE: {
      auto it = self->sessions_.find(wsi);
      return it != self->sessions_.end() ? it->second->HandleWriteable() : 0;
    }
    case LWS_CALLBACK_CLOSED: {
      auto it = self->sessions_.find(wsi);
      if (it != self->sessions_.end()) {
        std::unique_ptr<WsSession> session = std::move(it->second);
        self->sessions_.erase(it);
        session->HandleClosed();
      }
      return 0;
    }
    default:
      break;
  }
  return lws_callback_http_dummy(wsi, reason, user, in, len);
}

int HttpServer::HandleHttp(lws* wsi, const char* uri) {
  if (lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) <= 0) {
    // Not a GET (POST, PUT, ...): nothing here takes a body.
    lws_return_http_status(wsi, HTTP_STATUS_METHOD_NOT_ALLOWED, nullptr);
    return lws_http_transaction_completed(wsi) ? -1 : 0;
  }
  std::string path = uri ? uri : "";
  if (path == "/stats") {
    auto reply = std::make_shared<StatsReply>();
    statsReplies_[wsi] = reply;
    std::weak_ptr<StatsReply> weak = reply;
    stats_.Collect([weak, wsi](nlohmann::json document) {
      auto r = weak.lock();
      if (!r) return;  // the connection went meanwhile
      r->body = document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
      r->ready = true;
      lws_callback_on_writable(wsi);
    });
    return 0;
  }
  return ServeFile(wsi, path.c_str());
}

int HttpServer::ServeFile(lws* wsi, const char* uri) {
  std::optional<StaticFile> file = ResolveStaticFile(uri);
  std::string fullPath;
  struct stat info {};
  if (file) fullPath = Concat({options_.webRoot, "/", file->fileName});
  if (!file || ::stat(fullPath.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    lws_return_http_status(wsi, HTTP_STATUS_NOT_FOUND, nullptr);
    return lws_http_transaction_completed(wsi) ? -1 : 0;
  }
  static constexpr char kNoCache[] = "Cache-Control: no-cache\r\n";
  std::string mime(file->mimeType);
  int n = lws_serve_http_file(wsi, fullPath.c_str(), mime.c_str(), kNoCache,
                              static_cast<int>(sizeof(kNoCache) - 1));
  if (n < 0 || (n > 0 && lws_http_transaction_completed(wsi))) return -1;
  return 0;
}

int HttpServer::HandleHttpWriteable(lws* wsi) {
  auto it = statsReplies_.find(wsi);
  if (it == statsReplies_.end()) return 0;
  std::shared_ptr<StatsReply> reply = it->second;
  if (!reply->ready) return 0;
  if (!reply->headersSent) {
    unsigned char buffer[LWS_PRE + 1024];
    unsigned char* start = buffer + LWS_PRE;
    unsigned char* p = start;
    unsigned char* end = buffer + sizeof(buffer) - 1;
    static constexpr char kName[] = "cache-control:";
    static constexpr char kValue[] = "no-store";
    if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK, "application/json", reply->body.size(), &p,
                                    end) ||
        lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>(kName),
                                    reinterpret_cast<const unsigned char*>(kValue),
                                    sizeof(kValue) - 1, &p, end) ||
        lws_finalize_write_http_header(wsi, start, &p, end)) {
      return -1;
    }
    reply->headersSent = true;
    lws_callback_on_writable(wsi);
    return 0;
  }
  std::vector<unsigned char> body(LWS_PRE + reply->body.size());
  std::copy(reply->body.begin(), reply->body.end(), body.begin() + LWS_PRE);
  statsReplies_.erase(it);
  if (lws_write(wsi, body.data() + LWS_PRE, reply->body.size(), LWS_WRITE_HTTP_FINAL) <
      static_cast<int>(reply->body.size())) {
    return -1;
  }
  return lws_http_transaction_completed(wsi) ? -1 : 0;
}

}  // namespace weir::room
