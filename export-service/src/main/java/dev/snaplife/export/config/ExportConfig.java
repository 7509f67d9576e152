package dev.snaplife.export.config;

import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.export.application.ExportRules;
import dev.snaplife.export.domain.ExportRule;
import dev.snaplife.export.domain.Location;
import dev.snaplife.platform.config.SnaplifeConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Turns {@code snaplife.export.*} into rules, refusing at start-up what cannot work. */
final class ExportConfig {

  private static final Pattern RULE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,19}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/[\\w+=,.@/-]+");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern EXPORT_ONLY = Pattern.compile("[^.\\s]+(\\.[^.\\s]+){0,2}");
  private static final Pattern GLUE_PREFIX = Pattern.compile("[a-z0-9_]{0,40}");

  private ExportConfig() {}

  static ExportRules rules(ExportProperties properties, Location home, String environment) {
    List<String> problems = new ArrayList<>();
    String p = "snaplife.export.";
    if (properties.exportsInFlight() < 1 || properties.exportsInFlight() > 50) {
      problems.add(
          p
              + "exports-in-flight: "
              + properties.exportsInFlight()
              + " is not between 1 and 50 (RDS runs 5 exports at once per account and region"
              + " unless the quota was raised)");
    }
    if (properties.crawlCheck().compareTo(Duration.ofSeconds(1)) < 0) {
      problems.add(p + "crawl-check: must be at least 1s");
    }
    properties
        .roles()
        .forEach(
            (account, role) -> {
              var m = ROLE_ARN.matcher(role);
              if (!ACCOUNT.matcher(account).matches()) {
                problems.add(p + "roles." + account + ": not a 12-digit account id");
              } else if (!m.matches() || !m.group(1).equals(account)) {
                problems.add(
                    p + "roles." + account + ": '" + role + "' is not a role ARN in that account");
              }
            });
    List<ExportRule> rules = new ArrayList<>();
    properties
        .rules()
        .forEach(
            (name, rule) -> {
              ExportRule built =
                  rule(p + "rules." + name + ".", name, rule, home, properties.roles(), problems);
              if (built != null) {
                rules.add(built);
              }
            });
    if (!problems.isEmpty()) {
      throw new SnaplifeConfigurationException(problems);
    }
    return new ExportRules(
        rules, environment, properties.exportsInFlight(), properties.crawlCheck());
  }

  private static ExportRule rule(
      String p,
      String name,
      ExportProperties.Rule rule,
      Location home,
      Map<String, String> roles,
      List<String> problems) {
    int before = problems.size();
    if (!RULE_NAME.matcher(name).matches()) {
      problems.add(
          p.substring(0, p.length() - 1)
              + ": the rule name must be 1 to 20 lower-case letters, digits and hyphens, a letter"
              + " first (it is part of export task identifiers)");
    }
    String account = rule.accountId() == null ? home.accountId() : rule.accountId();
    String region = rule.region() == null ? home.region() : rule.region();
    if (!ACCOUNT.matcher(account).matches()) {
      problems.add(p + "account-id: '" + account + "' is not a 12-digit account id");
    } else if (!account.equals(home.accountId()) && !roles.containsKey(account)) {
      problems.add(
          p
              + "account-id: exporting in "
              + account
              + " needs a role there: set snaplife.export.roles."
              + account);
    }
    if (!REGION.matcher(region).matches()) {
      problems.add(p + "region: '" + region + "' is not a region name");
    }
    if (rule.bucket() == null || !BUCKET.matcher(rule.bucket()).matches()) {
      problems.add(
          p
              + "bucket: "
              + (rule.bucket() == null
                  ? "missing"
                  : "'" + rule.bucket() + "' is not a bucket name"));
    }
    if (rule.iamRoleArn() == null || !ROLE_ARN.matcher(rule.iamRoleArn()).matches()) {
      problems.add(
          p
              + "iam-role-arn: "
              + (rule.iamRoleArn() == null
                  ? "missing"
                  : "'" + rule.iamRoleArn() + "' is not a role ARN")
              + " (the role RDS writes the export to S3 with)");
    }
    if (rule.kmsKeyId() == null || rule.kmsKeyId().isBlank()) {
      problems.add(p + "kms-key-id: missing (RDS encrypts every export with a KMS key)");
    }
    for (String entry : rule.exportOnly()) {
      if (!EXPORT_ONLY.matcher(entry).matches()) {
        problems.add(
            p
                + "export-only: '"
                + entry
                + "' is not database, database.schema, database.table or database.schema.table");
      }
    }
    Pattern pattern = null;
    if (rule.snapshotPattern() != null) {
      try {
        pattern = Pattern.compile(rule.snapshotPattern());
      } catch (PatternSyntaxException e) {
        problems.add(p + "snapshot-pattern: not a regular expression: " + e.getDescription());
      }
    }
    if (!rule.sources() && !rule.copies()) {
      problems.add(p + "sources, copies: both false, so the rule exports nothing");
    }
    if (rule.sources() && rule.origins().isEmpty()) {
      problems.add(p + "origins: empty, so no source snapshot is exported");
    }
    if (rule.retentionDays() != null && rule.retentionDays() < 1) {
      problems.add(p + "retention-days: must be 1 or more");
    }
    ExportRule.Catalogue glue = null;
    if (rule.glue().enabled()) {
      if (rule.glue().crawlerRoleArn() == null
          || !ROLE_ARN.matcher(rule.glue().crawlerRoleArn()).matches()) {
        problems.add(
            p
                + "glue.crawler-role-arn: "
                + (rule.glue().crawlerRoleArn() == null ? "missing" : "not a role ARN")
                + " (the role the crawler reads the exports with; or set glue.enabled: false)");
      }
      if (!GLUE_PREFIX.matcher(rule.glue().databasePrefix()).matches()) {
        problems.add(
            p + "glue.database-prefix: up to 40 lower-case letters, digits and underscores");
      }
      glue = new ExportRule.Catalogue(rule.glue().crawlerRoleArn(), rule.glue().databasePrefix());
    }
    if (problems.size() > before) {
      return null;
    }
    Set<SnapshotOrigin> origins = rule.sources() ? rule.origins() : Set.of();
    return new ExportRule(
        name,
        new Location(account, region),
        new HashSet<>(rule.policies()),
        pattern,
        rule.tags(),
        origins,
        rule.copies(),
        rule.bucket(),
        rule.prefix(),
        rule.iamRoleArn(),
        rule.kmsKeyId(),
        rule.exportOnly(),
        glue,
        rule.retentionDays());
  }
}
