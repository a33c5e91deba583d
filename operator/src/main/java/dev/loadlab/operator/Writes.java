package dev.loadlab.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Objects;
import java.util.function.Function;

/**
 * Plain create-or-update for the objects the operator writes outside JOSDK's dependents (dashboard
 * ConfigMaps, GrafanaDashboards): not server-side apply, which fails on first creation of some kinds on API servers
 * before 1.22.
 */
public final class Writes {
  private Writes() {
  }

  /**
   * Creates {@code desired} when {@code existing} is null; replaces it when its content (data, spec), labels,
   * annotations or owner references differ; writes nothing when they are the same.
   */
  public static <T extends HasMetadata> void createOrUpdate(NonNamespaceOperation<T, ?, Resource<T>> objects, T existing,
      T desired, Function<T, Object> content) {
    if (existing == null) {
      objects.resource(desired).create();
    } else if (!Objects.equals(content.apply(existing), content.apply(desired))
        || !Objects.equals(existing.getMetadata().getLabels(), desired.getMetadata().getLabels())
        || !Objects.equals(existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations())
        || !Objects.equals(existing.getMetadata().getOwnerReferences(), desired.getMetadata().getOwnerReferences())) {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      objects.resource(desired).update();
    }
  }
}
