package dev.loadlab.operator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A pod's {@code resources.limits.cpu} as a kubelet enforces it: a cgroup of its own with that CPU quota (cgroup v1
 * {@code cpu.cfs_quota_us}, or v2 {@code cpu.max}), which the runner process joins before it executes the JVM. The
 * JVM and the runner then see the limit as they would in a container.
 */
final class CpuCgroups {
  private static final long PERIOD_US = 100_000;
  private final Path root;
  private final boolean v2;

  private CpuCgroups(Path root, boolean v2) {
    this.root = root;
    this.v2 = v2;
  }

  /** The writable CPU controller of this machine, or null when there is none (no cgroups, or not allowed). */
  static CpuCgroups find() {
    for (Path v1 : List.of(Path.of("/sys/fs/cgroup/cpu"), Path.of("/sys/fs/cgroup/cpu,cpuacct"))) {
      if (Files.isWritable(v1.resolve("cpu.cfs_quota_us")) || Files.isWritable(v1) && Files.exists(v1.resolve("cpu.cfs_quota_us"))) {
        return probe(new CpuCgroups(v1, false));
      }
    }
    Path unified = Path.of("/sys/fs/cgroup");
    try {
      if (Files.readString(unified.resolve("cgroup.controllers")).contains("cpu")) {
        return probe(new CpuCgroups(unified, true));
      }
    } catch (IOException e) {
      // no cgroup v2 at the root
    }
    return null;
  }

  private static CpuCgroups probe(CpuCgroups c) {
    try {
      c.create("loadlab-e2e-probe", 1);
      c.remove("loadlab-e2e-probe");
      return c;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A cgroup named {@code name} limited to {@code cores}; returns the file a process writes its pid to, to join it. */
  Path create(String name, double cores) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    long quota = Math.max(1000, Math.round(cores * PERIOD_US));
    if (v2) {
      try {
        Files.writeString(root.resolve("cgroup.subtree_control"), "+cpu");
      } catch (IOException alreadyOrNotAllowed) {
        // the cpu controller may already be enabled for children; cpu.max below says whether it is
      }
      Files.writeString(dir.resolve("cpu.max"), quota + " " + PERIOD_US);
    } else {
      Files.writeString(dir.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
      Files.writeString(dir.resolve("cpu.cfs_quota_us"), Long.toString(quota));
    }
    return dir.resolve("cgroup.procs");
  }

  /** Removes the cgroup once its processes are gone (the kernel refuses while one is left). */
  void remove(String name) {
    try {
      Files.deleteIfExists(root.resolve(name));
    } catch (IOException e) {
      System.err.println("process kubelet: could not remove cgroup " + root.resolve(name) + ": " + e.getMessage());
    }
  }

  /** The command that joins the cgroup, then runs {@code command} in the same process. */
  static List<String> joining(Path procs, List<String> command) {
    var wrapped = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
        String.format(Locale.ROOT, "echo $$ > '%s' && exec \"$@\"", procs), "sh"));
    wrapped.addAll(command);
    return wrapped;
  }
}
