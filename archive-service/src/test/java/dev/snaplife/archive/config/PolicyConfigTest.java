package dev.snaplife.archive.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.archive.domain.ArchivePolicy;
import dev.snaplife.archive.domain.Compression;
import dev.snaplife.archive.domain.StorageClass;
import dev.snaplife.platform.config.SnaplifeConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class PolicyConfigTest {

  static ArchiveProperties defaults(ArchiveProperties.Verification verification) {
    return new ArchiveProperties(
        Map.of(),
        "snaplife/archive/",
        null,
        "archives",
        DataSize.ofMegabytes(8),
        null,
        new ArchiveProperties.Tools("pg_dump", "pg_restore", "mariadb-dump", "mariadb", null),
        verification);
  }

  static final ArchiveProperties WITH_VERIFICATION =
      defaults(
          new ArchiveProperties.Verification(new ArchiveProperties.Server("scratch/pg"), null));

  static ArchiveProperties.Policy policy(
      Map<String, String> tags,
      String schedule,
      ArchiveProperties.Transition transition,
      boolean verify) {
    return new ArchiveProperties.Policy(
        tags,
        List.of(),
        List.of(),
        schedule,
        null,
        null,
        null,
        null,
        StorageClass.GLACIER_IR,
        null,
        365,
        Compression.GZIP,
        transition,
        verify,
        null);
  }

  @Test
  void aValidPolicyTakesTheServiceDefaults() {
    ArchivePolicy policy =
        PolicyConfig.toPolicy(
            "monthly",
            policy(Map.of("archive", "monthly"), "cron(30 1 1 * ? *)", null, true),
            WITH_VERIFICATION,
            "default-bucket");

    assertThat(policy.bucket()).isEqualTo("default-bucket");
    assertThat(policy.secretName("orders-db")).isEqualTo("snaplife/archive/orders-db");
    assertThat(policy.keyPrefix()).isEqualTo("archives/monthly/");
    assertThat(policy.reverifyEvery()).isNull();
  }

  @Test
  void everyProblemNamesItsProperty() {
    assertThatThrownBy(
            () ->
                PolicyConfig.toPolicy(
                    "monthly",
                    policy(
                        Map.of(),
                        "every month",
                        new ArchiveProperties.Transition(400, StorageClass.STANDARD_IA),
                        true),
                    defaults(new ArchiveProperties.Verification(null, null)),
                    "bucket"))
        .isInstanceOf(SnaplifeConfigurationException.class)
        .hasMessageContaining(
            "snaplife.archive.policies.monthly.tags: select the databases to archive")
        .hasMessageContaining(
            "snaplife.archive.policies.monthly.schedule: 'every month' is not an EventBridge"
                + " Scheduler expression")
        .hasMessageContaining(
            "snaplife.archive.policies.monthly.transition.storage-class: STANDARD_IA is not colder")
        .hasMessageContaining(
            "snaplife.archive.policies.monthly.transition.after-days: 400 is not before the"
                + " retention")
        .hasMessageContaining(
            "snaplife.archive.policies.monthly.verify-after-write: verifying archives needs a"
                + " server");
  }

  @Test
  void aColderTransitionBeforeTheRetentionEndsIsAccepted() {
    ArchivePolicy policy =
        PolicyConfig.toPolicy(
            "monthly",
            policy(
                Map.of("archive", "monthly"),
                null,
                new ArchiveProperties.Transition(90, StorageClass.DEEP_ARCHIVE),
                false),
            defaults(new ArchiveProperties.Verification(null, null)),
            "bucket");

    assertThat(policy.transition())
        .isEqualTo(new ArchivePolicy.Transition(90, StorageClass.DEEP_ARCHIVE));
    assertThat(Duration.ofDays(policy.retentionDays())).isEqualTo(Duration.ofDays(365));
  }
}
