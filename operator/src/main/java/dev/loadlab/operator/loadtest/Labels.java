package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names and labels of the objects a LoadTest owns: one place, so every informer selects what we create. */
public final class Labels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "loadlab-operator";
  /** Every informer of owned objects selects on this. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;
  public static final String LOADTEST = "loadlab.dev/loadtest";
  public static final String RUNNER = "loadlab.dev/runner";
  public static final String REGION = "loadlab.dev/region";
  public static final String RUN = "loadlab.dev/run";
  /** The annotation that re-runs a finished LoadTest when its value changes. */
  public static final String RUN_ANNOTATION = "loadlab.dev/run";

  private Labels() {
  }

  public static Map<String, String> common(LoadTest lt, String component) {
    var m = new LinkedHashMap<String, String>();
    m.put("app.kubernetes.io/name", "loadlab-runner");
    m.put("app.kubernetes.io/instance", lt.getMetadata().getName());
    m.put("app.kubernetes.io/component", component);
    m.put("app.kubernetes.io/part-of", "loadlab");
    m.put(MANAGED_BY, OPERATOR);
    m.put(LOADTEST, lt.getMetadata().getName());
    return m;
  }

  public static String configMapName(LoadTest lt) {
    return lt.getMetadata().getName() + "-scenario";
  }

  public static String serviceName(LoadTest lt) {
    return lt.getMetadata().getName() + "-runners";
  }

  /** {@code <loadtest>-<run>-<index>}: a re-run gets new pods, and a pod's name says which run it served. */
  public static String podName(LoadTest lt, int run, int index) {
    return lt.getMetadata().getName() + "-" + run + "-" + index;
  }
}
