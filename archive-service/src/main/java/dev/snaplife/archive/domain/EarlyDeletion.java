package dev.snaplife.archive.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What deleting an archive before its storage class's minimum storage duration costs: AWS charges
 * the remaining days anyway. An archive a lifecycle rule has moved on counts from its move.
 */
public final class EarlyDeletion {

  private EarlyDeletion() {}

  /**
   * @param writtenClass the class the archive was written in
   * @param transition the policy's lifecycle transition, if any
   * @return a sentence saying how many days are charged, or empty when none are
   */
  public static Optional<String> charge(
      StorageClass writtenClass,
      ArchivePolicy.@Nullable Transition transition,
      Instant writtenAt,
      Instant deletedAt) {
    StorageClass current = writtenClass;
    Instant since = writtenAt;
    if (transition != null) {
      Instant moved = writtenAt.plus(Duration.ofDays(transition.afterDays()));
      if (!deletedAt.isBefore(moved)) {
        current = transition.storageClass();
        since = moved;
      }
    }
    long stored = Duration.between(since, deletedAt).toDays();
    long minimum = current.minimumStorageDuration().toDays();
    if (stored >= minimum) {
      return Optional.empty();
    }
    return Optional.of(
        "deleted after "
            + stored
            + " days in "
            + current
            + ", whose minimum storage duration is "
            + minimum
            + " days: "
            + (minimum - stored)
            + " more days are charged");
  }
}
