package dev.loadlab.operator.bench;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * For the operator-scale benchmark: each runner pod the operator creates gets a {@link SimulatedRunner} on a loopback
 * address of its own (127.0.1.1, 127.0.1.2, ... 127.0.2.1 ...) and is marked Running and Ready with that address as
 * its pod IP, as a kubelet would once the runner compiled its test. Counts its own API requests, so the benchmark
 * can tell the operator's apart.
 */
final class SimulatedKubelet implements AutoCloseable {
  private final KubernetesClient client;
  private final SimulatedRunner.Recording recording;
  private final long durationMillis;
  private final SimulatedRunner.RunnerStats stats = new SimulatedRunner.RunnerStats();
  private final Map<String, SimulatedRunner> runners = new ConcurrentHashMap<>();
  private final ExecutorService writes = Executors.newFixedThreadPool(4);
  private final ExecutorService serving = Executors.newFixedThreadPool(16);
  private final AtomicInteger nextIp = new AtomicInteger();
  final LongAdder apiRequests = new LongAdder();
  private final SharedIndexInformer<Pod> informer;

  SimulatedKubelet(KubernetesClient client, SimulatedRunner.Recording recording, long durationMillis) {
    this.client = client;
    this.recording = recording;
    this.durationMillis = durationMillis;
    apiRequests.add(2); // the informer's list and watch
    informer = client.pods().inAnyNamespace().withLabelSelector("app.kubernetes.io/managed-by=loadlab-operator")
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            writes.execute(() -> {
              try {
                start(pod);
              } catch (RuntimeException e) {
                System.err.println("simulated kubelet: pod " + pod.getMetadata().getName() + ": " + e);
              }
            });
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {
          }

          @Override
          public void onDelete(Pod pod, boolean unknown) {
            var r = runners.remove(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
            if (r != null) {
              r.close();
            }
          }
        });
  }

  SimulatedRunner.RunnerStats stats() {
    return stats;
  }

  int running() {
    return runners.size();
  }

  private void start(Pod pod) {
    int n = nextIp.getAndIncrement();
    String ip = "127.0." + (1 + n / 250) + "." + (1 + n % 250);
    var labels = pod.getMetadata().getLabels();
    var env = pod.getSpec().getContainers().get(0).getEnv();
    int index = Integer.parseInt(labels.getOrDefault("loadlab.dev/runner", "0"));
    int count = env.stream().filter(e -> e.getName().equals("LOADLAB_RUNNER_COUNT")).map(e -> Integer.parseInt(e.getValue()))
        .findFirst().orElse(1);
    int port = pod.getSpec().getContainers().get(0).getPorts().stream().filter(p -> p.getName().equals("control"))
        .findFirst().orElseThrow().getContainerPort();
    String token = env.stream().filter(e -> e.getName().equals("LOADLAB_CONTROL_TOKEN")).map(e -> e.getValue())
        .findFirst().orElse(null);
    try {
      runners.put(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(),
          new SimulatedRunner(ip, port, token, recording, durationMillis, index, count, stats, serving));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot listen on " + ip + ":" + port + ": " + e.getMessage(), e);
    }
    String now = Instant.now().toString();
    var status = new PodStatusBuilder().withPhase("Running").withPodIP(ip).withHostIP("127.0.0.1").withStartTime(now)
        .withConditions(
            new PodConditionBuilder().withType("PodScheduled").withStatus("True").withLastTransitionTime(now).build(),
            new PodConditionBuilder().withType("Initialized").withStatus("True").withLastTransitionTime(now).build(),
            new PodConditionBuilder().withType("ContainersReady").withStatus("True").withLastTransitionTime(now).build(),
            new PodConditionBuilder().withType("Ready").withStatus("True").withLastTransitionTime(now).build())
        .withContainerStatuses(new ContainerStatusBuilder().withName("runner").withImage("loadlab-runner").withReady(true)
            .withStarted(true).withRestartCount(0)
            .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now).endRunning().build()).build())
        .build();
    for (int attempt = 0; ; attempt++) {
      apiRequests.increment();
      try {
        pod.setStatus(status);
        client.pods().resource(pod).updateStatus();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (attempt == 4 || e.getCode() != 409) {
          throw e;
        }
        apiRequests.increment();
        pod = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
        if (pod == null) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    informer.close();
    runners.values().forEach(SimulatedRunner::close);
    writes.shutdownNow();
    serving.shutdownNow();
  }
}
