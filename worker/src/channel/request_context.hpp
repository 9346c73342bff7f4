#pragma once

// What a handler sees of one request: the verified FlatBuffers request, the worker state it acts
// on, and a builder for the response body. Handlers throw sfu::Error to reject.

#include <string>

#include "flatbuffers/flatbuffers.h"
#include "sfu/errors.hpp"
#include "sfu/worker.hpp"
#include "weir/fbs/message_generated.h"

namespace weir::channel {

class ChannelEndpoint;

struct RequestContext {
  const fbs::Request& request;
  sfu::Worker& worker;
  ChannelEndpoint& endpoint;
  flatbuffers::FlatBufferBuilder& builder;

  // Set by a handler that answers with a body.
  fbs::ResponseBody bodyType = fbs::ResponseBody::NONE;
  flatbuffers::Offset<void> body;

  std::string HandlerId() const {
    return request.handlerId() != nullptr ? request.handlerId()->str() : std::string();
  }
  base::Timestamp Now() const { return worker.env().clock.Now(); }

  // The request body as the type the method expects; a TypeError if it is missing or another.
  template <typename T>
  const T& Body() const {
    const T* body = request.body_as<T>();
    if (body == nullptr) {
      sfu::ThrowTypeError("missing or mismatched body for method %s (body_type must be %s)",
                          fbs::EnumNameMethod(request.method()),
                          fbs::EnumNameMethod(request.method()));
    }
    return *body;
  }

  template <typename T>
  void Answer(fbs::ResponseBody type, flatbuffers::Offset<T> offset) {
    bodyType = type;
    body = offset.Union();
  }
};

}  // namespace weir::channel
