package dev.snaplife.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.snaplife.contracts.routing.ResourceNames;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local main job's fleet ({@code scripts/local.sh demo}): instances and Aurora clusters for the
 * backup policies, and RDS credential secrets for the archive demo's real databases.
 */
class DemoFleetIntegrationTest {

  private final LocalAws aws = LocalAws.get().inFreshAccount();
  private final ResourceNames names = new ResourceNames("demo-fleet");
  private final DemoFleet fleet = new DemoFleet(aws.target(), names);
  private final DemoFleet.Logins logins =
      DemoFleet.Logins.fromEnvironment(
          Map.of(
              "SNAPLIFE_DEMO_BACKUP_PASSWORD", "backup-pw",
              "SNAPLIFE_PG_ADMIN_PASSWORD", "pg-admin-pw",
              "SNAPLIFE_MARIADB_ADMIN_PASSWORD", "maria-admin-pw",
              "SNAPLIFE_PG_PORT", "5433"));

  @Test
  void theFleetIsCreatedOnceAndLeftAloneAfterwardsWithItsArchiveSecrets() {
    assertThat(fleet.create(logins)).containsExactlyElementsOf(DemoFleet.databases());
    assertThat(fleet.create(logins)).isEmpty();

    try (RdsClient rds = aws.target().client(RdsClient.builder());
        SecretsManagerClient secrets = aws.target().client(SecretsManagerClient.builder())) {
      assertThat(rds.describeDBInstances().dbInstances())
          .extracting(DBInstance::dbInstanceIdentifier, DBInstance::engine)
          .containsExactlyInAnyOrder(
              tuple("prod-orders", "postgres"),
              tuple("prod-inventory", "mysql"),
              tuple("staging-orders", "postgres"));
      assertThat(rds.describeDBClusters().dbClusters())
          .extracting(DBCluster::dbClusterIdentifier, DBCluster::engine)
          .containsExactlyInAnyOrder(
              tuple("prod-billing", "aurora-mysql"), tuple("prod-ledger", "aurora-postgresql"));
      assertThat(
              rds.listTagsForResource(
                      b ->
                          b.resourceName(
                              rds.describeDBInstances(d -> d.dbInstanceIdentifier("prod-orders"))
                                  .dbInstances()
                                  .get(0)
                                  .dbInstanceArn()))
                  .tagList())
          .anySatisfy(
              t -> {
                assertThat(t.key()).isEqualTo("archive");
                assertThat(t.value()).isEqualTo("monthly");
              });

      JsonNode orders = secret(secrets, "demo-fleet/archive/prod-orders");
      assertThat(orders.path("host").asString()).isEqualTo("127.0.0.1");
      assertThat(orders.path("port").asInt()).isEqualTo(5433);
      assertThat(orders.path("username").asString()).isEqualTo("snaplife_demo_backup");
      assertThat(orders.path("password").asString()).isEqualTo("backup-pw");
      assertThat(orders.path("dbname").asString()).isEqualTo("snaplife_demo_orders");
      assertThat(secret(secrets, "demo-fleet/archive/prod-inventory").path("port").asInt())
          .isEqualTo(3306);
      assertThat(secret(secrets, "demo-fleet/verify/mysql").path("password").asString())
          .isEqualTo("maria-admin-pw");
      assertThat(secret(secrets, "demo-fleet/verify/mysql").has("dbname")).isFalse();
      assertThat(secret(secrets, "demo-fleet/verify/postgres").path("username").asString())
          .isEqualTo("snaplife_admin");
    }
  }

  @Test
  void aMissingPasswordNamesTheVariableAndTheScriptThatSetsIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DemoFleet.Logins.fromEnvironment(Map.of()))
        .hasMessage(
            "SNAPLIFE_DEMO_BACKUP_PASSWORD is not set: run the demo through scripts/local.sh,"
                + " which sets it");
  }

  private static JsonNode secret(SecretsManagerClient secrets, String name) {
    return JsonMapper.builder()
        .build()
        .readTree(secrets.getSecretValue(b -> b.secretId(name)).secretString());
  }
}
