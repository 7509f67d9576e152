package dev.snaplife.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackupRunPlannedTest {

  private static final UUID RUN = UUID.fromString("3f1c2a9e-8d4b-4c6a-9e2f-1b7d5a0c4e81");
  private static final Instant AT = Instant.parse("2026-11-20T01:00:00Z");

  @Test
  void splittingKeepsEveryItemOnceInOrderAndNumbersTheParts() {
    List<String> snapshots = IntStream.range(0, 10).mapToObj(i -> "s" + i).toList();
    List<String> deletions = IntStream.range(0, 3).mapToObj(i -> "d" + i).toList();
    BackupRunPlanned plan =
        new BackupRunPlanned(
            "daily", RUN, AT, false, snapshots, List.of("skipped"), deletions, List.of());

    List<BackupRunPlanned> parts = plan.split(3);

    assertThat(parts).extracting(BackupRunPlanned::part).containsExactly(1, 2, 3);
    assertThat(parts).extracting(BackupRunPlanned::parts).containsOnly(3);
    assertThat(parts.stream().flatMap(p -> p.plannedSnapshots().stream()))
        .containsExactlyElementsOf(snapshots);
    assertThat(parts.stream().flatMap(p -> p.plannedDeletions().stream()))
        .containsExactlyElementsOf(deletions);
    assertThat(parts.stream().flatMap(p -> p.skippedDatabases().stream()))
        .containsExactly("skipped");
    assertThat(parts)
        .extracting(BackupRunPlanned::plannedSnapshots)
        .extracting(List::size)
        .containsExactly(3, 3, 4);
  }

  @Test
  void aPlanInOnePieceIsPartOneOfOne() {
    BackupRunPlanned plan =
        new BackupRunPlanned("daily", RUN, AT, true, List.of(), List.of(), List.of(), List.of());

    assertThat(plan.partNumber()).isEqualTo(1);
    assertThat(plan.partCount()).isEqualTo(1);
  }

  @Test
  void aPartWithoutItsCountIsRefused() {
    assertThatThrownBy(
            () ->
                new BackupRunPlanned(
                    "daily", RUN, AT, true, List.of(), List.of(), List.of(), null, 1, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new BackupRunPlanned(
                    "daily", RUN, AT, true, List.of(), List.of(), List.of(), null, 4, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
