package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** A headless Service over the runners: stable DNS names per runner, and a target for service discovery. */
// Plain create/update, not server-side apply: SSA on API servers before 1.22 fails on first creation of some kinds.
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), useSSA = BooleanWithUndefined.FALSE)
public class RunnerServiceDependent extends CRUDKubernetesDependentResource<Service, LoadTest> {
  public RunnerServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(LoadTest lt, Context<LoadTest> context) {
    return build(lt, OperatorSettings.fromConfig());
  }

  /** The Service's port is the pods' one: spec.metrics.port when set, else the operator's default. */
  static Service build(LoadTest lt, OperatorSettings settings) {
    int port = RunnerPodsDependent.port(lt, settings);
    return new ServiceBuilder()
        .withNewMetadata().withName(Labels.serviceName(lt)).withNamespace(lt.getMetadata().getNamespace())
        .withLabels(Labels.common(lt, "runner")).endMetadata()
        .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true)
        .withSelector(Map.of(Labels.LOADTEST, lt.getMetadata().getName(), Labels.MANAGED_BY, Labels.OPERATOR))
        .addNewPort().withName("metrics").withProtocol("TCP").withPort(port).withNewTargetPort("metrics").endPort()
        .endSpec()
        .build();
  }
}
