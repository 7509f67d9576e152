package dev.snaplife.snapshot.domain;

import static dev.snaplife.snapshot.testing.PolicyBuilder.aPolicy;
import static dev.snaplife.snapshot.testing.TestFleet.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SnapshotNamingTest {

  private static final Pattern RDS_SNAPSHOT_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  @Test
  void namesASnapshotAfterPrefixDatabaseScheduledMinuteAndPolicyKey() {
    BackupPolicy policy = aPolicy("daily").build();

    String name =
        SnapshotNaming.identifier(policy, "orders-db", Instant.parse("2026-11-20T01:00:00Z"));

    assertThat(name).isEqualTo("snaplife-orders-db-20261120-0100-" + policy.ownerKey());
  }

  @Test
  void namesTheScheduledMinuteInUtcWhateverTheSecondsAndOffset() {
    BackupPolicy policy = aPolicy("daily").build();

    String name =
        SnapshotNaming.identifier(
            policy, "orders-db", Instant.parse("2026-11-20T10:00:59.999+09:00"));

    assertThat(name).isEqualTo("snaplife-orders-db-20261120-0100-" + policy.ownerKey());
  }

  @Test
  void givesTheSameNameForTheSamePolicyDatabaseAndTime() {
    String first = SnapshotNaming.identifier(aPolicy("daily").build(), "orders-db", NOW);
    String second = SnapshotNaming.identifier(aPolicy("daily").build(), "orders-db", NOW);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void givesTwoPoliciesDifferentNamesForTheSameDatabaseAndMinute() {
    BackupPolicy daily = aPolicy("daily").build();
    BackupPolicy compliance = aPolicy("compliance").build();

    assertThat(SnapshotNaming.identifier(daily, "orders-db", NOW))
        .isEqualTo("snaplife-orders-db-20261120-0100-" + daily.ownerKey());
    assertThat(SnapshotNaming.identifier(compliance, "orders-db", NOW))
        .isEqualTo("snaplife-orders-db-20261120-0100-" + compliance.ownerKey())
        .isNotEqualTo(SnapshotNaming.identifier(daily, "orders-db", NOW));
  }

  @Test
  void givesThePolicyOfTheSameNameInTwoEnvironmentsDifferentNames() {
    BackupPolicy production = aPolicy("daily").environment("production").build();
    BackupPolicy staging = aPolicy("daily").environment("staging").build();

    assertThat(SnapshotNaming.identifier(production, "orders-db", NOW))
        .isEqualTo("snaplife-orders-db-20261120-0100-" + production.ownerKey())
        .isNotEqualTo(SnapshotNaming.identifier(staging, "orders-db", NOW));
  }

  @Test
  void leavesThePrefixOutWhenItIsEmpty() {
    BackupPolicy policy = aPolicy("daily").prefix("").build();

    assertThat(SnapshotNaming.identifier(policy, "orders-db", NOW))
        .isEqualTo("orders-db-20261120-0100-" + policy.ownerKey());
  }

  @Test
  void lowercasesAndHyphenatesUppercaseUnderscoresAndDots() {
    BackupPolicy policy = aPolicy("daily").prefix("Snap_Life").build();

    assertThat(SnapshotNaming.identifier(policy, "Orders.DB__v2", NOW))
        .isEqualTo("snap-life-orders-db-v2-20261120-0100-" + policy.ownerKey());
  }

  @Test
  void startsWithALetterWhenPrefixAndDatabaseStartWithADigit() {
    assertThat(SnapshotNaming.identifier("2026", "9db", NOW, "abc123"))
        .isEqualTo("s-2026-9db-20261120-0100-abc123");
  }

  @Test
  void namesASnapshotOfNothingButHyphensAfterTheTimeAndKeyOnly() {
    assertThat(SnapshotNaming.identifier("--", "---", NOW, "abc123"))
        .isEqualTo("s-20261120-0100-abc123");
  }

  @Test
  void shortensALongDatabaseNameButKeepsTheTimeAndKey() {
    String name = SnapshotNaming.identifier("snaplife", "d".repeat(300), NOW, "abc123");

    assertThat(name).isEqualTo("snaplife-" + "d".repeat(225) + "-20261120-0100-abc123");
    assertThat(name).hasSize(255);
  }

  @Property(tries = 2000)
  void anyPrefixDatabaseAndTimeGiveAValidRdsSnapshotNameEndingInTimeAndKey(
      @ForAll("anyText") String prefix,
      @ForAll("anyText") String database,
      @ForAll("instantsFrom1970To2200") Instant scheduledTime,
      @ForAll("policyKeys") String key) {
    String name = SnapshotNaming.identifier(prefix, database, scheduledTime, key);

    assertThat(name).hasSizeLessThanOrEqualTo(255).matches(RDS_SNAPSHOT_NAME);
    assertThat(name).endsWith("-" + utcMinute(scheduledTime) + "-" + key);
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(400),
        Arbitraries.strings().withCharRange('\u00c0', '\u024f').withChars("-_. ").ofMaxLength(60),
        Arbitraries.strings().withChars('-').ofMaxLength(400),
        Arbitraries.strings().numeric().withChars('-').ofMaxLength(80),
        Arbitraries.strings().alpha().numeric().withChars("-_.: ").ofMaxLength(400),
        Arbitraries.of("", " ", "-", "9", "9-db", "-orders-", "ÄÖÜß", "数据库", "İstanbul", "Ⅻ"));
  }

  @Provide
  Arbitrary<Instant> instantsFrom1970To2200() {
    return Arbitraries.longs()
        .between(
            Instant.parse("1970-01-01T00:00:00Z").getEpochSecond(),
            Instant.parse("2200-12-31T23:59:59Z").getEpochSecond())
        .map(Instant::ofEpochSecond);
  }

  @Provide
  Arbitrary<String> policyKeys() {
    return Arbitraries.strings().withCharRange('a', 'z').numeric().ofLength(6);
  }

  private static String utcMinute(Instant at) {
    LocalDateTime t = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    return String.format(
        "%04d%02d%02d-%02d%02d",
        t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute());
  }
}
