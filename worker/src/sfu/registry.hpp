#pragma once

// Every live object of a worker by id, for the channel handlers (a request names its target by
// handlerId alone) and for worker-wide uniqueness of ids. Objects register when created and
// unregister when closed; the registry owns nothing.

#include <string>

#include "absl/container/flat_hash_map.h"
#include "sfu/errors.hpp"

namespace weir::sfu {

class Transport;
class Producer;
class Consumer;
class Router;
class RtpObserver;

class Registry {
 public:
  template <typename T>
  class Table {
   public:
    void Add(const std::string& id, T* object, const char* kind) {
      if (id.empty()) ThrowTypeError("missing %sId", kind);
      if (objects_.contains(id)) ThrowInvalidState("a %s with id '%s' already exists", kind, id);
      objects_[id] = object;
    }
    void Remove(const std::string& id) { objects_.erase(id); }
    T* Find(const std::string& id) const {
      auto it = objects_.find(id);
      return it == objects_.end() ? nullptr : it->second;
    }
    T& Get(const std::string& id, const char* kind) const {
      T* object = Find(id);
      if (object == nullptr) ThrowNotFound("%s '%s' not found", kind, id);
      return *object;
    }
    bool Contains(const std::string& id) const { return objects_.contains(id); }
    size_t size() const { return objects_.size(); }

   private:
    absl::flat_hash_map<std::string, T*> objects_;
  };

  Table<Transport> transports;
  Table<Router> transportRouters;  // By transport id: the router that owns it.
  Table<Producer> producers;
  Table<Consumer> consumers;
  Table<Transport> producerTransports;  // By producer id: the transport it came in on.
  Table<Transport> consumerTransports;  // By consumer id.
  Table<RtpObserver> rtpObservers;
  Table<Router> rtpObserverRouters;  // By observer id: the router that owns it.
};

}  // namespace weir::sfu
