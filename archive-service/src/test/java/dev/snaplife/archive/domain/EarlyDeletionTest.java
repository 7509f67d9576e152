package dev.snaplife.archive.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EarlyDeletionTest {

  static final Instant WRITTEN = Instant.parse("2026-01-01T01:30:00Z");

  @Test
  void chargesTheRestOfGlacierInstantRetrievalsNinetyDays() {
    assertThat(
            EarlyDeletion.charge(
                StorageClass.GLACIER_IR, null, WRITTEN, WRITTEN.plus(Duration.ofDays(30))))
        .contains(
            "deleted after 30 days in GLACIER_IR, whose minimum storage duration is 90 days: 60"
                + " more days are charged");
  }

  @Test
  void chargesNothingOnceTheMinimumHasPassed() {
    assertThat(
            EarlyDeletion.charge(
                StorageClass.GLACIER_IR, null, WRITTEN, WRITTEN.plus(Duration.ofDays(90))))
        .isEmpty();
    assertThat(
            EarlyDeletion.charge(
                StorageClass.STANDARD, null, WRITTEN, WRITTEN.plus(Duration.ofHours(1))))
        .isEmpty();
  }

  @Test
  void anArchiveMovedByTheLifecycleRuleCountsFromItsMove() {
    ArchivePolicy.Transition toDeepArchive =
        new ArchivePolicy.Transition(100, StorageClass.DEEP_ARCHIVE);

    assertThat(
            EarlyDeletion.charge(
                StorageClass.GLACIER_IR,
                toDeepArchive,
                WRITTEN,
                WRITTEN.plus(Duration.ofDays(130))))
        .contains(
            "deleted after 30 days in DEEP_ARCHIVE, whose minimum storage duration is 180 days:"
                + " 150 more days are charged");
    assertThat(
            EarlyDeletion.charge(
                StorageClass.GLACIER_IR, toDeepArchive, WRITTEN, WRITTEN.plus(Duration.ofDays(99))))
        .isEmpty();
  }
}
