package dev.snaplife.export.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExportLayoutTest {

  private static final String ARN = "arn:aws:rds:us-east-1:123456789012:snapshot:";

  @Test
  void aTaskIdentifierIsValidForRdsAndTheSameForTheSameRuleAndSnapshot() {
    String id =
        ExportLayout.taskIdentifier(
            "lake", ARN + "snaplife-orders-20261206", "snaplife-orders-20261206");

    assertThat(id).startsWith("lake-snaplife-orders-20261206-").matches("[a-z][a-z0-9-]*[a-z0-9]");
    assertThat(id).doesNotContain("--").hasSizeLessThanOrEqualTo(60);
    assertThat(
            ExportLayout.taskIdentifier(
                "lake", ARN + "snaplife-orders-20261206", "snaplife-orders-20261206"))
        .isEqualTo(id);
  }

  @Test
  void aCopyOfTheSameNameInAnotherRegionOrAnotherRuleGetsItsOwnTask() {
    String source = ExportLayout.taskIdentifier("lake", ARN + "orders", "orders");
    String copy =
        ExportLayout.taskIdentifier(
            "lake", "arn:aws:rds:eu-west-1:123456789012:snapshot:orders", "orders");
    String otherRule = ExportLayout.taskIdentifier("audit", ARN + "orders", "orders");

    assertThat(Set.of(source, copy, otherRule)).hasSize(3);
  }

  @Test
  void longAwsBackupNamesAreShortenedAndCleanedToRdsCharacters() {
    String name = "awsbackup:job-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b:WITH__CAPS--and..dots";
    String id = ExportLayout.taskIdentifier("lake", ARN + name, name);

    assertThat(id).hasSizeLessThanOrEqualTo(60).matches("[a-z]([a-z0-9]|-(?!-))*[a-z0-9]");
  }

  @Test
  void anIdentifierThatStartsWithADigitStillStartsWithALetter() {
    assertThat(ExportLayout.taskIdentifier("7days", ARN + "x", "x")).matches("[a-z].*");
  }

  @Test
  void prefixesEndWithOneSlashAndFoldersNestDatabaseThenTask() {
    assertThat(ExportLayout.normalisePrefix("/exports//")).isEqualTo("exports/");
    assertThat(ExportLayout.normalisePrefix("")).isEmpty();
    ExportRule rule = rule("exports", new ExportRule.Catalogue("arn:aws:iam::1:role/c", "raw_"));

    assertThat(ExportLayout.exportFolder(rule, "orders-db", "lake-x-1"))
        .isEqualTo("exports/orders-db/lake-x-1/");
    assertThat(ExportLayout.glueDatabase(rule, "Orders-DB")).isEqualTo("raw_lake_orders_db");
    assertThat(ExportLayout.crawler("snaplife", rule, "orders-db"))
        .isEqualTo("snaplife-export-lake-orders-db");
  }

  static ExportRule rule(String prefix, ExportRule.Catalogue glue) {
    return new ExportRule(
        "lake",
        new Location("123456789012", "us-east-1"),
        Set.of(),
        null,
        Map.of(),
        Set.of(dev.snaplife.contracts.event.SnapshotOrigin.SNAPLIFE),
        false,
        "bucket",
        prefix,
        "arn:aws:iam::123456789012:role/export",
        "alias/snaplife",
        List.of(),
        glue,
        null);
  }
}
