package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated LoadTest the runners read, mounted at {@code /etc/loadlab/loadtest.yaml}. It is the run's
 * snapshot: once written for a run it is not rewritten during that run, so a spec change mid-run cannot
 * reach half of the runners (it becomes the next run).
 */
// Plain create/update, not server-side apply: SSA on API servers before 1.22 fails on first creation of some kinds.
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ",app.kubernetes.io/component=scenario"),
    useSSA = BooleanWithUndefined.FALSE)
public class ScenarioConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, LoadTest> {
  public static final String KEY = "loadtest.yaml";

  public ScenarioConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(LoadTest lt, Context<LoadTest> context) {
    String run = Integer.toString(lt.getStatus().run);
    var existing = context.getSecondaryResource(ConfigMap.class, "scenario").orElse(null);
    if (existing != null && existing.getData() != null && run.equals(existing.getMetadata().getAnnotations().get(Labels.RUN))) {
      return build(lt, run, existing.getData().get(KEY));
    }
    return build(lt, run, render(lt));
  }

  static ConfigMap build(LoadTest lt, String run, String document) {
    return new ConfigMapBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(Labels.configMapName(lt)).withNamespace(lt.getMetadata().getNamespace())
            .withLabels(Labels.common(lt, "scenario")).withAnnotations(Map.of(Labels.RUN, run)).build())
        .withData(Map.of(KEY, document))
        .build();
  }

  /** The LoadTest as a runner reads it: kind, name and spec (no status, no managed fields). */
  static String render(LoadTest lt) {
    var doc = new LinkedHashMap<String, Object>();
    doc.put("apiVersion", lt.getApiVersion());
    doc.put("kind", lt.getKind());
    doc.put("metadata", Map.of("name", lt.getMetadata().getName(), "namespace", lt.getMetadata().getNamespace()));
    doc.put("spec", lt.getSpec());
    return Serialization.asYaml(doc);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(LoadTest lt, Context<LoadTest> context) {
    return new ResourceID(Labels.configMapName(lt), lt.getMetadata().getNamespace());
  }
}
