package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.CleanupPolicy;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.operator.OperatorSettings;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.time.Duration;
import java.time.Instant;

/**
 * The runners and what they read exist while a run is under way, for loadlab.runner.final-scrape after a run that
 * started (Prometheus scrapes their final figures), and afterwards only if spec.cleanup keeps them. When this does
 * not hold the workflow deletes them.
 */
public class RunnersWanted implements Condition<Object, LoadTest> {
  // Settings are read when asked, not when built: the operator SDK makes conditions at build time as well.
  @Override
  public boolean isMet(DependentResource<Object, LoadTest> dependent, LoadTest lt, Context<LoadTest> context) {
    return wanted(lt, Instant.now(), OperatorSettings.fromConfig().runnerFinalScrape());
  }

  static boolean wanted(LoadTest lt, Instant now, Duration finalScrape) {
    var status = lt.getStatus();
    if (status == null || status.phase == null || status.run == null) {
      return false;
    }
    return switch (status.phase) {
      case Pending, Starting, Running, Stopping -> true;
      case Invalid -> false;
      case Succeeded, Failed, Aborted, Inconclusive -> servingFinalFigures(status, now, finalScrape) || keepAfter(lt, status.phase);
    };
  }

  private static boolean servingFinalFigures(LoadTestStatus s, Instant now, Duration finalScrape) {
    return s.startTime != null && s.endTime != null && now.isBefore(Instant.parse(s.endTime).plus(finalScrape));
  }

  private static boolean keepAfter(LoadTest lt, Phase outcome) {
    var cleanup = lt.getSpec().cleanup;
    CleanupPolicy policy = cleanup == null || cleanup.policy == null ? CleanupPolicy.ALWAYS : cleanup.policy;
    return switch (policy) {
      case ALWAYS -> false;
      case NEVER -> true;
      case ON_SUCCESS -> outcome != Phase.Succeeded;
      case ON_FAILURE -> outcome == Phase.Succeeded;
    };
  }
}
