package dev.snaplife.snapshot.application;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.DeletionReason;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.KeptSnapshot;
import dev.snaplife.contracts.event.SnapshotDeleted;
import dev.snaplife.contracts.event.SnapshotDeletionFailed;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.platform.publish.EventBatch;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.application.port.RunJournal;
import dev.snaplife.snapshot.application.port.SnapshotRequestRejected;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.Snapshot;
import dev.snaplife.snapshot.domain.retention.RetentionPlan;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention, the deleting half of a backup run: deletes what the policy's rules no longer keep, of
 * every kind and database the policy owns (only those a restricted run names), and owned snapshots
 * RDS failed. Each deletion is its own fact as soon as it happens: SnapshotDeleted, or
 * SnapshotDeletionFailed when RDS refuses (an export or copy of it running) while the rest goes on.
 * The deletions are journalled before the first, so a retry of a run that failed halfway still
 * reports the ones RDS no longer shows.
 */
public final class ExpireSnapshots {

  private static final Logger log = LoggerFactory.getLogger(ExpireSnapshots.class);

  private final RdsFleet fleet;
  private final RunJournal journal;
  private final OutgoingEvents outgoing;
  private final Clock clock;
  private final int concurrency;

  public ExpireSnapshots(
      RdsFleet fleet, RunJournal journal, OutgoingEvents outgoing, Clock clock, int concurrency) {
    this.fleet = fleet;
    this.journal = journal;
    this.outgoing = outgoing;
    this.clock = clock;
    this.concurrency = concurrency;
  }

  /**
   * What retention did.
   *
   * @param deletions identifiers deleted (or found already gone), refused, or (in a dry run) that
   *     would be deleted
   * @param kept what the rules kept, and why
   */
  public record Expired(List<String> deletions, List<KeptSnapshot> kept) {}

  public Expired expire(
      EventEnvelope<BackupRequested> request,
      BackupPolicy policy,
      List<Snapshot> snapshots,
      @Nullable Set<String> restrictTo,
      boolean dryRun,
      EventBatch events) {
    RetentionPlan plan = RetentionPlan.of(policy, snapshots, restrictTo, clock.instant());
    List<KeptSnapshot> kept =
        plan.kept().entrySet().stream()
            .map(
                e ->
                    new KeptSnapshot(
                        e.getKey().identifier(), e.getKey().sourceIdentifier(), e.getValue()))
            .toList();
    if (!policy.retention().deleteExpired()) {
      return new Expired(List.of(), kept);
    }
    List<Snapshot> toDelete = plan.toDelete();
    if (dryRun) {
      return new Expired(toDelete.stream().map(Snapshot::identifier).toList(), kept);
    }
    UUID runId = request.eventId();
    Map<String, SnapshotRef> journalled = new LinkedHashMap<>();
    journal.plannedDeletions(runId).forEach(ref -> journalled.put(ref.snapshotArn(), ref));
    List<String> deletions = Collections.synchronizedList(new ArrayList<>());
    // Deleted by an earlier attempt of this run: gone from RDS, so only the journal knows.
    Set<String> present = snapshots.stream().map(Snapshot::arn).collect(Collectors.toSet());
    for (SnapshotRef ref : journalled.values()) {
      if (!present.contains(ref.snapshotArn())) {
        events.add(deleted(request, policy, ref));
        deletions.add(ref.snapshotIdentifier());
      }
    }
    List<SnapshotRef> refs = toDelete.stream().map(SnapshotEvents::ref).toList();
    if (!journalled.keySet().containsAll(refs.stream().map(SnapshotRef::snapshotArn).toList())) {
      List<SnapshotRef> all = new ArrayList<>(journalled.values());
      refs.stream().filter(r -> !journalled.containsKey(r.snapshotArn())).forEach(all::add);
      journal.recordDeletions(runId, all);
    }
    Parallel.forEach(
        toDelete,
        concurrency,
        snapshot -> {
          try {
            if (!fleet.deleteSnapshot(snapshot)) {
              // Gone already: a lost response to our own delete retried by the SDK, or someone
              // else's. Either way what retention wanted holds, and consumers (a DR copy to
              // retire, the digest) need the fact.
              log.info(
                  "snapshot {} of policy {} was already gone when retention came to delete it",
                  snapshot.identifier(),
                  policy.name());
            }
            events.add(deleted(request, policy, SnapshotEvents.ref(snapshot)));
            deletions.add(snapshot.identifier());
          } catch (SnapshotRequestRejected refused) {
            events.add(
                outgoing.causedBy(
                    request,
                    SnapshotEvents.lifecycleOf(snapshot),
                    new SnapshotDeletionFailed(
                        SnapshotEvents.ref(snapshot), policy.name(), refused.failure(), runId),
                    snapshot.arn()));
            deletions.add(snapshot.identifier());
          }
        });
    return new Expired(List.copyOf(deletions), kept);
  }

  private EventEnvelope<SnapshotDeleted> deleted(
      EventEnvelope<BackupRequested> request, BackupPolicy policy, SnapshotRef ref) {
    return outgoing.aboutSubject(
        request.eventId(),
        OutgoingEvents.lifecycleIdOf(ref.snapshotArn()),
        new SnapshotDeleted(ref, policy.name(), DeletionReason.RETENTION, request.eventId()),
        ref.snapshotArn());
  }
}
