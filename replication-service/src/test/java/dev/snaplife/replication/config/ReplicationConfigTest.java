package dev.snaplife.replication.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.platform.config.SnaplifeConfigurationException;
import dev.snaplife.replication.application.ReplicationRules;
import dev.snaplife.replication.domain.Location;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicationConfigTest {

  static final Location HOME = new Location("123456789012", "us-east-1");
  static final String DR = "222222222222";
  static final String ROLE = "arn:aws:iam::222222222222:role/snaplife-replication";

  @Test
  void aValidConfigurationBecomesRulesWithTheirDestinations() {
    ReplicationRules rules =
        ReplicationConfig.rules(
            properties(List.of(DR), Map.of("dr", rule(List.of(), List.of("eu", "dr"), 14))),
            HOME,
            "prod",
            Map.of("daily", 7));

    assertThat(rules.rules()).hasSize(1);
    assertThat(rules.rules().get(0).accountsToShareWith(HOME)).containsExactly(DR);
    assertThat(rules.rules().get(0).destinations())
        .extracting(d -> d.location().toString())
        .containsExactly("123456789012/eu-west-1", "222222222222/us-east-1");
  }

  @Test
  void sharingWithAllOrWithAnAccountNotOnTheAllowListIsRefusedNamingTheProperty() {
    assertThatThrownBy(
            () ->
                ReplicationConfig.rules(
                    properties(
                        List.of("all"),
                        Map.of("dr", rule(List.of("333333333333", "all"), List.of(), 14))),
                    HOME,
                    "prod",
                    Map.of()))
        .isInstanceOf(SnaplifeConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((SnaplifeConfigurationException) e).problems())
                    .anySatisfy(
                        p -> assertThat(p).startsWith("snaplife.replication.allowed-accounts[0]:"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith(
                                    "snaplife.replication.rules.dr.share-with[0]: 333333333333"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("snaplife.replication.rules.dr.share-with[1]: 'all'")));
  }

  @Test
  void aCopyRetentionShorterThanItsSourcePolicysIsRefused() {
    assertThatThrownBy(
            () ->
                ReplicationConfig.rules(
                    properties(List.of(DR), Map.of("dr", rule(List.of(), List.of("eu"), 5))),
                    HOME,
                    "prod",
                    Map.of("daily", 7)))
        .isInstanceOf(SnaplifeConfigurationException.class)
        .hasMessageContaining(
            "snaplife.replication.rules.dr.copy-retention-days: 5 is shorter than policy daily's"
                + " retention of 7 days");
  }

  @Test
  void anotherAccountNeedsItsRoleOnTheAllowListAndAnUnknownDestinationIsNamed() {
    ReplicationProperties p =
        new ReplicationProperties(
            List.of(),
            null,
            5,
            Duration.ofMinutes(5),
            Map.of(
                "dr",
                new ReplicationProperties.DestinationProperties(DR, null, null, null),
                "wrong-role",
                new ReplicationProperties.DestinationProperties(
                    "123456789012", "eu-west-1", "arn:aws:iam::999999999999:role/x", null)),
            Map.of("dr", rule(List.of(), List.of("dr", "nowhere"), 14)));

    assertThatThrownBy(() -> ReplicationConfig.rules(p, HOME, "prod", Map.of()))
        .isInstanceOf(SnaplifeConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((SnaplifeConfigurationException) e).problems())
                    .contains(
                        "snaplife.replication.destinations.dr.account-id: 222222222222 is not on"
                            + " snaplife.replication.allowed-accounts; add it there to copy into"
                            + " it",
                        "snaplife.replication.destinations.dr.role-arn: required to copy into"
                            + " account 222222222222 (a role there)",
                        "snaplife.replication.rules.dr.destinations[1]: no destination 'nowhere'"
                            + " under snaplife.replication.destinations"));
  }

  @Test
  void theBackupPoliciesRetentionIsReadWhereTheConfigurationHoldsThem() {
    org.springframework.mock.env.MockEnvironment environment =
        new org.springframework.mock.env.MockEnvironment()
            .withProperty("snaplife.snapshot.policies.production-daily.retention-days", "7")
            .withProperty("snaplife.snapshot.policies.production-daily.keep-weekly", "4")
            .withProperty("snaplife.snapshot.policies.staging-weekly.schedule", "rate(7 days)");

    assertThat(ReplicationServiceConfiguration.sourceRetentionDays(environment))
        .containsExactly(Map.entry("production-daily", 7));
    assertThat(
            ReplicationServiceConfiguration.sourceRetentionDays(
                new org.springframework.mock.env.MockEnvironment()))
        .isEmpty();
  }

  static ReplicationProperties properties(
      List<String> allowed, Map<String, ReplicationProperties.Rule> rules) {
    return new ReplicationProperties(
        allowed,
        null,
        5,
        Duration.ofMinutes(5),
        Map.of(
            "eu",
            new ReplicationProperties.DestinationProperties(null, "eu-west-1", null, "alias/dr"),
            "dr",
            new ReplicationProperties.DestinationProperties(DR, null, ROLE, "alias/dr")),
        rules);
  }

  static ReplicationProperties.Rule rule(
      List<String> shareWith, List<String> destinations, int copyRetentionDays) {
    return new ReplicationProperties.Rule(
        Set.of(),
        null,
        Map.of(),
        Set.of(DatabaseKind.DB_INSTANCE, DatabaseKind.DB_CLUSTER),
        shareWith,
        destinations,
        copyRetentionDays,
        0,
        0,
        0);
  }
}
