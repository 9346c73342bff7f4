#pragma once

// Debian's Abseil has its own string_view type, which absl::StrCat takes but std::string_view
// does not convert to: Concat joins std::string_views (numbers via std::to_string).

#include <initializer_list>
#include <string>
#include <string_view>

namespace weir::room {

inline std::string Concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts)
    out.append(part);
  return out;
}

}  // namespace weir::room
