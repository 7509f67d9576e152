package dev.snaplife.snapshot.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one run of a policy does with each selected database: take a snapshot, find the one it
 * already took (a redelivered request), or skip it because its newest snapshot is younger than the
 * backup interval (seed 002: "snapshots will only be created when the latest snapshot is older than
 * BackupInterval").
 */
public record BackupPlan(
    List<Planned> toCreate, List<Existing> alreadyRequested, List<Database> withinInterval) {

  /** A snapshot to take. */
  public record Planned(Database database, String snapshotIdentifier) {}

  /** This run's snapshot, found already requested by an earlier delivery of the same request. */
  public record Existing(Database database, Snapshot snapshot) {}

  public static BackupPlan of(
      BackupPolicy policy,
      List<Database> selected,
      List<Snapshot> snapshots,
      Instant scheduledTime) {
    Map<String, List<Snapshot>> ownedByDatabase =
        snapshots.stream()
            .filter(s -> SnaplifeTags.ownedBy(s, policy))
            .collect(Collectors.groupingBy(Snapshot::sourceIdentifier));
    Map<String, Snapshot> byIdentifier =
        snapshots.stream().collect(Collectors.toMap(Snapshot::identifier, s -> s, (a, b) -> a));
    List<Planned> toCreate = new ArrayList<>();
    List<Existing> existing = new ArrayList<>();
    List<Database> skipped = new ArrayList<>();
    for (Database database :
        selected.stream().sorted(Comparator.comparing(Database::identifier)).toList()) {
      String identifier =
          SnapshotNaming.identifier(policy.snapshotPrefix(), database.identifier(), scheduledTime);
      Snapshot same = byIdentifier.get(identifier);
      if (same != null) {
        existing.add(new Existing(database, same));
      } else if (freshEnough(
          ownedByDatabase.getOrDefault(database.identifier(), List.of()),
          scheduledTime,
          policy.backupInterval())) {
        skipped.add(database);
      } else {
        toCreate.add(new Planned(database, identifier));
      }
    }
    return new BackupPlan(List.copyOf(toCreate), List.copyOf(existing), List.copyOf(skipped));
  }

  /**
   * Compares scheduled times where the snapshot carries one (our own tag), so a run at 01:00 is not
   * skipped because yesterday's 01:00 snapshot finished a few seconds after 01:00. A snapshot still
   * being created counts as fresh: it is this interval's snapshot.
   */
  private static boolean freshEnough(List<Snapshot> owned, Instant at, Duration interval) {
    Instant threshold = at.minus(interval);
    return owned.stream()
        .filter(s -> !s.isFailed())
        .anyMatch(
            s -> {
              Instant taken = takenAt(s);
              return taken == null || taken.isAfter(threshold);
            });
  }

  private static Instant takenAt(Snapshot snapshot) {
    Optional<String> scheduled = snapshot.tag(SnaplifeTags.SCHEDULED_TIME);
    if (scheduled.isPresent()) {
      try {
        return Instant.parse(scheduled.get());
      } catch (java.time.format.DateTimeParseException ignored) {
        // Fall back to the creation time.
      }
    }
    return snapshot.createdAt();
  }
}
