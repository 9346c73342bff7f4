// Fuzzes the AV1 aggregation header / OBU element parser, and leb128 (read, then write and
// read back the same value).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "proto/codecs/av1_payload_descriptor.hpp"
#include "proto/codecs/leb128.hpp"

using weir::proto::codecs::Av1PayloadDescriptor;
using weir::proto::codecs::Leb128Size;
using weir::proto::codecs::ReadLeb128;
using weir::proto::codecs::WriteLeb128;

#define FUZZ_CHECK(cond)           \
  do {                             \
    if (!(cond)) __builtin_trap(); \
  } while (0)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> in(data, data + size);

  if (const auto leb = ReadLeb128(in)) {
    FUZZ_CHECK(leb->size >= 1 && leb->size <= 8 && leb->size <= size);
    uint8_t buf[8];
    const size_t n = WriteLeb128(leb->value, buf);
    FUZZ_CHECK(n == Leb128Size(leb->value) && n <= leb->size);
    const auto back = ReadLeb128(weir::base::ByteView(buf, n));
    FUZZ_CHECK(back && back->value == leb->value && back->size == n);
  }

  const auto d = Av1PayloadDescriptor::Parse(in);
  if (!d) return 0;
  FUZZ_CHECK(d->headerSize == 1 && size >= 2);
  FUZZ_CHECK(d->obuElementCount >= 1 && d->obuElementCount <= size - 1);
  FUZZ_CHECK(d->obuCountField == 0 || d->obuElementCount == d->obuCountField);
  FUZZ_CHECK(!(d->newCodedVideoSequence && d->continuesObu));
  if (d->newCodedVideoSequence) FUZZ_CHECK(d->isKeyFrame);
  if (d->continuesObu) FUZZ_CHECK(!d->beginOfFrame);
  if (d->temporalLayerId) FUZZ_CHECK(*d->temporalLayerId <= 7 && d->spatialLayerId <= 3);
  FUZZ_CHECK(d->firstObuType.has_value() || (d->continuesObu && d->obuElementCount == 1));
  return 0;
}
