package dev.snaplife.snapshot.testing;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.application.port.SnapshotRequestRejected;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An RDS fleet in memory, for use-case tests: what the emulator cannot make RDS do (refuse a
 * delete, fail in the middle of a run) is set up here, and every call is counted.
 */
public final class InMemoryFleet implements RdsFleet {

  public final List<Database> databases = new CopyOnWriteArrayList<>();
  public final List<Snapshot> snapshots = new CopyOnWriteArrayList<>();

  /** Snapshots RDS refuses to delete, with the reason. */
  public final Map<String, Failure> refusedDeletions = new HashMap<>();

  /** Databases RDS refuses to snapshot, with the reason. */
  public final Map<String, Failure> refusedCreates = new HashMap<>();

  /** Snapshot identifiers whose delete fails as an outage would (a transient exception). */
  public final List<String> brokenDeletes = new CopyOnWriteArrayList<>();

  public final List<String> calls = new CopyOnWriteArrayList<>();
  public Map<DatabaseKind, SnapshotQuota> quotas = new EnumMap<>(DatabaseKind.class);

  /** The status a new snapshot starts in. */
  public String newSnapshotStatus = "creating";

  public InMemoryFleet() {
    quotas.put(DatabaseKind.DB_INSTANCE, new SnapshotQuota(0, 100_000));
    quotas.put(DatabaseKind.DB_CLUSTER, new SnapshotQuota(0, 100_000));
  }

  @Override
  public Location location() {
    return new Location(TestFleet.ACCOUNT, TestFleet.REGION);
  }

  @Override
  public List<Database> databases(DatabaseKind kind) {
    calls.add("DescribeDatabases/" + kind);
    return databases.stream().filter(d -> d.kind() == kind).toList();
  }

  @Override
  public Optional<Database> database(DatabaseKind kind, String identifier) {
    calls.add("DescribeDatabase/" + kind);
    return databases.stream()
        .filter(d -> d.kind() == kind && d.identifier().equals(identifier))
        .findFirst();
  }

  @Override
  public List<Snapshot> snapshots(DatabaseKind kind) {
    calls.add("DescribeSnapshots/" + kind);
    return snapshots.stream().filter(s -> s.kind() == kind).toList();
  }

  @Override
  public List<Snapshot> snapshots(DatabaseKind kind, Collection<String> identifiers) {
    calls.add("DescribeSnapshotsById/" + kind + "/" + identifiers.size());
    return snapshots.stream()
        .filter(s -> s.kind() == kind && identifiers.contains(s.identifier()))
        .toList();
  }

  @Override
  public Optional<Snapshot> snapshot(DatabaseKind kind, String identifier) {
    calls.add("DescribeSnapshot/" + kind);
    return snapshots.stream()
        .filter(s -> s.kind() == kind && s.identifier().equals(identifier))
        .findFirst();
  }

  @Override
  public Map<DatabaseKind, SnapshotQuota> manualSnapshotQuotas() {
    calls.add("DescribeAccountAttributes");
    return quotas;
  }

  @Override
  public synchronized Snapshot createSnapshot(
      Database db, String identifier, Map<String, String> tags) {
    calls.add("CreateSnapshot/" + identifier);
    Failure refusal = refusedCreates.get(db.identifier());
    if (refusal != null) {
      throw new SnapshotRequestRejected(refusal);
    }
    Optional<Snapshot> existing =
        snapshots.stream()
            .filter(s -> s.kind() == db.kind() && s.identifier().equals(identifier))
            .findFirst();
    if (existing.isPresent()) {
      return existing.get();
    }
    Snapshot created =
        TestFleet.snapshot(
            db,
            identifier,
            newSnapshotStatus,
            "available".equals(newSnapshotStatus) ? Instant.now() : null,
            tags);
    snapshots.add(created);
    return created;
  }

  @Override
  public boolean deleteSnapshot(Snapshot snapshot) {
    calls.add("DeleteSnapshot/" + snapshot.identifier());
    if (brokenDeletes.contains(snapshot.identifier())) {
      throw new IllegalStateException("simulated outage deleting " + snapshot.identifier());
    }
    Failure refusal = refusedDeletions.get(snapshot.identifier());
    if (refusal != null) {
      throw new SnapshotRequestRejected(refusal);
    }
    return snapshots.removeIf(s -> s.arn().equals(snapshot.arn()));
  }

  /** Moves every snapshot matching the filter to a new status, as RDS does over time. */
  public void setStatus(Predicate<Snapshot> which, String status) {
    List<Snapshot> changed = new ArrayList<>();
    for (Snapshot s : snapshots) {
      if (which.test(s)) {
        changed.add(s);
      }
    }
    for (Snapshot s : changed) {
      snapshots.remove(s);
      snapshots.add(
          new Snapshot(
              s.kind(),
              s.identifier(),
              s.arn(),
              s.sourceIdentifier(),
              status,
              s.type(),
              "available".equals(status) && s.createdAt() == null ? Instant.now() : s.createdAt(),
              s.engine(),
              s.engineVersion(),
              s.encrypted(),
              s.kmsKeyId(),
              s.allocatedStorageGiB(),
              s.tags()));
    }
  }

  public long count(String callPrefix) {
    return calls.stream().filter(c -> c.startsWith(callPrefix)).count();
  }
}
