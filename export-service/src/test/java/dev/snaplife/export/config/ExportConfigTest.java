package dev.snaplife.export.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.export.application.ExportRules;
import dev.snaplife.export.domain.ExportRule;
import dev.snaplife.export.domain.Location;
import dev.snaplife.platform.config.SnaplifeConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExportConfigTest {

  static final Location HOME = new Location("123456789012", "us-east-1");
  static final String ROLE = "arn:aws:iam::123456789012:role/export";

  static ExportProperties.Rule rule(
      String bucket,
      String role,
      String key,
      List<String> exportOnly,
      boolean glue,
      String crawlerRole) {
    return new ExportProperties.Rule(
        List.of("daily"),
        null,
        Map.of(),
        Set.of(SnapshotOrigin.SNAPLIFE, SnapshotOrigin.AWS_BACKUP),
        true,
        false,
        null,
        null,
        bucket,
        "exports/",
        role,
        key,
        exportOnly,
        new ExportProperties.Glue(glue, crawlerRole, ""),
        30);
  }

  static ExportProperties properties(Map<String, ExportProperties.Rule> rules) {
    return new ExportProperties(5, Duration.ofSeconds(30), Map.of(), rules);
  }

  @Test
  void aCompleteRuleBecomesARuleInTheHomeLocation() {
    ExportRules rules =
        ExportConfig.rules(
            properties(
                Map.of(
                    "lake", rule("exports-bucket", ROLE, "alias/k", List.of("app"), true, ROLE))),
            HOME,
            "snaplife");

    ExportRule lake = rules.rule("lake").orElseThrow();
    assertThat(lake.location()).isEqualTo(HOME);
    assertThat(lake.glue()).isNotNull();
    assertThat(lake.exportOnly()).containsExactly("app");
    assertThat(lake.retentionDays()).isEqualTo(30);
    assertThat(rules.exportsInFlight()).isEqualTo(5);
  }

  @Test
  void aRuleMissingItsBucketRoleKeyAndCrawlerRoleIsRefusedNamingEachProperty() {
    assertThatThrownBy(
            () ->
                ExportConfig.rules(
                    properties(
                        Map.of("lake", rule(null, null, " ", List.of("a.b.c.d"), true, null))),
                    HOME,
                    "snaplife"))
        .isInstanceOf(SnaplifeConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((SnaplifeConfigurationException) e).problems())
                    .anyMatch(p -> p.startsWith("snaplife.export.rules.lake.bucket: missing"))
                    .anyMatch(p -> p.startsWith("snaplife.export.rules.lake.iam-role-arn: missing"))
                    .anyMatch(p -> p.startsWith("snaplife.export.rules.lake.kms-key-id: missing"))
                    .anyMatch(
                        p -> p.startsWith("snaplife.export.rules.lake.export-only: 'a.b.c.d'"))
                    .anyMatch(
                        p ->
                            p.startsWith(
                                "snaplife.export.rules.lake.glue.crawler-role-arn: missing")));
  }

  @Test
  void aRuleNameThatCannotBePartOfATaskIdentifierIsRefused() {
    assertThatThrownBy(
            () ->
                ExportConfig.rules(
                    properties(Map.of("Lake_1", rule("b-1", ROLE, "k", List.of(), false, null))),
                    HOME,
                    "snaplife"))
        .hasMessageContaining("snaplife.export.rules.Lake_1: the rule name must be");
  }

  @Test
  void anotherAccountNeedsARoleThereAndTooManySlotsAreRefused() {
    ExportProperties.Rule elsewhere =
        new ExportProperties.Rule(
            List.of(),
            null,
            Map.of(),
            Set.of(SnapshotOrigin.SNAPLIFE),
            false,
            true,
            "222222222222",
            "eu-west-1",
            "b-1",
            "",
            ROLE,
            "k",
            List.of(),
            new ExportProperties.Glue(false, null, ""),
            null);

    assertThatThrownBy(
            () ->
                ExportConfig.rules(
                    new ExportProperties(
                        60, Duration.ofSeconds(30), Map.of(), Map.of("dr", elsewhere)),
                    HOME,
                    "snaplife"))
        .hasMessageContaining("snaplife.export.exports-in-flight: 60 is not between 1 and 50")
        .hasMessageContaining(
            "snaplife.export.rules.dr.account-id: exporting in 222222222222 needs a role there");
  }
}
