#pragma once

// The page files weir-room serves from --web-root: exactly these, nothing else (no directory
// listing, no paths from the request ever reach the file system).

#include <optional>
#include <string_view>

namespace weir::room {

struct StaticFile {
  std::string_view fileName;  // relative to the web root
  std::string_view mimeType;
};

// The file for a request path ("/", "/index.html", "/app.js", "/style.css"), ignoring a query
// string; nothing for any other path.
std::optional<StaticFile> ResolveStaticFile(std::string_view path);

}  // namespace weir::room
