package dev.loadlab.operator.lifecycle;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Set;

/**
 * What one runner pod's status says, in the words the LoadTest's status uses, and how to reach its control API: the
 * pod's {@code control} port (its {@code metrics} port for pods made before the ports were apart; 0: unknown) and the
 * token in its environment ({@code LOADLAB_CONTROL_TOKEN}; null: none). Read from the pod, so whichever replica leads
 * reaches the runners the way they were made.
 */
public record RunnerPodState(String name, String ip, boolean ready, String failure, String stuck, int controlPort,
    String token) {
  public RunnerPodState(String name, String ip, boolean ready, String failure, String stuck) {
    this(name, ip, ready, failure, stuck, 0, null);
  }

  /** The environment variable a runner pod's control-API token is in. */
  public static final String CONTROL_TOKEN = "LOADLAB_CONTROL_TOKEN";

  /** Waiting reasons that do not cure themselves; past the start deadline they fail the run. */
  private static final Set<String> STUCK = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
      "CreateContainerConfigError", "CreateContainerError", "CrashLoopBackOff", "RunContainerError");

  public static RunnerPodState of(Pod pod) {
    String name = pod.getMetadata().getName();
    var runner = pod.getSpec() == null || pod.getSpec().getContainers() == null ? null : pod.getSpec().getContainers().stream()
        .filter(c -> "runner".equals(c.getName())).findFirst().orElse(null);
    int port = runner == null || runner.getPorts() == null ? 0 : runner.getPorts().stream()
        .filter(p -> "control".equals(p.getName())).findFirst()
        .or(() -> runner.getPorts().stream().filter(p -> "metrics".equals(p.getName())).findFirst())
        .map(io.fabric8.kubernetes.api.model.ContainerPort::getContainerPort).orElse(0);
    String token = runner == null || runner.getEnv() == null ? null : runner.getEnv().stream()
        .filter(e -> CONTROL_TOKEN.equals(e.getName())).map(io.fabric8.kubernetes.api.model.EnvVar::getValue)
        .findFirst().orElse(null);
    var st = pod.getStatus();
    if (st == null) {
      return new RunnerPodState(name, null, false, null, "not scheduled yet", port, token);
    }
    boolean ready = st.getConditions() != null && st.getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    String failure = null;
    if ("Failed".equals(st.getPhase())) {
      failure = "failed" + terminated(st.getContainerStatuses() == null ? null : st.getContainerStatuses().stream()
          .filter(c -> "runner".equals(c.getName())).findFirst().orElse(null));
      if (st.getReason() != null) {
        failure += " (" + st.getReason() + (st.getMessage() != null ? ": " + st.getMessage() : "") + ")";
      }
    } else if ("Succeeded".equals(st.getPhase())) {
      failure = "exited before its results were collected";
    }
    return new RunnerPodState(name, st.getPodIP(), ready && st.getPodIP() != null, failure, stuck(st), port, token);
  }

  private static String terminated(ContainerStatus c) {
    if (c == null || c.getState() == null || c.getState().getTerminated() == null) {
      return "";
    }
    var t = c.getState().getTerminated();
    String why = t.getReason() != null && !"Error".equals(t.getReason()) ? " (" + t.getReason() + ")" : "";
    String message = t.getMessage() == null || t.getMessage().isBlank() ? null : t.getMessage().strip();
    if (message != null && message.startsWith("✗ ")) {
      message = message.substring(2);
    }
    if (message != null && t.getExitCode() != null && t.getExitCode() == 2) {
      return ": exit code 2, the runner found the test invalid: " + message;
    }
    String meaning = exitMeaning(t.getExitCode());
    if (meaning.isEmpty() && message != null && t.getExitCode() != null && t.getExitCode() != 0) {
      // an unexpected end: the last line the runner wrote (the kubelet's FallbackToLogsOnError tail)
      String[] lines = message.split("\n");
      meaning = ": " + lines[lines.length - 1].strip();
    }
    return ": exit code " + t.getExitCode() + why + meaning;
  }

  private static String exitMeaning(Integer code) {
    if (code == null) {
      return "";
    }
    return switch (code) {
      case 2 -> ", the runner found the test invalid; see the pod's log";
      case 98 -> ", the test went over spec.metrics.maxResources distinct resources; raise it or set resource labels";
      case 137 -> ", killed (SIGKILL): out of memory or evicted; raise spec.runner.resources.limits.memory";
      case 143 -> ", terminated (SIGTERM)";
      default -> "";
    };
  }

  /** Why the pod is not starting, when it says so: unschedulable, image pull, missing Secret key... */
  private static String stuck(io.fabric8.kubernetes.api.model.PodStatus st) {
    if (st.getContainerStatuses() != null) {
      for (ContainerStatus c : st.getContainerStatuses()) {
        var w = c.getState() == null ? null : c.getState().getWaiting();
        if (w != null && w.getReason() != null && STUCK.contains(w.getReason())) {
          return w.getReason() + (w.getMessage() != null ? ": " + w.getMessage() : "");
        }
      }
    }
    if (st.getConditions() != null) {
      for (PodCondition c : st.getConditions()) {
        if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
          return (c.getReason() != null ? c.getReason() : "NotScheduled") + (c.getMessage() != null ? ": " + c.getMessage() : "");
        }
      }
    }
    return null;
  }
}
