// RunLimited: the limits that guard the server from ffmpeg on hostile uploads really hold.
#include "media/subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>

namespace kring::media {
namespace {

TEST(RunLimited, CapturesOutputAndExitCode) {
  auto r = RunLimited({"/bin/sh", "-c", "echo hallo; echo fout >&2; exit 3"}, {});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->out, "hallo\n");
  EXPECT_EQ(r->err_tail, "fout\n");
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_FALSE(r->timed_out);
}

TEST(RunLimited, KillsAProcessThatRunsPastItsWallTime) {
  SubprocessLimits limits;
  limits.timeout_ms = 200;
  auto r = RunLimited({"/bin/sleep", "30"}, limits);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->timed_out);
  EXPECT_EQ(r->signal, SIGKILL);
}

TEST(RunLimited, TheMemoryCapStopsAnAllocationAboveIt) {
  SubprocessLimits limits;
  limits.memory_bytes = 256ull << 20;
  // 512 MB of touched memory: impossible under a 256 MB address-space limit.
  auto r = RunLimited({"/usr/bin/python3", "-c", "b = bytearray(512 * 1024 * 1024); print(len(b))"}, limits);
  ASSERT_TRUE(r.has_value());
  EXPECT_NE(r->exit_code, 0);
  EXPECT_EQ(r->out, "");
  // Without the cap the same program succeeds, so the cap is what stopped it.
  auto free_run = RunLimited({"/usr/bin/python3", "-c", "b = bytearray(512 * 1024 * 1024); print(len(b))"}, {});
  ASSERT_TRUE(free_run.has_value());
  EXPECT_EQ(free_run->exit_code, 0);
}

TEST(RunLimited, NoShellIsInvolved) {
  // Shell syntax in an argument stays a literal argument.
  auto r = RunLimited({"/bin/echo", "$(id); rm -rf /"}, {});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->out, "$(id); rm -rf /\n");
}

TEST(RunLimited, AMissingProgramExitsWith127) {
  auto r = RunLimited({"/nonexistent/ffmpeg"}, {});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->exit_code, 127);
}

}  // namespace
}  // namespace kring::media
