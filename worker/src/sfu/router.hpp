#pragma once

// A Router is a media room inside one worker: it owns transports, and routes what producers send
// to the consumers that asked for it. It knows nothing about users or rooms.

#include <string>
#include <vector>

namespace weir::sfu {

class Router {
 public:
  explicit Router(std::string id);
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  const std::string& id() const { return id_; }
  // Closes everything the router owns. Idempotent.
  void Close();
  bool closed() const { return closed_; }

 private:
  std::string id_;
  bool closed_ = false;
};

}  // namespace weir::sfu
