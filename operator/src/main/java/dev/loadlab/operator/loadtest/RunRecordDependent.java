package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.RecordStatus;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.records.RunRecordStore;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The run records of a LoadTest ({@link RunRecordStore}): writes the record of a run that ended (left in the
 * {@link RunOutbox} by the reconciler with the ended status), then deletes those of runs no longer in
 * {@code status.history}. Never throws: what went wrong with a record is in its outcome, which the reconciler puts in
 * {@code status.record}; a record costs the record, never the verdict. The records go with the LoadTest by garbage
 * collection (owner references), so nothing is deleted here when it goes.
 */
public final class RunRecordDependent extends OneWayDependent<RecordStatus> {
  private volatile RunRecordStore store;

  /** A record is waiting, or old ones are to be pruned. */
  public static class Due implements Condition<RecordStatus, LoadTest> {
    @Override
    public boolean isMet(DependentResource<RecordStatus, LoadTest> dependent, LoadTest lt, Context<LoadTest> context) {
      return RunOutbox.recordToWrite(lt) != null || RunOutbox.busyPruning(lt);
    }
  }

  public RunRecordDependent() {
    super(RecordStatus.class);
  }

  @Override
  public ReconcileResult<RecordStatus> reconcile(LoadTest lt, Context<LoadTest> context) {
    RunRecordStore records = store();
    var pending = RunOutbox.recordToWrite(lt);
    RecordStatus outcome = null;
    if (pending != null) {
      outcome = records.write(lt, pending.ended(), pending.merged(), pending.runners(), context.getClient());
      RunOutbox.wrote(lt, pending.run(), outcome);
    }
    if (RunOutbox.takePrune(lt) || outcome != null) {
      // keeps what the status names, and the record just written (not in the status yet)
      LoadTestStatus keep = lt.getStatus() == null ? new LoadTestStatus() : lt.getStatus();
      if (outcome != null && outcome.configMap != null) {
        var withRecord = new LoadTestStatus();
        withRecord.record = outcome;
        withRecord.history = keep.history;
        keep = withRecord;
      }
      records.prune(lt, keep, context.getClient());
    }
    return outcome == null ? ReconcileResult.noOperation(null) : ReconcileResult.resourceCreated(outcome);
  }

  private RunRecordStore store() {
    if (store == null) {
      store = new RunRecordStore(OperatorSettings.fromConfig());
    }
    return store;
  }
}
