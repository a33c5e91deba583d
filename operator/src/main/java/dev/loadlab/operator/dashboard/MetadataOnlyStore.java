package dev.loadlab.operator.dashboard;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.function.Supplier;

/**
 * An informer cache that keeps only each object's metadata. The Dashboard controller watches every ConfigMap
 * (a {@code configMapRef} may name any of them) and every LoadTest, but only to learn that one changed; what it
 * renders it reads from the API server. Keeping the data of every ConfigMap of the cluster in memory would cost
 * as much as the cluster's ConfigMaps weigh.
 */
final class MetadataOnlyStore<T extends HasMetadata> extends BasicItemStore<T> {
  private final Supplier<T> empty;

  MetadataOnlyStore(Supplier<T> empty) {
    super(Cache::metaNamespaceKeyFunc);
    this.empty = empty;
  }

  @Override
  public T put(String key, T obj) {
    T slim = empty.get();
    slim.setMetadata(new ObjectMetaBuilder(obj.getMetadata()).withManagedFields().build());
    return super.put(key, slim);
  }
}
