package dev.snaplife.snapshot.domain;

import dev.snaplife.contracts.event.DatabaseKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What one run of a policy does with each database it is about: take a snapshot, find the one it
 * already took (a redelivered request), skip it because its newest snapshot is younger than the
 * backup interval (seed 002: "snapshots will only be created when the latest snapshot is older than
 * BackupInterval"), or refuse it. Refusals are facts on-call must hear of: a database the policy
 * names that does not exist, a database the request names that the policy does not select, or our
 * snapshot name already taken by a snapshot some other policy, environment or person made.
 */
public record BackupPlan(
    List<Planned> toCreate,
    List<Existing> alreadyRequested,
    List<Database> withinInterval,
    List<Refused> refused) {

  /** A snapshot to take. */
  public record Planned(Database database, String snapshotIdentifier) {}

  /** This run's snapshot, found already requested by an earlier delivery of the same request. */
  public record Existing(Database database, Snapshot snapshot) {}

  /**
   * A database this run cannot snapshot, and why; a retry will not help.
   *
   * @param database absent when the database does not exist or is not selected
   * @param snapshotIdentifier the name the snapshot would have had, when there is one
   * @param errorCode {@value #NOT_FOUND}, {@value #NOT_SELECTED} or {@value #NOT_OWNED}
   */
  public record Refused(
      @Nullable Database database,
      DatabaseKind kind,
      String databaseIdentifier,
      @Nullable String snapshotIdentifier,
      String reason,
      String errorCode) {}

  public static final String NOT_FOUND = "DatabaseNotFound";
  public static final String NOT_SELECTED = "DatabaseNotSelected";
  public static final String NOT_OWNED = "SnapshotNotOwned";

  /**
   * @param candidates the fleet's databases of the policy's kinds
   * @param restrictTo when the request names databases, only these
   */
  public static BackupPlan of(
      BackupPolicy policy,
      List<Database> candidates,
      @Nullable Set<String> restrictTo,
      List<Snapshot> snapshots,
      Instant scheduledTime) {
    List<Database> selected =
        candidates.stream()
            .filter(policy::selects)
            .filter(db -> restrictTo == null || restrictTo.contains(db.identifier()))
            .sorted(Comparator.comparing(Database::identifier))
            .toList();
    List<Refused> refused = new ArrayList<>(missing(policy, candidates, restrictTo, selected));
    Map<String, List<Snapshot>> ownedByDatabase =
        snapshots.stream()
            .filter(s -> SnaplifeTags.ownedBy(s, policy))
            .collect(Collectors.groupingBy(s -> s.kind() + "/" + s.sourceIdentifier()));
    Map<String, Snapshot> byIdentifier =
        snapshots.stream()
            .collect(Collectors.toMap(s -> s.kind() + "/" + s.identifier(), s -> s, (a, b) -> a));
    List<Planned> toCreate = new ArrayList<>();
    List<Existing> existing = new ArrayList<>();
    List<Database> skipped = new ArrayList<>();
    for (Database database : selected) {
      String identifier = SnapshotNaming.identifier(policy, database.identifier(), scheduledTime);
      Snapshot same = byIdentifier.get(database.kind() + "/" + identifier);
      if (same != null && !SnaplifeTags.ownedBy(same, policy)) {
        refused.add(
            new Refused(
                database,
                database.kind(),
                database.identifier(),
                identifier,
                notOurs(same, policy),
                NOT_OWNED));
      } else if (same != null) {
        existing.add(new Existing(database, same));
      } else if (freshEnough(
          ownedByDatabase.getOrDefault(database.kind() + "/" + database.identifier(), List.of()),
          scheduledTime,
          policy.schedule().backupInterval())) {
        skipped.add(database);
      } else {
        toCreate.add(new Planned(database, identifier));
      }
    }
    return new BackupPlan(
        List.copyOf(toCreate), List.copyOf(existing), List.copyOf(skipped), List.copyOf(refused));
  }

  /** Why a snapshot found under our name is not adopted: whose it is, by its tags. */
  public static String notOurs(Snapshot snapshot, BackupPolicy policy) {
    String owner =
        SnaplifeTags.CREATOR.equals(snapshot.tags().get(SnaplifeTags.CREATED_BY))
            ? "policy '"
                + snapshot.tags().getOrDefault(SnaplifeTags.POLICY, "?")
                + "' of environment '"
                + snapshot.tags().getOrDefault(SnaplifeTags.ENVIRONMENT, "?")
                + "'"
            : "someone else (it has no CreatedBy=Snaplife tag)";
    return "snapshot "
        + snapshot.identifier()
        + " already exists and belongs to "
        + owner
        + ", not to policy '"
        + policy.name()
        + "' of environment '"
        + policy.environment()
        + "'; it is not adopted, and this database gets no snapshot from this run";
  }

  /**
   * Databases the policy's list or the request names that this run does not snapshot: a backup that
   * would otherwise silently never happen. A name that exists but is not selected (its tags, engine
   * or kind do not match, it is excluded, or it is an Aurora member) is refused as not selected;
   * one that does not exist as not found.
   */
  private static List<Refused> missing(
      BackupPolicy policy,
      List<Database> candidates,
      @Nullable Set<String> restrictTo,
      List<Database> selected) {
    Set<String> selectedIds =
        selected.stream().map(Database::identifier).collect(Collectors.toSet());
    Set<String> existingIds =
        candidates.stream().map(Database::identifier).collect(Collectors.toSet());
    Set<String> named = new TreeSet<>();
    if (policy.selection().identifiers() != null) {
      policy.selection().identifiers().stream()
          .filter(id -> restrictTo == null || restrictTo.contains(id))
          .forEach(named::add);
    }
    if (restrictTo != null) {
      named.addAll(restrictTo);
    }
    DatabaseKind kind = policy.selection().kindList().get(0);
    List<Refused> refused = new ArrayList<>();
    for (String id : named) {
      if (selectedIds.contains(id)) {
        continue;
      }
      String namedBy =
          policy.selection().identifiers() != null && policy.selection().identifiers().contains(id)
              ? "is listed in the identifiers of policy '" + policy.name() + "'"
              : "was requested for policy '" + policy.name() + "'";
      boolean exists = existingIds.contains(id);
      String why =
          exists
              ? " but the policy does not select it (its tags, engines, kinds or exclusions, or it"
                  + " is an Aurora member backed up with its cluster); it is not backed up"
              : " but no " + kinds(policy) + " of that name exists; it is not backed up";
      refused.add(
          new Refused(
              null,
              kind,
              id,
              null,
              "database " + id + " " + namedBy + why,
              exists ? NOT_SELECTED : NOT_FOUND));
    }
    return refused;
  }

  private static String kinds(BackupPolicy policy) {
    return policy.selection().kindList().stream()
        .map(k -> k == DatabaseKind.DB_CLUSTER ? "DB cluster" : "DB instance")
        .collect(Collectors.joining(" or "));
  }

  /**
   * Compares scheduled times where the snapshot carries one (our own tag), so a run at 01:00 is not
   * skipped because yesterday's 01:00 snapshot finished a few seconds after 01:00. A snapshot still
   * being created counts as fresh whatever its time: a second one would only queue behind it.
   */
  private static boolean freshEnough(List<Snapshot> owned, Instant at, Duration interval) {
    Instant threshold = at.minus(interval);
    return owned.stream()
        .filter(s -> !s.isFailed())
        .anyMatch(
            s -> {
              if (!s.isAvailable()) {
                return true;
              }
              Instant taken = takenAt(s);
              return taken == null || taken.isAfter(threshold);
            });
  }

  private static @Nullable Instant takenAt(Snapshot snapshot) {
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
