package dev.snaplife.e2e;

import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.TestFleet;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The five services, two replicas each, as their own processes ({@code scripts/service.sh}) on one
 * environment of the emulator, configured for the end-to-end suite: one backup policy over the
 * suite's databases, replication to another region and to the disaster-recovery account, an export
 * rule catalogued by Glue, an archive policy over databases of the local PostgreSQL server verified
 * after writing. Replicas can be killed ({@code kill -9}) and restarted; their AWS call counters
 * are read before a kill so that a lifecycle's calls are all counted.
 */
final class LifecycleFleet implements AutoCloseable {

  static final String DR = "222222222222";
  static final String POLICY = "suite";
  static final String EXPORT_RULE = "lake";
  static final int REPLICAS = 2;
  static final List<SnaplifeService> SERVICES = List.of(SnaplifeService.values());

  final EmulatorEnvironment aws;
  final String env;
  final String account;
  final String drRole;
  final String drKey;
  final RdsClient rds;
  final RdsClient rdsEu;
  final RdsClient rdsDr;
  final SecretsManagerClient secrets;
  private final Map<SnaplifeService, Map<String, String>> properties =
      new EnumMap<>(SnaplifeService.class);
  private final Map<SnaplifeService, List<ServiceProcess>> replicas =
      new EnumMap<>(SnaplifeService.class);
  private final List<ServiceProcess> everStarted = new ArrayList<>();

  /** Counters of processes that were killed, as last read: a kill must not lose their calls. */
  private final Map<String, Long> bankedCalls = new TreeMap<>();

  private final Map<String, Long> bankedAttempts = new TreeMap<>();
  private int kills;

  LifecycleFleet(EmulatorEnvironment aws) {
    this.aws = aws;
    this.env = aws.names().environment();
    this.account = aws.target().accountId();
    this.drRole = "arn:aws:iam::" + DR + ":role/" + env + "-replication";
    this.rds = aws.target().client(RdsClient.builder());
    this.rdsEu =
        aws.target()
            .inRegion(software.amazon.awssdk.regions.Region.EU_WEST_1)
            .client(RdsClient.builder());
    this.rdsDr = aws.target().assumingRole(drRole).client(RdsClient.builder());
    this.secrets = aws.target().client(SecretsManagerClient.builder());
    try (KmsClient kms = aws.target().assumingRole(drRole).client(KmsClient.builder())) {
      this.drKey =
          kms.createKey(b -> b.description(env + " disaster-recovery copies")).keyMetadata().arn();
    }
    SERVICES.forEach(s -> properties.put(s, configuration(s)));
  }

  private Map<String, String> configuration(SnaplifeService service) {
    Map<String, String> p = new LinkedHashMap<>(aws.serviceProperties(service));
    // Production's SDK attempts (the test default of 2 would turn 30 % throttling into failures).
    p.put("snaplife.aws.max-attempts", "5");
    p.put("snaplife.events.poll-timeout", "2s");
    switch (service) {
      case SNAPSHOT -> {
        String s = "snaplife.snapshot.policies." + POLICY + ".";
        p.put(s + "name-pattern", "^" + env + "-");
        p.put(s + "kinds", "DB_INSTANCE");
        p.put(s + "backup-interval", "1m");
        // Each run keeps only the newest snapshot of each database it names.
        p.put(s + "retention-days", "0");
        p.put("snaplife.snapshot.poll-interval", "1s");
      }
      case REPLICATION -> {
        String r = "snaplife.replication.";
        p.put(r + "allowed-accounts", DR);
        p.put(r + "first-check", "2s");
        p.put(r + "reencrypt-kms-key-id", aws.provisioned().sourceKmsKeyArn());
        p.put(r + "destinations.eu.region", "eu-west-1");
        p.put(r + "destinations.eu.kms-key-id", aws.provisioned().copyRegionKmsKeyArn());
        p.put(r + "destinations.dr.account-id", DR);
        p.put(r + "destinations.dr.role-arn", drRole);
        p.put(r + "destinations.dr.kms-key-id", drKey);
        p.put(r + "rules.suite.identifier-pattern", "^" + env + "-");
        p.put(r + "rules.suite.destinations", "eu,dr");
        p.put(r + "rules.suite.copy-retention-days", "1");
      }
      case EXPORT -> {
        String e = "snaplife.export.";
        String role = "arn:aws:iam::" + account + ":role/" + env + "-export";
        String rule = e + "rules." + EXPORT_RULE + ".";
        p.put(e + "crawl-check", "1s");
        p.put(rule + "policies", POLICY);
        p.put(rule + "bucket", aws.names().exportsBucket(account, "us-east-1"));
        p.put(rule + "iam-role-arn", role);
        p.put(rule + "kms-key-id", aws.provisioned().sourceKmsKeyArn());
        p.put(rule + "glue.crawler-role-arn", role + "-crawler");
      }
      case ARCHIVE -> {
        String a = "snaplife.archive.";
        p.put(a + "policies." + POLICY + ".tags.archive", env);
        p.put(a + "policies." + POLICY + ".verify-after-write", "true");
        p.put(a + "secret-prefix", env + "/archive/");
        p.put(a + "part-size", "5MB");
        p.put(a + "verification.postgres.secret", env + "/verify/postgres");
        p.put(a + "verification.mysql.secret", env + "/verify/mysql");
      }
      case NOTIFIER -> {}
    }
    return p;
  }

  /** Trains each service's start-up cache once per build, then starts every replica. */
  void start() {
    for (SnaplifeService service : SERVICES) {
      ServiceProcess.prepare(service.serviceName(), properties.get(service));
    }
    for (SnaplifeService service : SERVICES) {
      List<ServiceProcess> started = new ArrayList<>();
      for (int i = 0; i < REPLICAS; i++) {
        started.add(launch(service));
      }
      replicas.put(service, started);
    }
    replicas.forEach((s, list) -> list.forEach(p -> p.awaitHealthy(aws.names().queue(s))));
  }

  private ServiceProcess launch(SnaplifeService service) {
    ServiceProcess process =
        ServiceProcess.start(
            service.serviceName(),
            service.serviceName() + "-" + everStarted.size(),
            properties.get(service));
    everStarted.add(process);
    return process;
  }

  /**
   * {@code kill -9} of every replica of the services, then new ones started; returns how long the
   * new ones took to be healthy.
   */
  Duration killAndRestart(List<SnaplifeService> services) {
    for (SnaplifeService service : services) {
      for (ServiceProcess p : replicas.get(service)) {
        bank(p);
        p.process.destroyForcibly();
        kills++;
      }
    }
    for (SnaplifeService service : services) {
      for (ServiceProcess p : replicas.get(service)) {
        try {
          p.process.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    long started = System.nanoTime();
    for (SnaplifeService service : services) {
      List<ServiceProcess> fresh = new ArrayList<>();
      for (int i = 0; i < REPLICAS; i++) {
        fresh.add(launch(service));
      }
      replicas.put(service, fresh);
    }
    for (SnaplifeService service : services) {
      replicas.get(service).forEach(p -> p.awaitHealthy(aws.names().queue(service)));
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  private void bank(ServiceProcess p) {
    ServiceMetrics.byAwsService(p.port, ServiceMetrics.CALLS)
        .forEach((k, v) -> bankedCalls.merge(k, v, Long::sum));
    ServiceMetrics.byAwsService(p.port, ServiceMetrics.ATTEMPTS)
        .forEach((k, v) -> bankedAttempts.merge(k, v, Long::sum));
  }

  int kills() {
    return kills;
  }

  /** The process ids now: a scenario that must restart nothing compares them. */
  Map<String, Long> pids() {
    Map<String, Long> pids = new TreeMap<>();
    replicas.forEach(
        (s, list) -> {
          for (int i = 0; i < list.size(); i++) {
            pids.put(s.serviceName() + "#" + i, list.get(i).process.pid());
          }
        });
    return pids;
  }

  boolean allAlive() {
    return replicas.values().stream().flatMap(List::stream).allMatch(p -> p.process.isAlive());
  }

  /** Every AWS call of every replica so far (killed ones included), by AWS service. */
  Map<String, Long> calls() {
    return total(ServiceMetrics.CALLS, bankedCalls);
  }

  /** The AWS operations the service's running replicas called ({@code Service:Operation}). */
  java.util.Set<String> operations(SnaplifeService service) {
    java.util.Set<String> operations = new java.util.TreeSet<>();
    replicas
        .get(service)
        .forEach(p -> operations.addAll(ServiceMetrics.operations(p.port, ServiceMetrics.CALLS)));
    return operations;
  }

  Map<String, Long> attempts() {
    return total(ServiceMetrics.ATTEMPTS, bankedAttempts);
  }

  /** Events consumed with the given outcome by the replicas running now. */
  long consumed(String outcome) {
    return replicas.values().stream()
        .flatMap(List::stream)
        .mapToLong(p -> ServiceMetrics.consumed(p.port, outcome))
        .sum();
  }

  private Map<String, Long> total(String metric, Map<String, Long> banked) {
    Map<String, Long> total = new TreeMap<>(banked);
    replicas.values().stream()
        .flatMap(List::stream)
        .forEach(
            p ->
                ServiceMetrics.byAwsService(p.port, metric)
                    .forEach((k, v) -> total.merge(k, v, Long::sum)));
    return total;
  }

  // --- the suite's databases

  /** PostgreSQL instances on the emulator, encrypted with the environment's key. */
  void instances(List<String> identifiers) {
    identifiers.parallelStream()
        .forEach(id -> TestFleet.postgresInstance(rds, id, aws.provisioned().sourceKmsKeyArn()));
  }

  /**
   * A database to archive: an instance on the emulator tagged for the archive policy, a real
   * database of that name on the local PostgreSQL server with a table of rows, and the login secret
   * the archive service reads. Returns the secret's ARN.
   */
  String archivedDatabase(String instance, String database, int rows) {
    rds.createDBInstance(
        b ->
            b.dbInstanceIdentifier(instance)
                .engine("postgres")
                .engineVersion("16.4")
                .dbInstanceClass("db.t3.micro")
                .allocatedStorage(20)
                .masterUsername("admin")
                .masterUserPassword("not-the-archive-login")
                .tags(Tag.builder().key("archive").value(env).build()));
    Postgres.execute(null, "DROP DATABASE IF EXISTS " + database, "CREATE DATABASE " + database);
    Postgres.execute(
        database,
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer text, lines text)",
        "INSERT INTO orders SELECT g, 'customer ' || g, md5(g::text) || md5((g + 1)::text) FROM"
            + " generate_series(1, "
            + rows
            + ") g");
    return secrets
        .createSecret(
            b -> b.name(env + "/archive/" + instance).secretString(Postgres.secret(database)))
        .arn();
  }

  void verificationLogins() {
    secrets.createSecret(
        b -> b.name(env + "/verify/postgres").secretString(Postgres.secret("postgres")));
    // The service checks both verification logins at start-up; the suite archives PostgreSQL only.
    Map<String, Object> maria = new HashMap<>();
    maria.put("username", Postgres.ADMIN);
    maria.put(
        "password",
        System.getenv().getOrDefault("SNAPLIFE_MARIADB_ADMIN_PASSWORD", "snaplife-local-admin"));
    maria.put("host", Postgres.HOST);
    maria.put(
        "port", Integer.parseInt(System.getenv().getOrDefault("SNAPLIFE_MARIADB_PORT", "3306")));
    String login =
        tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(maria);
    secrets.createSecret(b -> b.name(env + "/verify/mysql").secretString(login));
  }

  @Override
  public void close() {
    everStarted.forEach(
        p -> {
          if (p.process.isAlive()) {
            p.process.destroyForcibly();
          }
        });
  }

  /** The local PostgreSQL server of {@code scripts/databases.sh}, through its admin login. */
  static final class Postgres {

    static final String HOST = "127.0.0.1";
    static final int PORT =
        Integer.parseInt(System.getenv().getOrDefault("SNAPLIFE_PG_PORT", "5432"));
    static final String ADMIN = "snaplife_admin";
    private static final String PASSWORD =
        System.getenv().getOrDefault("SNAPLIFE_PG_ADMIN_PASSWORD", "snaplife-local-admin");

    private Postgres() {}

    static void requireReachable() {
      try (Connection c = connect(null)) {
        c.isValid(2);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "PostgreSQL does not accept the admin login "
                + ADMIN
                + " on "
                + HOST
                + ":"
                + PORT
                + ": run scripts/databases.sh start ("
                + e.getMessage()
                + ")");
      }
    }

    static void execute(String database, String... statements) {
      try (Connection c = connect(database);
          Statement s = c.createStatement()) {
        for (String sql : statements) {
          s.execute(sql);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    static void dropDatabase(String database) {
      execute(null, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    static String secret(String database) {
      Map<String, Object> login = new HashMap<>();
      login.put("username", ADMIN);
      login.put("password", PASSWORD);
      login.put("host", HOST);
      login.put("port", PORT);
      login.put("dbname", database);
      return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(login);
    }

    private static Connection connect(String database) throws SQLException {
      Properties login = new Properties();
      login.setProperty("user", ADMIN);
      login.setProperty("password", PASSWORD);
      return DriverManager.getConnection(
          "jdbc:postgresql://"
              + HOST
              + ":"
              + PORT
              + "/"
              + (database == null ? "postgres" : database),
          login);
    }
  }

  /** Waits, for at most the given time, until the condition holds. */
  static void within(
      Duration limit, String what, java.util.concurrent.Callable<Boolean> condition) {
    await(what).atMost(limit).pollInterval(Duration.ofSeconds(1)).until(condition);
  }
}
