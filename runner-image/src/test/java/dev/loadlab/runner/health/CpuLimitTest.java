package dev.loadlab.runner.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cgroup files a pod's CPU limit shows up in, as the kernel lays them out. */
class CpuLimitTest {
  @TempDir
  Path dir;

  @Test
  void cgroupV2CpuMaxIsTheQuotaOverThePeriod() throws Exception {
    Path proc = Files.writeString(dir.resolve("cgroup"), "0::/kubepods/pod1/runner\n");
    Path group = Files.createDirectories(dir.resolve("fs/kubepods/pod1/runner"));
    Files.writeString(group.resolve("cpu.max"), "25000 100000\n");
    assertThat(CpuLimit.read(proc, dir.resolve("fs"))).isEqualTo(0.25);
    Files.writeString(group.resolve("cpu.max"), "max 100000\n");
    assertThat(CpuLimit.read(proc, dir.resolve("fs"))).as("no limit").isZero();
  }

  @Test
  void cgroupV1QuotaIsReadFromTheCpuHierarchy() throws Exception {
    Path proc = Files.writeString(dir.resolve("cgroup"), "4:memory:/x\n3:cpu,cpuacct:/loadlab/runner-0\n");
    Path group = Files.createDirectories(dir.resolve("fs/cpu,cpuacct/loadlab/runner-0"));
    Files.writeString(group.resolve("cpu.cfs_quota_us"), "150000\n");
    Files.writeString(group.resolve("cpu.cfs_period_us"), "100000\n");
    assertThat(CpuLimit.read(proc, dir.resolve("fs"))).isEqualTo(1.5);
    Files.writeString(group.resolve("cpu.cfs_quota_us"), "-1\n");
    assertThat(CpuLimit.read(proc, dir.resolve("fs"))).as("no limit").isZero();
  }

  @Test
  void noCgroupMeansTheProcessorsStand() {
    assertThat(CpuLimit.read(dir.resolve("missing"), dir)).isZero();
    assertThat(CpuLimit.cores()).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors());
  }
}
