package dev.snaplife.contracts.routing;

import static org.assertj.core.api.Assertions.assertThat;

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
                    + "\"detail-type\":[\"SnapshotCopied\",\"SnapshotCreated\"]}"),
            new Topology.RuleSpec(
                "snaplife-rds-snap-to-export-service",
                "default",
                "{\"source\":[\"aws.rds\"],\"detail-type\":[\"RDS DB Snapshot Event\"],"
                    + "\"detail\":{\"EventID\":[\"RDS-EVENT-0159\",\"RDS-EVENT-0160\","
                    + "\"RDS-EVENT-0161\"]}}"),
            new Topology.RuleSpec(
                "snaplife-rds-csnap-to-export-service",
                "default",
                "{\"source\":[\"aws.rds\"],\"detail-type\":[\"RDS DB Cluster Snapshot Event\"],"
                    + "\"detail\":{\"EventID\":[\"RDS-EVENT-0162\",\"RDS-EVENT-0163\","
                    + "\"RDS-EVENT-0164\"]}}"));
  }

  @Test
  void routesEachNativeTypeFromTheDefaultBusMatchingOnlyTheEventsTheServiceActsOn() {
    List<Topology.RuleSpec> rules = topology.rulesFor(SnaplifeService.SNAPSHOT);

    assertThat(rules).hasSize(4);
    assertThat(rules.subList(1, 4))
        .containsExactly(
            new Topology.RuleSpec(
                "snaplife-rds-snap-to-snapshot-service",
                "default",
                "{\"source\":[\"aws.rds\"],\"detail-type\":[\"RDS DB Snapshot Event\"],"
                    + "\"detail\":{\"EventID\":[\"RDS-EVENT-0042\",\"RDS-EVENT-0091\"]}}"),
            new Topology.RuleSpec(
                "snaplife-rds-csnap-to-snapshot-service",
                "default",
                "{\"source\":[\"aws.rds\"],\"detail-type\":[\"RDS DB Cluster Snapshot Event\"],"
                    + "\"detail\":{\"EventID\":[\"RDS-EVENT-0075\",\"RDS-EVENT-0169\"]}}"),
            new Topology.RuleSpec(
                "snaplife-backup-to-snapshot-service",
                "default",
                "{\"source\":[\"aws.backup\"],\"detail-type\":[\"Backup Job State Change\"],"
                    + "\"detail\":{\"state\":[\"COMPLETED\"]}}"));
  }

  @Test
  void destinationsForwardTheCopyAndExportEventsOfBothSnapshotTypes() {
    assertThat(topology.forwardingRules())
        .containsExactly(
            new Topology.RuleSpec(
                "snaplife-rds-snap-to-home",
                "default",
                "{\"source\":[\"aws.rds\"],\"detail-type\":[\"RDS DB Snapshot Event\"],"
                    + "\"detail\":{\"EventID\":[\"RDS-EVENT-0060\",\"RDS-EVENT-0061\","
                    + "\"RDS-EVENT-0197\",\"RDS-EVENT-0190\",\"RDS-EVENT-0159\","
                    + "\"RDS-EVENT-0160\",\"RDS-EVENT-0161\"]}}"),
            new Topology.RuleSpec(
                "snaplife-rds-csnap-to-home",
                "default",
                "{\"source\":[\"aws.rds\"],\"detail-type\":[\"RDS DB Cluster Snapshot Event\"],"
                    + "\"detail\":{\"EventID\":[\"RDS-EVENT-0162\",\"RDS-EVENT-0163\","
                    + "\"RDS-EVENT-0164\"]}}"));
  }

  @Test
  void schedulesTheSnapshotServicesTimersInTheEnvironmentsGroup() {
    assertThat(topology.schedulesFor(SnaplifeService.SNAPSHOT))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.group()).isEqualTo("snaplife");
              assertThat(s.name()).isEqualTo("snapshot-service-rpo-watch");
              assertThat(s.expression()).isEqualTo("rate(10 minutes)");
            });
    assertThat(topology.schedulesFor(SnaplifeService.NOTIFIER)).isEmpty();
  }
}
