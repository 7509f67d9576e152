package dev.snaplife.archive.adapter.out.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class S3ArchiveStorePartSizeTest {

  static final long MIB = 1024 * 1024;

  @Test
  void partsDoubleEveryThousandUpToAFixedCeilingSoTenThousandPartsHoldTerabytes() {
    assertThat(S3ArchiveStore.partSize(8 * MIB, 1)).isEqualTo(8 * MIB);
    assertThat(S3ArchiveStore.partSize(8 * MIB, 1000)).isEqualTo(8 * MIB);
    assertThat(S3ArchiveStore.partSize(8 * MIB, 1001)).isEqualTo(16 * MIB);
    assertThat(S3ArchiveStore.partSize(8 * MIB, 10_000)).isEqualTo(512 * MIB);
    long total = 0;
    for (int part = 1; part <= 10_000; part++) {
      total += S3ArchiveStore.partSize(8 * MIB, part);
    }
    assertThat(total).isGreaterThan(2L * 1024 * 1024 * MIB);
  }
}
