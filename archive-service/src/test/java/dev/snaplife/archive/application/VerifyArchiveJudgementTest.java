package dev.snaplife.archive.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.archive.domain.ArchiveRecord;
import dev.snaplife.archive.domain.Compression;
import dev.snaplife.archive.domain.Engine;
import dev.snaplife.archive.domain.StorageClass;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.S3Location;
import dev.snaplife.contracts.event.TableRows;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VerifyArchiveJudgementTest {

  static final List<TableRows> DUMPED =
      List.of(new TableRows("public.customers", 12), new TableRows("public.orders", 480));

  static ArchiveRecord written() {
    Instant at = Instant.parse("2026-12-01T01:30:00Z");
    return new ArchiveRecord(
        "monthly/orders-db/orders/20261201T013000Z",
        ArchiveRecord.Status.WRITTEN,
        1,
        "monthly",
        "orders-db",
        "orders",
        Engine.POSTGRES,
        new S3Location("bucket", "key.pgdump.gz"),
        StorageClass.GLACIER_IR,
        Compression.GZIP,
        at,
        at,
        at,
        1000,
        "aa11",
        DUMPED,
        at.plusSeconds(86400),
        null,
        UUID.randomUUID(),
        null);
  }

  @Test
  void anArchiveThatRestoresAsDumpedPasses() {
    assertThat(VerifyArchive.judge(written(), "aa11", List.copyOf(DUMPED.reversed()), null))
        .isNull();
  }

  @Test
  void aChangedObjectIsAChecksumMismatchWhateverTheRestoreDid() {
    Failure failure =
        VerifyArchive.judge(written(), "bb22", null, new IllegalStateException("bad gzip"));

    assertThat(failure.errorCode()).isEqualTo("ChecksumMismatch");
    assertThat(failure.reason()).contains("bb22", "aa11");
  }

  @Test
  void aRestoreThatFailsSaysWhy() {
    Failure failure =
        VerifyArchive.judge(written(), "aa11", null, new IllegalStateException("relation exists"));

    assertThat(failure.errorCode()).isEqualTo("RestoreFailed");
    assertThat(failure.reason()).endsWith("relation exists");
  }

  @Test
  void differentRowCountsNameEachTableThatDiffers() {
    Failure failure =
        VerifyArchive.judge(
            written(),
            "aa11",
            List.of(new TableRows("public.customers", 12), new TableRows("public.orders", 479)),
            null);

    assertThat(failure.errorCode()).isEqualTo("RowCountMismatch");
    assertThat(failure.reason())
        .isEqualTo(
            "the restored row counts differ from the dump's: public.orders: dumped 480, restored"
                + " 479");
  }
}
