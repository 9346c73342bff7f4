#include "engine/rtp/vp8_picture_id_rewriter.hpp"

namespace weir::engine {

void Vp8PictureIdRewriter::AdoptWidth(uint8_t bits) {
  // A source does not change its picture id width mid-stream; if one does, the input cannot
  // be unwrapped across the change, so it is handled as a new source.
  bits = bits == 7 ? 7 : 15;
  if (bits != pictureId_.inputBits()) pictureId_.SwitchSource(bits);
}

std::optional<uint16_t> Vp8PictureIdRewriter::RewritePictureId(uint16_t pictureId, uint8_t bits) {
  AdoptWidth(bits);
  const auto out = pictureId_.Rewrite(pictureId);
  if (!out) return std::nullopt;
  return static_cast<uint16_t>(*out & 0x7fff);
}

std::optional<uint8_t> Vp8PictureIdRewriter::RewriteTl0PicIdx(uint8_t tl0PicIdx) {
  const auto out = tl0PicIdx_.Rewrite(tl0PicIdx);
  if (!out) return std::nullopt;
  return static_cast<uint8_t>(*out);
}

void Vp8PictureIdRewriter::DropPictureId(uint16_t pictureId, uint8_t bits) {
  AdoptWidth(bits);
  pictureId_.Drop(pictureId);
}

void Vp8PictureIdRewriter::DropTl0PicIdx(uint8_t tl0PicIdx) {
  tl0PicIdx_.Drop(tl0PicIdx);
}

void Vp8PictureIdRewriter::SwitchSource() {
  pictureId_.SwitchSource();
  tl0PicIdx_.SwitchSource();
}

bool Vp8PictureIdRewriter::Rewrite(base::MutableByteView payload,
                                   proto::codecs::Vp8PayloadDescriptor& desc) {
  if (payload.size() < desc.headerSize) return false;
  // Check both mappings before recording either, so that a packet that cannot be forwarded
  // leaves no trace (its frame can still be dropped without a hole in the output).
  if (desc.pictureId) {
    AdoptWidth(desc.pictureIdBits);
    if (!pictureId_.Peek(*desc.pictureId)) return false;
  }
  if (desc.tl0PicIdx && !tl0PicIdx_.Peek(*desc.tl0PicIdx)) return false;
  if (desc.pictureId) {
    const auto out = RewritePictureId(*desc.pictureId, desc.pictureIdBits);
    if (!out || !desc.SetPictureId(payload, *out)) return false;
  }
  if (desc.tl0PicIdx) {
    const auto out = RewriteTl0PicIdx(*desc.tl0PicIdx);
    if (!out || !desc.SetTl0PicIdx(payload, *out)) return false;
  }
  return true;
}

void Vp8PictureIdRewriter::DropFrame(const proto::codecs::Vp8PayloadDescriptor& desc) {
  if (desc.pictureId) DropPictureId(*desc.pictureId, desc.pictureIdBits);
  if (desc.tl0PicIdx && desc.temporalLayerId.value_or(0) == 0) DropTl0PicIdx(*desc.tl0PicIdx);
}

}  // namespace weir::engine
