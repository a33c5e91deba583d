package dev.loadlab.operator.runners;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The runners' control API as the run lifecycle uses it, for all runners of a run at once
 * (docs/results-format.md). {@link RunnerClient} speaks it over HTTP.
 */
public interface RunnerControl {
  /**
   * One runner's control API: its pod name (for messages), {@code host:port}, and the token its pod was given
   * ({@code LOADLAB_CONTROL_TOKEN}; null: none).
   */
  record Runner(String pod, String address, String token) {
    public Runner(String pod, String address) {
      this(pod, address, null);
    }
  }

  /** A runner's answer: the JSON body, or why there is none. */
  record Answer(Runner runner, int status, JsonNode body, String error) {
    public boolean ok() {
      return error == null && status / 100 == 2;
    }
  }

  /** Every runner starts at this wall-clock instant. */
  List<Answer> start(List<Runner> runners, long atEpochMillis);

  /**
   * {@code GET /progress}; {@code withTotals}: with everything recorded so far ({@code ?totals=true}), for judging
   * abortOnFail while the run goes on.
   */
  List<Answer> progress(List<Runner> runners, boolean withTotals);

  /** Everything: read once per runner, at the end. */
  List<Answer> results(List<Runner> runners);

  /** Stops the runs; the runners keep serving their results. */
  List<Answer> stop(List<Runner> runners);

  /** The results are in: the runners may leave. */
  List<Answer> release(List<Runner> runners);
}
