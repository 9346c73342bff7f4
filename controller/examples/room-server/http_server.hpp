#pragma once

// HTTP and WebSocket on libwebsockets, on the controller's own libuv loop (a "foreign" loop to
// lws): GET of the page files, GET /stats, and the signaling WebSocket on /ws (PROTOCOL.md).

#include <libwebsockets.h>
#include <uv.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "server_context.hpp"
#include "stats.hpp"
#include "ws_session.hpp"

namespace weir::room {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;     // 0: any free port (see port())
  std::string tlsCertFile;  // both or neither: HTTPS and WSS
  std::string tlsKeyFile;
  std::string webRoot;
};

class HttpServer {
 public:
  HttpServer(uv_loop_t* loop, const ServerContext& context, StatsCollector& stats,
             HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  absl::Status Start();
  // The port actually listened on.
  int port() const { return port_; }
  // Closes every connection (their peers leave their rooms) and the listening socket. lws
  // finishes closing its handles on the loop afterwards.
  void Stop();
  // After the loop has run dry: with a foreign loop, lws frees its context only on a second
  // lws_context_destroy once its libuv handles have closed.
  void FinishDestroy();

 private:
  struct StatsReply;
  static int Callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);
  int HandleHttp(lws* wsi, const char* uri);
  int HandleHttpWriteable(lws* wsi);
  int ServeFile(lws* wsi, const char* uri);

  uv_loop_t* loop_;
  const ServerContext& context_;
  StatsCollector& stats_;
  HttpServerOptions options_;
  lws_protocols protocols_[2] = {};  // lws keeps a pointer to them for the context's life
  lws_context* lws_ = nullptr;
  lws_context* destroying_ = nullptr;  // set to null by lws once fully destroyed (pcontext)
  int port_ = 0;
  std::map<lws*, std::unique_ptr<WsSession>> sessions_;
  std::map<lws*, std::shared_ptr<StatsReply>> statsReplies_;
};

}  // namespace weir::room
