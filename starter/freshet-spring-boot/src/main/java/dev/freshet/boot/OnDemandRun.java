package dev.freshet.boot;

import static java.util.Objects.requireNonNull;

import dev.freshet.spark.offline.OfflineRun;
import java.util.List;

/**
 * What {@link OfflineIngestionScheduler#runNow} did: the offline run it made and, before it, the runs of the same
 * feature set it found queued or going on in this application and waited for (such as the catch-up run of the
 * application's start). When {@code runNow} returns, the offline table holds every record the source held when it was
 * called; which of these runs appended a record depends on when it came.
 *
 * <pre>{@code
 * OnDemandRun done = scheduler.runNow("user-transactions").orElseThrow();
 * done.written();        // rows appended by all of them: what runNow waited for, and its own run
 * done.run().written();  // its own run's rows only: 0 when the run it waited for had taken everything
 * }</pre>
 *
 * @param waitedFor the completed runs it waited for, in the order they ended; empty if none was queued or going on
 *                  here (runs that failed or were stopped are not listed: their callers were told)
 * @param run       the run it made once they had ended
 */
public record OnDemandRun(List<OfflineRun> waitedFor, OfflineRun run) {

    /** Checks and copies. */
    public OnDemandRun {
        waitedFor = List.copyOf(waitedFor);
        requireNonNull(run, "run");
    }

    /** Rows appended to the offline table by the runs waited for and by the run made. */
    public long written() {
        return waitedFor.stream().mapToLong(OfflineRun::written).sum() + run.written();
    }
}
