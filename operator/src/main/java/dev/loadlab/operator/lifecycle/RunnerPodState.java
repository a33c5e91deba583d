package dev.loadlab.operator.lifecycle;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Set;

/** What one runner pod's status says, in the words the LoadTest's status uses. */
public record RunnerPodState(String name, String ip, boolean ready, String failure, String stuck) {
  /** Waiting reasons that do not cure themselves; past the start deadline they fail the run. */
  private static final Set<String> STUCK = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
      "CreateContainerConfigError", "CreateContainerError", "CrashLoopBackOff", "RunContainerError");

  public static RunnerPodState of(Pod pod) {
    String name = pod.getMetadata().getName();
    var st = pod.getStatus();
    if (st == null) {
      return new RunnerPodState(name, null, false, null, "not scheduled yet");
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
    return new RunnerPodState(name, st.getPodIP(), ready && st.getPodIP() != null, failure, stuck(st));
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
