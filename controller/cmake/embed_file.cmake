# Writes a C++ source that defines weir::detail::EmbeddedSchema() over the bytes of INPUT.
#   cmake -DINPUT=message.bfbs -DOUTPUT=embedded_schema.cpp -P embed_file.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hexLength)
math(EXPR size "${hexLength} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# 16 bytes a line keeps the file readable in a debugger.
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n  " bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by embed_file.cmake. Do not edit.
#include \"detail/embedded_schema.hpp\"

namespace weir::detail {

namespace {
alignas(8) const uint8_t kBytes[${size}] = {
  ${bytes}
};
}  // namespace

std::span<const uint8_t> EmbeddedSchema() { return {kBytes, ${size}}; }

}  // namespace weir::detail
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
