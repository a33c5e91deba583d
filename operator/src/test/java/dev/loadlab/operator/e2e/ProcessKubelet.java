package dev.loadlab.operator.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test-only kubelet: it runs the runner pods the operator creates as local processes of the real runner
 * jar, and writes their status back as a kubelet would. Each pod gets its own loopback address
 * (127.0.0.2, 127.0.0.3, ...) as its podIP, so the operator reaches runners exactly as in a cluster.
 * It implements what the runner pods use: env values, fieldRef status.podIP, Secret and ConfigMap keys,
 * $(VAR) expansion in args, ConfigMap volumes, the HTTP readiness probe, exit codes and deletion, and
 * resources.limits.cpu as a CPU quota ({@link CpuCgroups}).
 * The image is not pulled: every container runs the runner jar, as the runner image's entrypoint would.
 */
public final class ProcessKubelet implements AutoCloseable {
  private static final Pattern VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private final KubernetesClient client;
  private final Path runnerJar;
  private final Path workDir;
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private final ScheduledExecutorService probes = Executors.newScheduledThreadPool(4);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final SharedIndexInformer<Pod> informer;
  private int nextIp = 2;
  private volatile java.util.function.BiConsumer<Pod, String> onStarted = (pod, ip) -> { };
  private final CpuCgroups cgroups = CpuCgroups.find();

  /** Whether this kubelet can hold a pod to its resources.limits.cpu (a writable cgroup CPU controller). */
  public boolean enforcesCpuLimits() {
    return cgroups != null;
  }

  /** Told of every pod whose process started, with its pod IP. */
  public void onStarted(java.util.function.BiConsumer<Pod, String> listener) {
    this.onStarted = listener;
  }

  public ProcessKubelet(KubernetesClient client, Path runnerJar, Path workDir, String labelSelector) {
    this.client = client;
    this.runnerJar = runnerJar;
    this.workDir = workDir;
    this.informer = client.pods().inAnyNamespace().withLabelSelector(labelSelector).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        probes.execute(() -> launch(pod));
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
          probes.execute(() -> terminate(key(pod)));
        }
      }

      @Override
      public void onDelete(Pod pod, boolean unknown) {
        probes.execute(() -> terminate(key(pod)));
      }
    });
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** The runner process of a pod, for tests that kill one. */
  public Process process(String namespace, String pod) {
    return processes.get(namespace + "/" + pod);
  }

  public Path log(String namespace, String pod) {
    return workDir.resolve(namespace + "_" + pod + ".log");
  }

  /** The last lines of the log of every pod of a namespace that this kubelet ran, for failure messages. */
  public String logs(String namespace, int lines) throws IOException {
    var out = new StringBuilder();
    try (var files = Files.list(workDir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith(namespace + "_")
          && f.getFileName().toString().endsWith(".log")).sorted().toList()) {
        List<String> all = Files.readAllLines(f);
        out.append("--- ").append(f.getFileName()).append(all.isEmpty() ? " (empty)" : " (last " + lines + " lines)").append('\n');
        all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
      }
    }
    return out.length() == 0 ? "(no runner pod was started in " + namespace + ")\n" : out.toString();
  }

  private synchronized String allocateIp() {
    String ip = "127.0.0." + nextIp;
    nextIp = nextIp >= 250 ? 2 : nextIp + 1;
    return ip;
  }

  private void launch(Pod pod) {
    String key = key(pod);
    if (processes.containsKey(key) || pod.getStatus() != null && pod.getStatus().getPhase() != null
        && !"Pending".equals(pod.getStatus().getPhase())) {
      return;
    }
    try {
      Container c = pod.getSpec().getContainers().get(0);
      String ip = allocateIp();
      Map<String, String> env = new LinkedHashMap<>();
      String configError = resolveEnv(pod, c, ip, env);
      if (configError != null) {
        status(pod, s -> {
          s.setPhase("Pending");
          s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
              .withReady(false).withRestartCount(0).withState(new ContainerStateBuilder().withNewWaiting()
                  .withReason("CreateContainerConfigError").withMessage(configError).endWaiting().build()).build()));
          return s;
        });
        return;
      }
      Path podDir = Files.createDirectories(workDir.resolve(pod.getMetadata().getNamespace() + "_" + pod.getMetadata().getName()));
      Map<String, Path> mounts = mountVolumes(pod, c, podDir);
      Path terminationLog = terminationLog(c, podDir, mounts);
      List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-jar", runnerJar.toString()));
      for (String arg : c.getArgs()) {
        command.add(localPath(expand(arg, env), mounts));
      }
      var cpu = c.getResources() == null || c.getResources().getLimits() == null ? null : c.getResources().getLimits().get("cpu");
      if (cpu != null) {
        if (cgroups == null) {
          status(pod, s -> {
            s.setPhase("Pending");
            s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                .withReady(false).withRestartCount(0).withState(new ContainerStateBuilder().withNewWaiting()
                    .withReason("CreateContainerError").withMessage("this test kubelet cannot enforce resources.limits.cpu: "
                        + "no writable cgroup CPU controller").endWaiting().build()).build()));
            return s;
          });
          return;
        }
        Path procs = cgroups.create(cgroupName(pod), cpu.getNumericalAmount().doubleValue());
        command = new ArrayList<>(CpuCgroups.joining(procs, command));
      }
      var pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(pod.getMetadata().getNamespace(), pod.getMetadata().getName()).toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      processes.put(key, p);
      String started = Instant.now().toString();
      status(pod, s -> {
        s.setPhase("Running");
        s.setPodIP(ip);
        s.setHostIP("127.0.0.1");
        s.setStartTime(started);
        s.setConditions(conditions(false, started));
        s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
            .withReady(false).withStarted(true).withRestartCount(0)
            .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(started).endRunning().build()).build()));
        return s;
      });
      onStarted.accept(pod, ip);
      probes.schedule(() -> probe(pod, c, ip, p), 500, TimeUnit.MILLISECONDS);
      p.onExit().thenAccept(done -> exited(pod, c, done.exitValue(), started, terminationLog));
    } catch (IOException | RuntimeException e) {
      System.err.println("process kubelet: could not start " + key + ": " + e);
    }
  }

  private String resolveEnv(Pod pod, Container c, String ip, Map<String, String> env) {
    String ns = pod.getMetadata().getNamespace();
    for (var e : c.getEnv()) {
      if (e.getValueFrom() == null) {
        env.put(e.getName(), expand(e.getValue() == null ? "" : e.getValue(), env));
      } else if (e.getValueFrom().getFieldRef() != null) {
        String path = e.getValueFrom().getFieldRef().getFieldPath();
        env.put(e.getName(), switch (path) {
          case "status.podIP" -> ip;
          case "metadata.name" -> pod.getMetadata().getName();
          case "metadata.namespace" -> ns;
          default -> "";
        });
      } else if (e.getValueFrom().getSecretKeyRef() != null) {
        var ref = e.getValueFrom().getSecretKeyRef();
        var secret = client.secrets().inNamespace(ns).withName(ref.getName()).get();
        String b64 = secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
        if (b64 == null) {
          if (Boolean.TRUE.equals(ref.getOptional())) {
            continue;
          }
          return secret == null ? "secret \"" + ref.getName() + "\" not found"
              : "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName();
        }
        env.put(e.getName(), new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
      } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = e.getValueFrom().getConfigMapKeyRef();
        var cm = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
        String v = cm == null || cm.getData() == null ? null : cm.getData().get(ref.getKey());
        if (v == null) {
          if (Boolean.TRUE.equals(ref.getOptional())) {
            continue;
          }
          return cm == null ? "configmap \"" + ref.getName() + "\" not found"
              : "couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName();
        }
        env.put(e.getName(), v);
      }
    }
    return null;
  }

  private Map<String, Path> mountVolumes(Pod pod, Container c, Path podDir) throws IOException {
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (var m : c.getVolumeMounts()) {
      Volume v = pod.getSpec().getVolumes().stream().filter(x -> x.getName().equals(m.getName())).findFirst().orElseThrow();
      // each volume at its mount path under the pod's own root, so a path above mounts (a directory of them) maps too
      Path dir = Files.createDirectories(Path.of(podDir.resolve("root") + m.getMountPath()));
      if (v.getConfigMap() != null) {
        var cm = client.configMaps().inNamespace(pod.getMetadata().getNamespace()).withName(v.getConfigMap().getName()).get();
        if (cm == null) {
          throw new IOException("configmap " + v.getConfigMap().getName() + " not found");
        }
        if (cm.getData() != null) {
          for (var e : cm.getData().entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
          }
        }
        if (cm.getBinaryData() != null) {
          for (var e : cm.getBinaryData().entrySet()) {
            Files.write(dir.resolve(e.getKey()), java.util.Base64.getDecoder().decode(e.getValue()));
          }
        }
      }
      mounts.put(m.getMountPath(), dir);
    }
    return mounts;
  }

  /** An argument naming a file under a mount path, pointed at the pod's local copy (longest mount first, once). */
  /** An argument naming a path at or above a mount path, pointed at the pod's local root (--option=PATH too). */
  private static String localPath(String arg, Map<String, Path> mounts) {
    if (arg.startsWith("--") && arg.contains("=")) {
      int eq = arg.indexOf('=');
      return arg.substring(0, eq + 1) + localPath(arg.substring(eq + 1), mounts);
    }
    for (var e : mounts.entrySet()) {
      String mountPath = e.getKey();
      if (arg.equals(mountPath) || arg.startsWith(mountPath + "/") || mountPath.startsWith(arg + "/")) {
        String dir = e.getValue().toString();
        return dir.substring(0, dir.length() - mountPath.length()) + arg;
      }
    }
    return arg;
  }

  private static String expand(String s, Map<String, String> env) {
    Matcher m = VAR.matcher(s);
    var out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
    }
    return m.appendTail(out).toString();
  }

  private void probe(Pod pod, Container c, String ip, Process p) {
    if (!p.isAlive()) {
      return;
    }
    var get = c.getReadinessProbe() == null ? null : c.getReadinessProbe().getHttpGet();
    boolean ready = true;
    if (get != null) {
      int port = get.getPort().getIntVal() != null ? get.getPort().getIntVal()
          : c.getPorts().stream().filter(x -> get.getPort().getStrVal().equals(x.getName())).findFirst().orElseThrow().getContainerPort();
      try {
        var resp = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":" + port + get.getPath()))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
        ready = resp.statusCode() / 100 == 2;
      } catch (IOException e) {
        ready = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (ready) {
      String now = Instant.now().toString();
      status(pod, s -> {
        if (!"Running".equals(s.getPhase())) {
          return s;
        }
        s.setConditions(conditions(true, now));
        s.getContainerStatuses().forEach(cs -> cs.setReady(true));
        return s;
      });
    } else {
      probes.schedule(() -> probe(pod, c, ip, p), 500, TimeUnit.MILLISECONDS);
    }
  }

  private static String cgroupName(Pod pod) {
    return "loadlab-e2e-" + pod.getMetadata().getNamespace() + "-" + pod.getMetadata().getName();
  }

  /**
   * As a kubelet does: the container's terminationMessagePath is a file it may write why it ended into (here under the
   * pod's root, so an argument naming it is pointed there); read when it exits.
   */
  private static Path terminationLog(Container c, Path podDir, Map<String, Path> mounts) throws IOException {
    String path = c.getTerminationMessagePath() == null ? "/dev/termination-log" : c.getTerminationMessagePath();
    Path file = Path.of(podDir.resolve("root") + path);
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(file);
    mounts.put(path, file);
    return file;
  }

  /** The termination message: what the container wrote (at most 4096 bytes), else with FallbackToLogsOnError and a
   *  failure the end of its log (at most 80 lines, 2048 bytes), as a kubelet takes it. */
  private String terminationMessage(Pod pod, Container c, int code, Path file) {
    try {
      String written = Files.readString(file);
      if (!written.isBlank()) {
        return written.length() > 4096 ? written.substring(0, 4096) : written;
      }
      if (code != 0 && "FallbackToLogsOnError".equals(c.getTerminationMessagePolicy())) {
        var lines = Files.readAllLines(log(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        return tail.length() > 2048 ? tail.substring(tail.length() - 2048) : tail;
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  private void exited(Pod pod, Container c, int code, String started, Path terminationLog) {
    String message = terminationMessage(pod, c, code, terminationLog);
    String key = key(pod);
    processes.remove(key);
    if (cgroups != null) {
      cgroups.remove(cgroupName(pod));
    }
    String now = Instant.now().toString();
    status(pod, s -> {
      s.setPhase(code == 0 ? "Succeeded" : "Failed");
      s.setConditions(conditions(false, now));
      s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
          .withReady(false).withStarted(false).withRestartCount(0)
          .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(code)
              .withReason(code == 0 ? "Completed" : "Error").withMessage(message).withStartedAt(started).withFinishedAt(now)
              .endTerminated().build())
          .build()));
      return s;
    });
  }

  private static List<PodCondition> conditions(boolean ready, String now) {
    String r = ready ? "True" : "False";
    return List.of(
        new PodConditionBuilder().withType("PodScheduled").withStatus("True").withLastTransitionTime(now).build(),
        new PodConditionBuilder().withType("Initialized").withStatus("True").withLastTransitionTime(now).build(),
        new PodConditionBuilder().withType("ContainersReady").withStatus(r).withLastTransitionTime(now).build(),
        new PodConditionBuilder().withType("Ready").withStatus(r).withLastTransitionTime(now).build());
  }

  private void status(Pod pod, UnaryOperator<io.fabric8.kubernetes.api.model.PodStatus> change) {
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        var current = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
        if (current == null) {
          return;
        }
        var st = current.getStatus() == null ? new io.fabric8.kubernetes.api.model.PodStatus() : current.getStatus();
        current.setStatus(change.apply(st));
        client.pods().resource(current).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          System.err.println("process kubelet: status of " + key(pod) + ": " + e.getMessage());
          return;
        }
      }
    }
  }

  /** SIGTERM, as a kubelet does on deletion, then SIGKILL after the grace period. */
  private void terminate(String key) {
    Process p = processes.remove(key);
    if (p == null) {
      return;
    }
    p.toHandle().destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.toHandle().destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() {
    informer.close();
    processes.values().forEach(p -> p.toHandle().destroyForcibly());
    probes.shutdownNow();
  }
}
