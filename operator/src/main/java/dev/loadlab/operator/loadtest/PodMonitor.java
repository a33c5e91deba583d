package dev.loadlab.operator.loadtest;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;

/**
 * The Prometheus Operator's PodMonitor, as much of it as the operator writes: its spec as plain values. A type of its
 * own so that the workflow can declare it as a dependent, activated only where its CRD is installed.
 */
@Group("monitoring.coreos.com")
@Version("v1")
@Kind("PodMonitor")
@Plural("podmonitors")
public class PodMonitor extends CustomResource<Map<String, Object>, Void> implements Namespaced {
}
