package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.Map;

/**
 * Nobody but the operator steers a runner: a NetworkPolicy over the LoadTest's runner pods admits anyone to their
 * metrics port (Prometheus scrapes it), only the operator's pods to their control port, and the LoadTest's own runners
 * to any port (a runner calls the demo target it serves). Declared while runners are wanted, when the operator is
 * configured for it ({@code loadlab.runner.network-policy}, the chart's {@code networkPolicy.enabled}). Without a
 * network plugin that enforces policies it changes nothing: each pod's control-API token still does.
 */
// Plain create/update, not server-side apply: SSA on API servers before 1.22 fails on first creation of some kinds.
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), useSSA = BooleanWithUndefined.FALSE)
public class RunnerNetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, LoadTest> {
  public RunnerNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  /** Active only when the operator is configured for it: no informer on NetworkPolicies otherwise. */
  public static class Enabled implements Condition<NetworkPolicy, LoadTest> {
    // read when asked, not when built: the operator SDK makes conditions at build time as well
    @Override
    public boolean isMet(DependentResource<NetworkPolicy, LoadTest> dependent, LoadTest lt, Context<LoadTest> context) {
      return OperatorSettings.fromConfig().networkPolicy().enabled();
    }
  }

  @Override
  protected NetworkPolicy desired(LoadTest lt, Context<LoadTest> context) {
    return build(lt, OperatorSettings.fromConfig());
  }

  static NetworkPolicy build(LoadTest lt, OperatorSettings settings) {
    var runners = Map.of(Labels.LOADTEST, lt.getMetadata().getName(), Labels.MANAGED_BY, Labels.OPERATOR);
    var np = settings.networkPolicy();
    var operator = new NetworkPolicyPeerBuilder()
        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(np.operatorLabels()).build());
    if (np.operatorNamespace() != null) {
      // kubernetes.io/metadata.name: every namespace carries it from Kubernetes 1.21 on
      operator.withNamespaceSelector(new LabelSelectorBuilder()
          .withMatchLabels(Map.of("kubernetes.io/metadata.name", np.operatorNamespace())).build());
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata().withName(Labels.serviceName(lt)).withNamespace(lt.getMetadata().getNamespace())
        .withLabels(Labels.common(lt, "runner")).endMetadata()
        .withNewSpec()
        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(runners).build())
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP")
            .withPort(new IntOrString(RunnerPodsDependent.port(lt, settings))).build())
        .endIngress()
        .addNewIngress()
        .withFrom(operator.build())
        .withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP")
            .withPort(new IntOrString(RunnerPodsDependent.controlPort(lt, settings))).build())
        .endIngress()
        .addNewIngress()
        .withFrom(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelectorBuilder().withMatchLabels(runners).build()).build())
        .endIngress()
        .endSpec()
        .build();
  }
}
