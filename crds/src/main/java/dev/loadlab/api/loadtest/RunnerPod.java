package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunnerPod {
  @JsonPropertyDescription("Runner image. Default: the operator's setting (the runner of the same release).")
  public String image;

  @JsonPropertyDescription("Image pull policy: Always, IfNotPresent or Never.")
  public PullPolicy imagePullPolicy;

  @JsonPropertyDescription("CPU and memory of each runner pod (Kubernetes resource requirements). "
      + "The runner sizes its heap from the memory limit.")
  public ResourceRequirements resources;

  @JsonPropertyDescription("Node selector of every runner pod (regions add their own).")
  public Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations of every runner pod.")
  public List<Toleration> tolerations;

  @JsonPropertyDescription("Affinity of every runner pod, e.g. anti-affinity to spread runners over nodes.")
  public Affinity affinity;

  @JsonPropertyDescription("Service account of the runner pods. Default: the namespace's default.")
  public String serviceAccountName;

  @JsonPropertyDescription("Extra labels of the runner pods.")
  public Map<String, String> labels;

  @JsonPropertyDescription("Extra annotations of the runner pods.")
  public Map<String, String> annotations;

  public enum PullPolicy { Always, IfNotPresent, Never }
}
