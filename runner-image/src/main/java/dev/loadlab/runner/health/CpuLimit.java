package dev.loadlab.runner.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CPU this process may use, in cores: its cgroup's CPU limit (a pod's {@code resources.limits.cpu}, cgroup v2
 * {@code cpu.max} or v1 {@code cpu.cfs_quota_us}), or else its cores. A limit of 250m is 0.25 here, where the JVM's
 * own count of processors rounds it up to 1.
 */
public final class CpuLimit {
  private CpuLimit() {
  }

  /** The limit of this process, or its available processors when it has none (or none can be read). */
  public static double cores() {
    double limit = read(Path.of("/proc/self/cgroup"), Path.of("/sys/fs/cgroup"));
    int processors = Runtime.getRuntime().availableProcessors();
    return limit > 0 ? Math.min(limit, processors) : processors;
  }

  /**
   * The quota of the cgroup {@code procCgroup} names, under the cgroup file system mounted at {@code root}; 0 when
   * there is none. Lines are "0::/path" (v2) or "N:cpu,cpuacct:/path" (v1).
   */
  static double read(Path procCgroup, Path root) {
    try {
      for (String line : Files.readAllLines(procCgroup)) {
        String[] parts = line.split(":", 3);
        if (parts.length < 3) {
          continue;
        }
        String path = parts[2].startsWith("/") ? parts[2].substring(1) : parts[2];
        if (parts[0].equals("0") && parts[1].isEmpty()) {
          double v2 = v2(root.resolve(path).resolve("cpu.max"));
          if (v2 > 0) {
            return v2;
          }
        } else if (List.of(parts[1].split(",")).contains("cpu")) {
          for (String dir : List.of(parts[1], "cpu", "cpu,cpuacct")) {
            double v1 = v1(root.resolve(dir).resolve(path));
            if (v1 > 0) {
              return v1;
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // no cgroup to read (not Linux, or hidden): the available processors stand
    }
    return 0;
  }

  private static double v2(Path cpuMax) throws IOException {
    if (!Files.isReadable(cpuMax)) {
      return 0;
    }
    String[] f = Files.readString(cpuMax).trim().split("\\s+");
    return f.length == 2 && !f[0].equals("max") ? Double.parseDouble(f[0]) / Double.parseDouble(f[1]) : 0;
  }

  private static double v1(Path dir) throws IOException {
    Path quota = dir.resolve("cpu.cfs_quota_us");
    Path period = dir.resolve("cpu.cfs_period_us");
    if (!Files.isReadable(quota) || !Files.isReadable(period)) {
      return 0;
    }
    long q = Long.parseLong(Files.readString(quota).trim());
    long p = Long.parseLong(Files.readString(period).trim());
    return q > 0 && p > 0 ? (double) q / p : 0;
  }
}
