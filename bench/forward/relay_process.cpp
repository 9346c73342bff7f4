#include "relay_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace weir::bench {

RelayProcess::RelayProcess(const std::string& path, const std::vector<uint16_t>& destinations,
                           int bufferSize) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
    std::perror("bench_forward: pipe");
    std::exit(1);
  }
  std::vector<std::string> args{path, "--buffer", std::to_string(bufferSize)};
  for (uint16_t port : destinations)
    args.push_back(std::to_string(port));
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  int err = posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  if (err != 0) {
    std::fprintf(stderr, "bench_forward: cannot run %s: %s\n", path.c_str(), std::strerror(err));
    std::exit(1);
  }
  stdin_ = in[1];
  FILE* reader = fdopen(out[0], "r");
  unsigned port = 0;
  if (reader == nullptr || std::fscanf(reader, "port %u", &port) != 1) {
    std::fprintf(stderr, "bench_forward: the relay did not start\n");
    std::exit(1);
  }
  std::fclose(reader);
  inPort_ = static_cast<uint16_t>(port);
}

RelayProcess::~RelayProcess() {
  close(stdin_);
  int status = 0;
  waitpid(pid_, &status, 0);
}

}  // namespace weir::bench
