package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Kubernetes Events on the LoadTest for each phase change: what {@code kubectl describe lt} shows. */
final class LoadTestEvents {
  private static final Logger LOG = Logger.getLogger(LoadTestEvents.class);

  private LoadTestEvents() {
  }

  static void record(KubernetesClient client, LoadTest lt, dev.loadlab.operator.lifecycle.Transition t) {
    String now = Instant.now().toString();
    var event = new EventBuilder()
        .withNewMetadata().withGenerateName(lt.getMetadata().getName() + ".").withNamespace(lt.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject().withApiVersion(lt.getApiVersion()).withKind(lt.getKind())
        .withName(lt.getMetadata().getName()).withNamespace(lt.getMetadata().getNamespace())
        .withUid(lt.getMetadata().getUid()).withResourceVersion(lt.getMetadata().getResourceVersion()).endInvolvedObject()
        .withType(t.warning() ? "Warning" : "Normal")
        .withReason(t.reason())
        .withMessage(t.to() + ": " + (t.message() == null ? "" : t.message().length() > 1000 ? t.message().substring(0, 1000) + "…" : t.message()))
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withNewSource().withComponent("loadlab-operator").endSource()
        .build();
    try {
      client.v1().events().inNamespace(lt.getMetadata().getNamespace()).resource(event).create();
    } catch (RuntimeException e) {
      // An event is a courtesy: losing one must not hold up the run.
      LOG.debugf(e, "could not record event %s on %s", t.reason(), lt.getMetadata().getName());
    }
  }
}
