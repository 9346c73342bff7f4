#include "ws_session.hpp"

#include <cstdio>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace weir::room {

WsSession::WsSession(lws* wsi, const ServerContext& context) : wsi_(wsi) {
  client_ = std::make_shared<ClientSession>(context,
                                            [this](std::string text) { Enqueue(std::move(text)); });
}

WsSession::~WsSession() {
  HandleClosed();
}

void WsSession::HandleReceive(const void* in, size_t length) {
  if (!client_) return;
  if (lws_is_first_fragment(wsi_)) {
    incoming_.clear();
    incomingTooLarge_ = false;
    incomingBinary_ = lws_frame_is_binary(wsi_) != 0;
  }
  if (!incomingTooLarge_) {
    if (incoming_.size() + length > kMaxMessageBytes) {
      incomingTooLarge_ = true;
      std::string().swap(incoming_);  // drop the rest of it as it arrives
    } else {
      incoming_.append(static_cast<const char*>(in), length);
    }
  }
  if (!lws_is_final_fragment(wsi_)) return;
  std::string message = std::move(incoming_);
  incoming_.clear();
  if (incomingBinary_) {
    client_->HandleUnreadable("binary messages are not accepted (send JSON text)");
  } else if (incomingTooLarge_) {
    client_->HandleUnreadable(absl::StrCat("message is larger than ", kMaxMessageBytes, " bytes"));
  } else {
    client_->HandleText(message);
  }
}

void WsSession::Enqueue(std::string text) {
  if (closing_) return;
  outgoingBytes_ += text.size();
  if (outgoingBytes_ > kMaxQueuedBytes) {
    std::fprintf(stderr, "weir-room: a client reads too slowly (%zu bytes queued): closing it\n",
                 outgoingBytes_);
    closing_ = true;
    outgoing_.clear();
    outgoingBytes_ = 0;
  } else {
    outgoing_.push_back(std::move(text));
  }
  lws_callback_on_writable(wsi_);
}

int WsSession::HandleWriteable() {
  if (closing_) {
    lws_close_reason(wsi_, LWS_CLOSE_STATUS_POLICY_VIOLATION, nullptr, 0);
    return -1;
  }
  if (outgoing_.empty()) return 0;
  std::string text = std::move(outgoing_.front());
  outgoing_.pop_front();
  outgoingBytes_ -= text.size();
  std::vector<unsigned char> buffer(LWS_PRE + text.size());
  std::copy(text.begin(), text.end(), buffer.begin() + LWS_PRE);
  int written = lws_write(wsi_, buffer.data() + LWS_PRE, text.size(), LWS_WRITE_TEXT);
  if (written < static_cast<int>(text.size())) return -1;
  if (!outgoing_.empty()) lws_callback_on_writable(wsi_);
  return 0;
}

void WsSession::HandleClosed() {
  if (!client_) return;
  std::shared_ptr<ClientSession> client = std::move(client_);
  client_.reset();
  client->HandleDisconnect();
  outgoing_.clear();
}

}  // namespace weir::room
