package dev.snaplife.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {

  private final Topology topology = new Topology(new ResourceNames("snaplife"));

  @Test
  void matchesExactlyTheRoutedTypesFromTheirDeclaredProducers() {
    List<Topology.RuleSpec> rules = topology.rulesFor(SnaplifeService.EXPORT);

    assertThat(rules)
        .containsExactly(
            new Topology.RuleSpec(
                "snaplife-to-export-service",
                "snaplife-events",
                "{\"source\":[\"snaplife.replication-service\",\"snaplife.snapshot-service\"],"
                    + "\"detail-type\":[\"SnapshotCopied\",\"SnapshotCreated\"]}"));
  }

  @Test
  void routesNativeEventsFromTheDefaultBus() {
    List<Topology.RuleSpec> rules = topology.rulesFor(SnaplifeService.SNAPSHOT);

    assertThat(rules).hasSize(2);
    assertThat(rules.get(1).eventBus()).isEqualTo("default");
    assertThat(rules.get(1).eventPattern())
        .isEqualTo(
            "{\"source\":[\"aws.backup\",\"aws.rds\"],\"detail-type\":[\"Backup Job State Change\","
                + "\"RDS DB Cluster Snapshot Event\",\"RDS DB Snapshot Event\"]}");
  }
}
