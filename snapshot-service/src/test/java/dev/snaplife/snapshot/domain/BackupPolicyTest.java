package dev.snaplife.snapshot.domain;

import static dev.snaplife.snapshot.domain.Fleet.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupPolicyTest {

  private final List<Database> fleet =
      List.of(
          instance("prod-orders", "postgres", Map.of("CopyDBSnapshot", "True")),
          instance("prod-reporting", "mysql", Map.of("CopyDBSnapshot", "True")),
          instance("staging-prod-copy", "postgres", Map.of()),
          instance("prod-legacy", "postgres", Map.of("CopyDBSnapshot", "True")),
          cluster("prod-billing", "aurora-mysql", Map.of("CopyDBSnapshot", "True")),
          auroraMember("prod-billing-1", "prod-billing"));

  private List<String> selectedBy(BackupPolicy policy) {
    return fleet.stream().filter(policy::selects).map(Database::identifier).toList();
  }

  @Test
  void searchesThePatternAnywhereInTheIdentifierLikePythonsReSearch() {
    assertThat(selectedBy(new PolicyBuilder("p").pattern("prod").build()))
        .containsExactly(
            "prod-orders", "prod-reporting", "staging-prod-copy", "prod-legacy", "prod-billing");
  }

  @Test
  void anchorsRestrictThePatternToTheStart() {
    assertThat(selectedBy(new PolicyBuilder("p").pattern("^prod-").build()))
        .doesNotContain("staging-prod-copy");
  }

  @Test
  void requiresPatternAndTagsAndEngineTogetherMinusExclusions() {
    BackupPolicy policy =
        new PolicyBuilder("p")
            .pattern("^prod")
            .tags(Map.of("CopyDBSnapshot", "True"))
            .engines("postgres", "aurora-mysql")
            .exclusions("prod-legacy")
            .build();

    assertThat(selectedBy(policy)).containsExactly("prod-orders", "prod-billing");
  }

  @Test
  void anExplicitListSelectsOnlyThoseDatabases() {
    assertThat(selectedBy(new PolicyBuilder("p").identifiers("prod-reporting", "gone-db").build()))
        .containsExactly("prod-reporting");
  }

  @Test
  void auroraMembersAreSnapshottedThroughTheirCluster() {
    assertThat(selectedBy(policy("everything")))
        .doesNotContain("prod-billing-1")
        .contains("prod-billing");
  }
}
