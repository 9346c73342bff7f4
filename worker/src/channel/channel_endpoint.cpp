#include "channel/channel_endpoint.hpp"

#include "sfu/errors.hpp"

namespace weir::channel {

namespace {

fbs::ErrorKind ToFbs(sfu::ErrorKind kind) {
  switch (kind) {
    case sfu::ErrorKind::kTypeError:
      return fbs::ErrorKind::TypeError;
    case sfu::ErrorKind::kInvalidState:
      return fbs::ErrorKind::InvalidStateError;
    case sfu::ErrorKind::kNotFound:
      return fbs::ErrorKind::NotFoundError;
    case sfu::ErrorKind::kError:
      return fbs::ErrorKind::Error;
  }
  return fbs::ErrorKind::Error;
}

}  // namespace

ChannelEndpoint::ChannelEndpoint(sfu::Worker& worker, FrameSink& sink)
    : worker_(worker), sink_(sink) {}

ChannelEndpoint::~ChannelEndpoint() = default;

void ChannelEndpoint::HandleBytes(base::ByteView data) {
  counters_.bytesIn += data.size();
  decoder_.Append(data);
  for (;;) {
    FrameDecoder::Event event = decoder_.Next();
    if (event.kind == FrameDecoder::Kind::kNeedMore) break;
    if (event.kind == FrameDecoder::Kind::kOversized) {
      ++counters_.oversizedFrames;
      WEIR_WARN(kMessage, "channel frame of %u bytes exceeds the %u-byte limit, skipped",
                event.length, kMaxFrameSize);
      continue;
    }
    ++counters_.framesIn;
    HandleFrame(event.frame);
    if (closeRequested_) {
      // worker.close was answered: the rest of the input is not for this worker any more.
      closeRequested_ = false;
      if (onCloseRequested_) onCloseRequested_();
      return;
    }
  }
}

void ChannelEndpoint::HandleFrame(base::ByteView frame) {
  flatbuffers::Verifier verifier(frame.data(), frame.size());
  if (frame.empty() || !fbs::VerifyMessageBuffer(verifier)) {
    ++counters_.unverifiableBuffers;
    WEIR_WARN(kMessage, "channel frame of %zu bytes failed verification, dropped", frame.size());
    return;
  }
  const fbs::Message* message = fbs::GetMessage(frame.data());
  const fbs::Request* request = message->data_as_Request();
  if (request == nullptr) {
    ++counters_.unexpectedMessages;
    WEIR_WARN(kMessage, "channel message of type %s is not a Request, dropped",
              fbs::EnumNameBody(message->data_type()));
    return;
  }
  HandleRequest(*request);
}

void ChannelEndpoint::HandleRequest(const fbs::Request& request) {
  builder_.Clear();
  RequestContext ctx{request, worker_, *this, builder_};
  bool accepted = true;
  fbs::ErrorKind errorKind = fbs::ErrorKind::None;
  std::string reason;
  try {
    dispatcher_.Dispatch(ctx);
  } catch (const sfu::Error& error) {
    accepted = false;
    errorKind = ToFbs(error.kind());
    reason = error.what();
  } catch (const std::exception& error) {
    accepted = false;
    errorKind = fbs::ErrorKind::Error;
    reason = error.what();
  }
  if (!accepted) {
    ++counters_.requestsRejected;
    WEIR_DEBUG(kMessage, "request %u (%s) rejected: %s", request.id(),
               fbs::EnumNameMethod(request.method()), reason);
    // Anything the handler built before throwing is garbage now.
    builder_.Clear();
    ctx.bodyType = fbs::ResponseBody::NONE;
  }
  auto reasonOffset = accepted ? 0 : builder_.CreateString(reason);
  fbs::ResponseBuilder response(builder_);
  response.add_id(request.id());
  response.add_accepted(accepted);
  if (!accepted) {
    response.add_error(errorKind);
    response.add_reason(reasonOffset);
  } else if (ctx.bodyType != fbs::ResponseBody::NONE) {
    response.add_body_type(ctx.bodyType);
    response.add_body(ctx.body);
  }
  auto responseOffset = response.Finish();
  Send(fbs::CreateMessage(builder_, fbs::Body::Response, responseOffset.Union()),
       FrameClass::kResponse);
}

void ChannelEndpoint::Notify(const std::string& handlerId, fbs::Event event,
                             fbs::NotificationBody bodyType, const BodyBuilder& buildBody) {
  flatbuffers::FlatBufferBuilder builder(256);
  auto body = buildBody ? buildBody(builder) : flatbuffers::Offset<void>();
  auto notification =
      fbs::CreateNotificationDirect(builder, handlerId.c_str(), event,
                                    body.IsNull() ? fbs::NotificationBody::NONE : bodyType, body);
  auto message = fbs::CreateMessage(builder, fbs::Body::Notification, notification.Union());
  builder.Finish(message);
  auto frame = builder.GetBufferSpan();
  counters_.bytesOut += frame.size() + kFrameHeaderSize;
  if (sink_.WriteFrame(base::ByteView(frame.data(), frame.size()), FrameClass::kNotification)) {
    ++counters_.framesOut;
  } else {
    ++counters_.framesDropped;
  }
}

void ChannelEndpoint::Write(base::LogLevel level, base::LogTag tag, std::string_view text) {
  if (inLogWrite_) return;  // A log line about writing a log line would loop.
  inLogWrite_ = true;
  flatbuffers::FlatBufferBuilder builder(128 + text.size());
  auto textOffset = builder.CreateString(text.data(), text.size());
  auto log = fbs::CreateLog(builder, static_cast<fbs::LogLevel>(level),
                            static_cast<fbs::LogTag>(tag), textOffset);
  auto message = fbs::CreateMessage(builder, fbs::Body::Log, log.Union());
  builder.Finish(message);
  auto frame = builder.GetBufferSpan();
  if (sink_.WriteFrame(base::ByteView(frame.data(), frame.size()), FrameClass::kLog)) {
    ++counters_.framesOut;
    counters_.bytesOut += frame.size() + kFrameHeaderSize;
  } else {
    ++counters_.framesDropped;
  }
  inLogWrite_ = false;
}

void ChannelEndpoint::Send(flatbuffers::Offset<fbs::Message> message, FrameClass cls) {
  builder_.Finish(message);
  auto frame = builder_.GetBufferSpan();
  if (sink_.WriteFrame(base::ByteView(frame.data(), frame.size()), cls)) {
    ++counters_.framesOut;
    counters_.bytesOut += frame.size() + kFrameHeaderSize;
  } else {
    ++counters_.framesDropped;
  }
}

}  // namespace weir::channel
