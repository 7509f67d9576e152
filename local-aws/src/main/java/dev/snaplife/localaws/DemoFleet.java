package dev.snaplife.localaws;

import dev.snaplife.contracts.routing.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local main job's fleet, on an emulator: instances and Aurora clusters of mixed names, tags
 * and engines for the backup policies, and behind the two tagged {@code archive=monthly} the real
 * local PostgreSQL and MariaDB databases ({@code scripts/databases.sh demo}), whose logins go into
 * the emulator's Secrets Manager as RDS credential secrets. What exists already is left alone.
 */
final class DemoFleet {

  /** Where the archive demo's data is and who may read it; passwords never printed. */
  record Logins(
      int postgresPort,
      int mariadbPort,
      String backupLogin,
      String backupPassword,
      String adminLogin,
      String postgresAdminPassword,
      String mariadbAdminPassword) {

    /** From what scripts/local.sh exports (scripts/lib.sh's values). */
    static Logins fromEnvironment(Map<String, String> env) {
      return new Logins(
          Integer.parseInt(env.getOrDefault("SNAPLIFE_PG_PORT", "5432")),
          Integer.parseInt(env.getOrDefault("SNAPLIFE_MARIADB_PORT", "3306")),
          "snaplife_demo_backup",
          required(env, "SNAPLIFE_DEMO_BACKUP_PASSWORD"),
          "snaplife_admin",
          required(env, "SNAPLIFE_PG_ADMIN_PASSWORD"),
          required(env, "SNAPLIFE_MARIADB_ADMIN_PASSWORD"));
    }

    private static String required(Map<String, String> env, String name) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(
            name + " is not set: run the demo through scripts/local.sh, which sets it");
      }
      return value;
    }
  }

  private record Instance(String id, String engine, Map<String, String> tags) {}

  private record Cluster(String id, String engine, Map<String, String> tags) {}

  private static final List<Instance> INSTANCES =
      List.of(
          new Instance(
              "prod-orders", "postgres", Map.of("CopyDBSnapshot", "True", "archive", "monthly")),
          new Instance(
              "prod-inventory", "mysql", Map.of("CopyDBSnapshot", "True", "archive", "monthly")),
          new Instance("staging-orders", "postgres", Map.of("CopyDBSnapshot", "False")));

  private static final List<Cluster> CLUSTERS =
      List.of(
          new Cluster("prod-billing", "aurora-mysql", Map.of("CopyDBSnapshot", "True")),
          new Cluster("prod-ledger", "aurora-postgresql", Map.of("CopyDBSnapshot", "True")));

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AwsTarget aws;
  private final ResourceNames names;

  DemoFleet(AwsTarget aws, ResourceNames names) {
    this.aws = aws;
    this.names = names;
  }

  /** The databases the demo watches, instances then clusters. */
  static List<String> databases() {
    List<String> all = new ArrayList<>();
    INSTANCES.forEach(i -> all.add(i.id()));
    CLUSTERS.forEach(c -> all.add(c.id()));
    return all;
  }

  /** Creates what is missing; returns what it created. */
  List<String> create(Logins logins) {
    List<String> created = new ArrayList<>();
    try (RdsClient rds = aws.client(RdsClient.builder())) {
      for (Instance db : INSTANCES) {
        if (rds.describeDBInstances(b -> b.filters(filter("db-instance-id", db.id())))
            .dbInstances()
            .isEmpty()) {
          rds.createDBInstance(
              b ->
                  b.dbInstanceIdentifier(db.id())
                      .engine(db.engine())
                      .dbInstanceClass("db.t3.micro")
                      .allocatedStorage(20)
                      .masterUsername("demo")
                      .masterUserPassword("demo-password-not-secret")
                      .tags(tags(db.tags())));
          created.add(db.id());
        }
      }
      for (Cluster db : CLUSTERS) {
        if (rds.describeDBClusters(b -> b.filters(filter("db-cluster-id", db.id())))
            .dbClusters()
            .isEmpty()) {
          rds.createDBCluster(
              b ->
                  b.dbClusterIdentifier(db.id())
                      .engine(db.engine())
                      .masterUsername("demo")
                      .masterUserPassword("demo-password-not-secret")
                      .tags(tags(db.tags())));
          created.add(db.id());
        }
      }
    }
    try (SecretsManagerClient secrets = aws.client(SecretsManagerClient.builder())) {
      String prefix = names.environment() + "/";
      secret(
          secrets,
          prefix + "archive/prod-orders",
          "postgres",
          logins.postgresPort(),
          logins.backupLogin(),
          logins.backupPassword(),
          "snaplife_demo_orders");
      secret(
          secrets,
          prefix + "archive/prod-inventory",
          "mysql",
          logins.mariadbPort(),
          logins.backupLogin(),
          logins.backupPassword(),
          "snaplife_demo_shop");
      secret(
          secrets,
          prefix + "verify/postgres",
          "postgres",
          logins.postgresPort(),
          logins.adminLogin(),
          logins.postgresAdminPassword(),
          "postgres");
      secret(
          secrets,
          prefix + "verify/mysql",
          "mysql",
          logins.mariadbPort(),
          logins.adminLogin(),
          logins.mariadbAdminPassword(),
          null);
    }
    return created;
  }

  /** An RDS credential secret as RDS itself writes them; replaced when it exists. */
  private static void secret(
      SecretsManagerClient secrets,
      String name,
      String engine,
      int port,
      String username,
      String password,
      String dbname) {
    Map<String, Object> value = new java.util.LinkedHashMap<>();
    value.put("engine", engine);
    value.put("host", "127.0.0.1");
    value.put("port", port);
    value.put("username", username);
    value.put("password", password);
    if (dbname != null) {
      value.put("dbname", dbname);
    }
    String document = JSON.writeValueAsString(value);
    try {
      secrets.createSecret(b -> b.name(name).secretString(document));
    } catch (ResourceExistsException exists) {
      secrets.putSecretValue(b -> b.secretId(name).secretString(document));
    }
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }
}
