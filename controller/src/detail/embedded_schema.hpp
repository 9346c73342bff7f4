#pragma once

// The binary schema (build/schema/message.bfbs) compiled into the library. Its bytes are
// generated at build time by controller/cmake/embed_file.cmake; nothing generated is committed.

#include <cstdint>
#include <span>

namespace weir::detail {

std::span<const uint8_t> EmbeddedSchema();

}  // namespace weir::detail
