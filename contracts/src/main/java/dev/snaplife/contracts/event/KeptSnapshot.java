package dev.snaplife.contracts.event;

import java.util.List;

/**
 * A snapshot retention kept, and the rules that kept it (for example {@code keep-newest}, {@code
 * within-7-days}, {@code newest-of-week}, {@code legal-hold}).
 */
public record KeptSnapshot(
    String snapshotIdentifier, String sourceIdentifier, List<String> keptBy) {

  public KeptSnapshot {
    keptBy = List.copyOf(keptBy);
  }
}
