#include "static_files.hpp"

#include "doctest/doctest.h"

namespace weir::room {

TEST_CASE("only the page's own files are served") {
  CHECK(ResolveStaticFile("/")->fileName == "index.html");
  CHECK(ResolveStaticFile("/index.html")->mimeType == "text/html; charset=utf-8");
  CHECK(ResolveStaticFile("/?room=a&name=b")->fileName == "index.html");
  CHECK(ResolveStaticFile("/app.js")->fileName == "app.js");
  CHECK(ResolveStaticFile("/app.js")->mimeType == "text/javascript; charset=utf-8");
  CHECK(ResolveStaticFile("/style.css")->mimeType == "text/css; charset=utf-8");
  for (const char* path : {"", "/x", "/../etc/passwd", "/app.js/", "//app.js", "/APP.JS",
                           "/index.htm", "/stats", "/ws", "/web/app.js", "app.js"}) {
    CAPTURE(path);
    CHECK_FALSE(ResolveStaticFile(path).has_value());
  }
}

}  // namespace weir::room
