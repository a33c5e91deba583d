package dev.loadlab.operator.grafana;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;

/**
 * grafana-operator's GrafanaDashboard, as much of it as the operator writes: its spec as plain values. A type of its own
 * so that a workflow can declare it as a dependent, activated only where grafana-operator is configured and its CRD
 * installed.
 */
@Group("grafana.integreatly.org")
@Version("v1beta1")
@Kind("GrafanaDashboard")
@Plural("grafanadashboards")
public class GrafanaDashboard extends CustomResource<Map<String, Object>, Void> implements Namespaced {
}
