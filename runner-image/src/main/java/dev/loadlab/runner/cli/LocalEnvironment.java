package dev.loadlab.runner.cli;

import dev.loadlab.api.loadtest.EnvVar;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.validation.FieldError;
import dev.loadlab.api.validation.InvalidResourceException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a local run takes from this machine: the environment for spec.env, and where demo-target and --connect-to lead. */
final class LocalEnvironment {
  static final String DEMO_HOST = "demo-target";

  private LocalEnvironment() {
  }

  /** The process environment plus spec.env literal values; Secret/ConfigMap values must be exported. */
  static Map<String, String> environment(LoadTest test, Path file) {
    var env = new HashMap<>(System.getenv());
    var missing = new ArrayList<FieldError>();
    List<EnvVar> declared = test.getSpec().env == null ? List.of() : test.getSpec().env;
    for (int i = 0; i < declared.size(); i++) {
      EnvVar v = declared.get(i);
      if (v.value != null) {
        env.putIfAbsent(v.name, v.value);
      } else if (!env.containsKey(v.name) && Boolean.TRUE.equals(optional(v))) {
        env.put(v.name, ""); // optional, as in a pod whose Secret or ConfigMap lacks the key: empty
      } else if (!env.containsKey(v.name)) {
        var ref = v.valueFrom.secretKeyRef != null ? "Secret " + v.valueFrom.secretKeyRef.name + "/" + v.valueFrom.secretKeyRef.key
            : "ConfigMap " + v.valueFrom.configMapKeyRef.name + "/" + v.valueFrom.configMapKeyRef.key;
        missing.add(new FieldError("spec.env[" + i + "]", v.name + " comes from " + ref
            + " in a cluster; to run locally, export " + v.name + "=..."));
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidResourceException(file.toString(), missing);
    }
    return env;
  }

  private static Boolean optional(EnvVar v) {
    var ref = v.valueFrom.secretKeyRef != null ? v.valueFrom.secretKeyRef : v.valueFrom.configMapKeyRef;
    return ref == null ? null : ref.optional;
  }

  /** Whether a gRPC step calls the demo target (so its gRPC services must be served). */
  static boolean usesDemoGrpc(LoadTest test) {
    var targets = new ArrayList<String>();
    grpcTargets(test.getSpec().scenarios.stream().flatMap(s -> s.steps.stream()).toList(), targets);
    return targets.stream().anyMatch(u -> {
      try {
        return DEMO_HOST.equals(URI.create(u).getHost());
      } catch (IllegalArgumentException e) {
        return false;
      }
    });
  }

  private static void grpcTargets(List<dev.loadlab.api.loadtest.Step> steps, List<String> targets) {
    for (var st : steps) {
      if (st.grpc != null) {
        targets.add(st.grpc.target);
      }
      if (st.group != null) {
        grpcTargets(st.group.steps, targets);
      }
    }
  }

  static boolean usesDemoHost(LoadTest test) {
    var urls = new ArrayList<String>();
    if (test.getSpec().target != null) {
      urls.add(test.getSpec().target);
    }
    collectUrls(test.getSpec().scenarios.stream().flatMap(s -> s.steps.stream()).toList(), urls);
    return urls.stream().anyMatch(u -> {
      try {
        return DEMO_HOST.equals(URI.create(u).getHost());
      } catch (IllegalArgumentException e) {
        return false;
      }
    });
  }

  private static void collectUrls(List<dev.loadlab.api.loadtest.Step> steps, List<String> urls) {
    for (var st : steps) {
      if (st.http != null) {
        urls.add(st.http.url);
      }
      if (st.websocket != null) {
        urls.add(st.websocket.url);
      }
      if (st.grpc != null) {
        urls.add(st.grpc.target);
      }
      if (st.group != null) {
        collectUrls(st.group.steps, urls);
      }
    }
  }

  static void parseConnectTo(String spec, Map<String, InetSocketAddress> aliases) {
    String[] parts = spec.split("=", 2);
    if (parts.length != 2 || !parts[0].contains(":") || !parts[1].contains(":")) {
      throw new IllegalArgumentException("--connect-to " + spec + ": write HOST:PORT=HOST2:PORT2, e.g. "
          + "shop:80=127.0.0.1:8080");
    }
    int colon = parts[1].lastIndexOf(':');
    aliases.put(parts[0], new InetSocketAddress(parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1))));
  }
}
