#include "static_files.hpp"

namespace weir::room {

std::optional<StaticFile> ResolveStaticFile(std::string_view path) {
  if (size_t query = path.find('?'); query != std::string_view::npos) path = path.substr(0, query);
  if (path == "/" || path == "/index.html") {
    return StaticFile{"index.html", "text/html; charset=utf-8"};
  }
  if (path == "/app.js") return StaticFile{"app.js", "text/javascript; charset=utf-8"};
  if (path == "/style.css") return StaticFile{"style.css", "text/css; charset=utf-8"};
  return std::nullopt;
}

}  // namespace weir::room
