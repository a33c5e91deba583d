package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.NameSetter;

/**
 * A workflow dependent that acts and has nothing to watch or delete (a record written, Events sent, the LoadTest
 * deleted when its time is up): what it acts on is said by its reconcile precondition. The workflow knows it by the
 * name its {@code @Dependent} gives it.
 */
abstract class OneWayDependent<R> implements DependentResource<R, LoadTest>, NameSetter {
  private final Class<R> type;
  private String name;

  OneWayDependent(Class<R> type) {
    this.type = type;
  }

  @Override
  public final Class<R> resourceType() {
    return type;
  }

  @Override
  public final boolean isDeletable() {
    return false;
  }

  @Override
  public final void setName(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name == null ? DependentResource.defaultNameFor(getClass()) : name;
  }
}
