package dev.snaplife.replication.config;

import dev.snaplife.platform.config.SnaplifeConfigurationException;
import dev.snaplife.replication.application.ReplicationRules;
import dev.snaplife.replication.domain.Destination;
import dev.snaplife.replication.domain.Location;
import dev.snaplife.replication.domain.ReplicationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the properties into validated rules, or refuses to start naming every property that is
 * wrong: an account not on the allow-list (or {@code all}), a destination without the role or key
 * it needs, a copy retention shorter than its source policy's.
 */
final class ReplicationConfig {

  static final String PREFIX = "snaplife.replication.";
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/[\\w+=,.@/-]+");

  private ReplicationConfig() {}

  /**
   * @param sourceRetentionDays the backup policies' retention, by policy, where this service's
   *     configuration can see snapshot-service's (one document for both, as deployments share)
   */
  static ReplicationRules rules(
      ReplicationProperties p,
      Location home,
      String environment,
      Map<String, Integer> sourceRetentionDays) {
    List<String> problems = new ArrayList<>();
    Set<String> allowed = new LinkedHashSet<>();
    for (int i = 0; i < p.allowedAccounts().size(); i++) {
      String account = p.allowedAccounts().get(i).trim();
      String property = PREFIX + "allowed-accounts[" + i + "]";
      if ("all".equalsIgnoreCase(account)) {
        problems.add(
            property
                + ": 'all' would make every replicated snapshot public; list the accounts instead");
      } else if (!ACCOUNT.matcher(account).matches()) {
        problems.add(property + ": '" + account + "' is not a 12-digit account id");
      } else {
        allowed.add(account);
      }
    }
    Map<String, Destination> destinations = new LinkedHashMap<>();
    p.destinations()
        .forEach(
            (name, d) -> {
              Destination destination = destination(name, d, home, allowed, problems);
              if (destination != null) {
                destinations.put(name, destination);
              }
            });
    List<ReplicationRule> rules = new ArrayList<>();
    p.rules()
        .forEach(
            (name, r) -> {
              ReplicationRule rule =
                  rule(name, r, home, allowed, destinations, sourceRetentionDays, problems);
              if (rule != null) {
                rules.add(rule);
              }
            });
    if (p.reencryptKmsKeyId() != null && p.reencryptKmsKeyId().isBlank()) {
      problems.add(PREFIX + "reencrypt-kms-key-id: is blank");
    }
    if (!problems.isEmpty()) {
      throw new SnaplifeConfigurationException(problems);
    }
    return new ReplicationRules(
        home,
        environment,
        rules,
        allowed,
        p.reencryptKmsKeyId(),
        p.copiesInFlight(),
        p.firstCheck());
  }

  private static Destination destination(
      String name,
      ReplicationProperties.DestinationProperties d,
      Location home,
      Set<String> allowed,
      List<String> problems) {
    String property = PREFIX + "destinations." + name + ".";
    String account = d.accountId() == null ? home.accountId() : d.accountId().trim();
    String region = d.region() == null ? home.region() : d.region().trim();
    int before = problems.size();
    if (!ACCOUNT.matcher(account).matches()) {
      problems.add(property + "account-id: '" + account + "' is not a 12-digit account id");
    } else if (!account.equals(home.accountId()) && !allowed.contains(account)) {
      problems.add(
          property
              + "account-id: "
              + account
              + " is not on "
              + PREFIX
              + "allowed-accounts; add it there to copy into it");
    }
    if (!REGION.matcher(region).matches()) {
      problems.add(property + "region: '" + region + "' is not an AWS region");
    }
    if (account.equals(home.accountId()) && region.equals(home.region())) {
      problems.add(property + "account-id/region: the destination is where the snapshots are");
    }
    if (!account.equals(home.accountId())) {
      if (d.roleArn() == null) {
        problems.add(
            property + "role-arn: required to copy into account " + account + " (a role there)");
      } else {
        var m = ROLE_ARN.matcher(d.roleArn());
        if (!m.matches()) {
          problems.add(property + "role-arn: '" + d.roleArn() + "' is not an IAM role ARN");
        } else if (!m.group(1).equals(account)) {
          problems.add(property + "role-arn: the role is in " + m.group(1) + ", not in " + account);
        }
      }
    }
    if (d.kmsKeyId() != null && d.kmsKeyId().isBlank()) {
      problems.add(property + "kms-key-id: is blank");
    }
    if (problems.size() > before) {
      return null;
    }
    return new Destination(name, account, region, d.roleArn(), d.kmsKeyId());
  }

  private static ReplicationRule rule(
      String name,
      ReplicationProperties.Rule r,
      Location home,
      Set<String> allowed,
      Map<String, Destination> destinations,
      Map<String, Integer> sourceRetentionDays,
      List<String> problems) {
    String property = PREFIX + "rules." + name + ".";
    int before = problems.size();
    Pattern pattern = null;
    if (r.identifierPattern() != null) {
      try {
        pattern = Pattern.compile(r.identifierPattern());
      } catch (PatternSyntaxException e) {
        problems.add(property + "identifier-pattern: " + e.getDescription());
      }
    }
    for (int i = 0; i < r.shareWith().size(); i++) {
      String account = r.shareWith().get(i).trim();
      if (!allowed.contains(account)) {
        problems.add(
            property
                + "share-with["
                + i
                + "]: "
                + ("all".equalsIgnoreCase(account) ? "'all' (public)" : account)
                + " is not on "
                + PREFIX
                + "allowed-accounts");
      }
    }
    List<Destination> ruleDestinations = new ArrayList<>();
    for (int i = 0; i < r.destinations().size(); i++) {
      Destination d = destinations.get(r.destinations().get(i));
      if (d == null) {
        problems.add(
            property
                + "destinations["
                + i
                + "]: no destination '"
                + r.destinations().get(i)
                + "' under "
                + PREFIX
                + "destinations");
      } else {
        ruleDestinations.add(d);
      }
    }
    if (r.kinds().isEmpty()) {
      problems.add(property + "kinds: selects neither instance nor cluster snapshots");
    }
    if (r.shareWith().isEmpty() && r.destinations().isEmpty()) {
      problems.add(property + "destinations: the rule neither shares nor copies anything");
    }
    sourceRetentionDays.forEach(
        (policy, days) -> {
          if ((r.policies().isEmpty() || r.policies().contains(policy))
              && r.copyRetentionDays() < days) {
            problems.add(
                property
                    + "copy-retention-days: "
                    + r.copyRetentionDays()
                    + " is shorter than policy "
                    + policy
                    + "'s retention of "
                    + days
                    + " days; copies must outlive their sources");
          }
        });
    if (problems.size() > before) {
      return null;
    }
    return new ReplicationRule(
        name,
        r.policies(),
        pattern,
        r.tags(),
        r.kinds(),
        r.shareWith().stream().map(String::trim).toList(),
        ruleDestinations,
        new ReplicationRule.CopyRetention(
            r.copyRetentionDays(), r.keepDaily(), r.keepWeekly(), r.keepMonthly()));
  }
}
