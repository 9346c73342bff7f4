#pragma once

// What the forward bench reads about a process and the host from /proc: CPU time, resident
// memory, UDP socket drops, load.

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace weir::bench {

// CPU time (user + system, every thread) of a process, in seconds, at nanosecond resolution:
// the clock clock_getcpuclockid(3) gives, which is what /proc/<pid>/stat's utime+stime are
// sampled from (those are in 1/100 s ticks, too coarse for short runs).
double CpuSeconds(pid_t pid);
// utime + stime from /proc/<pid>/stat, in seconds (for a cross-check).
double StatCpuSeconds(pid_t pid);
// VmRSS from /proc/<pid>/status, in KiB (0 if unknown).
uint64_t RssKiB(pid_t pid);
// Drops per local port of the IPv4 UDP sockets on this host (/proc/net/udp).
std::map<uint16_t, uint64_t> UdpDropsByPort();
// "1.23 0.98 0.70" from /proc/loadavg.
std::string LoadAverage();
// Pins a process (all its threads when `allThreads`) to one CPU; false if it cannot.
bool PinToCpu(pid_t pid, int cpu, bool allThreads);
// Sets the nice value of every thread of a process; false if it cannot (needs CAP_SYS_NICE for
// a negative value).
bool Renice(pid_t pid, int nice);
// With sched_autogroup (a session is one scheduling group, and nice only ranks threads within
// their group), sets the nice value of the calling process's group, which its children share.
// Returns the value it had, or nothing when autogroups are off or it cannot be set.
std::optional<int> ReniceAutogroup(int nice);

}  // namespace weir::bench
