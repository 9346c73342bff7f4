#include "support/tshark.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace weir::test {
namespace {

// Separates the occurrences of one field: a control character no dissected value contains.
constexpr char kAggregator = '\x1f';

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

std::optional<uint64_t> ParseNumber(const std::string& s) {
  if (s.empty()) return std::nullopt;
  int base = 10;
  size_t skip = 0;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, skip = 2;
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(s.c_str() + skip, &end, base);
  if (errno != 0 || end == s.c_str() + skip || *end != '\0') return std::nullopt;
  return static_cast<uint64_t>(v);
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      return out;
    }
  }
}

}  // namespace

const std::vector<std::string>& TsharkFrame::All(const std::string& field) const {
  static const std::vector<std::string> kNone;
  auto it = fields.find(field);
  return it == fields.end() ? kNone : it->second;
}

std::string TsharkFrame::Str(const std::string& field, size_t index) const {
  const auto& all = All(field);
  return index < all.size() ? all[index] : std::string();
}

std::optional<uint64_t> TsharkFrame::U(const std::string& field, size_t index) const {
  return ParseNumber(Str(field, index));
}

std::vector<std::optional<uint64_t>> TsharkFrame::Us(const std::string& field) const {
  std::vector<std::optional<uint64_t>> out;
  for (const auto& s : All(field))
    out.push_back(ParseNumber(s));
  return out;
}

std::optional<std::string> FindTshark() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (const auto& dir : Split(dirs, ':')) {
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/tshark";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

TsharkRun RunTshark(const std::string& tshark, const std::string& pcap,
                    const std::vector<std::string>& args, const std::vector<std::string>& fields) {
  TsharkRun run;
  std::vector<std::string> argv{tshark, "-r", pcap, "-n"};
  argv.insert(argv.end(), args.begin(), args.end());
  for (std::string opt : {"-T", "fields", "-E", "header=n", "-E", "separator=/t", "-E",
                          "occurrence=a", "-E", "quote=n", "-E"})
    argv.push_back(opt);
  argv.push_back(std::string("aggregator=") + kAggregator);
  for (const auto& f : fields) {
    argv.push_back("-e");
    argv.push_back(f);
  }
  std::vector<char*> cargv;
  for (auto& a : argv)
    cargv.push_back(a.data());
  cargv.push_back(nullptr);

  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    run.error = "pipe failed";
    return run;
  }
  std::string errPath = pcap + ".stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, tshark.c_str(), &actions, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    run.error = std::string("cannot run ") + tshark + ": " + std::strerror(rc);
    return run;
  }
  std::string text = ReadAll(out[0]);
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::ifstream errFile(errPath);
  std::stringstream err;
  err << errFile.rdbuf();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    run.error = "tshark failed (status " + std::to_string(status) + "): " + err.str();
    return run;
  }

  for (const auto& line : Split(text, '\n')) {
    if (line.empty()) continue;
    auto columns = Split(line, '\t');
    if (columns.size() != fields.size()) {
      run.error = "tshark printed " + std::to_string(columns.size()) + " columns for " +
                  std::to_string(fields.size()) + " fields: " + line;
      return run;
    }
    TsharkFrame frame;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!columns[i].empty()) frame.fields[fields[i]] = Split(columns[i], kAggregator);
    }
    run.frames.push_back(std::move(frame));
  }
  run.ok = true;
  return run;
}

}  // namespace weir::test
