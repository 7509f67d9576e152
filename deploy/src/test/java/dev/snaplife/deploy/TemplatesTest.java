package dev.snaplife.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.contracts.routing.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The generated templates: committed as generated, derived from the routing table, and hardened
 * where moto's CloudFormation does not look (it ignores versioning, public access blocks,
 * point-in-time recovery…), so checked here on the template itself.
 */
class TemplatesTest {

  private static final ResourceNames NAMES = new ResourceNames("snaplife");
  private static final Path COMMITTED = Path.of("templates");
  private static final Map<String, Object> HOME = new HomeStack(NAMES).template().toMap();
  private static final Map<String, Object> DESTINATION =
      new DestinationStack(NAMES).template().toMap();

  /**
   * Actions AWS cannot scope to a resource: the only ones an Allow may grant on {@code *}. Anything
   * else on {@code *} is a policy that could have named its resource.
   */
  private static final Set<String> UNSCOPABLE =
      Set.of(
          "scheduler:ListSchedules",
          "rds:DescribeAccountAttributes",
          "rds:DescribeExportTasks",
          "ecr:GetAuthorizationToken");

  @Test
  void theCommittedTemplatesAreWhatTheRoutingTableGenerates() throws IOException {
    Map<String, String> generated = Templates.of(NAMES);
    if (Boolean.getBoolean("snaplife.writeTemplates")) {
      Templates.write(NAMES, COMMITTED);
    }
    for (Map.Entry<String, String> file : generated.entrySet()) {
      assertThat(Files.readString(COMMITTED.resolve(file.getKey())))
          .as(
              "deploy/templates/%s is stale: regenerate with ./mvnw -pl deploy test"
                  + " -Dtest=TemplatesTest -Dsnaplife.writeTemplates=true",
              file.getKey())
          .isEqualTo(file.getValue());
    }
  }

  @Test
  void everyRuleOfTheRoutingTableFeedsItsServicesQueue() {
    Topology topology = new Topology(NAMES);
    for (SnaplifeService service : SnaplifeService.values()) {
      for (Topology.RuleSpec rule : topology.rulesFor(service)) {
        Map<String, Object> properties = propertiesWhere(HOME, "AWS::Events::Rule", rule.name());
        assertThat(properties.toString())
            .as(rule.name())
            .contains(HomeStack.logicalId(service) + "Queue, Arn");
      }
    }
    for (Topology.RuleSpec rule : topology.forwardingRules()) {
      assertThat(propertiesWhere(DESTINATION, "AWS::Events::Rule", rule.name())).isNotNull();
    }
  }

  @Test
  void queuesAndTopicsAreEncryptedWithTheEnvironmentsKeyAndTlsOnly() {
    List<Map<String, Object>> queues = ofType(HOME, "AWS::SQS::Queue");
    assertThat(queues).hasSize(2 * SnaplifeService.values().length);
    queues.forEach(q -> assertThat(q).containsEntry("KmsMasterKeyId", keyArn()));
    List<Map<String, Object>> topics = ofType(HOME, "AWS::SNS::Topic");
    assertThat(topics).hasSize(2);
    topics.forEach(t -> assertThat(t).containsEntry("KmsMasterKeyId", keyArn()));
    for (Map<String, Object> policy : ofType(HOME, "AWS::SQS::QueuePolicy")) {
      assertThat(policy.toString()).contains("aws:SecureTransport=false");
    }
    assertThat(ofType(HOME, "AWS::SQS::QueuePolicy")).hasSize(SnaplifeService.values().length);
    assertThat(ofType(HOME, "AWS::SNS::TopicPolicy").toString())
        .contains("aws:SecureTransport=false");
  }

  @Test
  void bucketsAreVersionedPrivateEncryptedAndTlsOnly() {
    List<Map<String, Object>> buckets = ofType(HOME, "AWS::S3::Bucket");
    assertThat(buckets).hasSize(2);
    for (Map<String, Object> bucket : buckets) {
      assertThat(bucket.get("PublicAccessBlockConfiguration"))
          .isEqualTo(
              Map.of(
                  "BlockPublicAcls", true,
                  "BlockPublicPolicy", true,
                  "IgnorePublicAcls", true,
                  "RestrictPublicBuckets", true));
      assertThat(bucket.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
      assertThat(bucket.get("BucketEncryption").toString())
          .contains("SSEAlgorithm=aws:kms", "KMSMasterKeyID=" + keyArn());
      assertThat(bucket.get("LifecycleConfiguration").toString())
          .contains("NoncurrentVersionExpiration");
    }
    List<Map<String, Object>> policies = ofType(HOME, "AWS::S3::BucketPolicy");
    assertThat(policies).hasSize(2);
    policies.forEach(p -> assertThat(p.toString()).contains("aws:SecureTransport=false"));
    assertThat(propertiesOf(HOME, "ArchivesBucket")).containsKey("ObjectLockConfiguration");
  }

  @Test
  void tablesHavePointInTimeRecoveryAndTheKey() {
    List<Map<String, Object>> tables = ofType(HOME, "AWS::DynamoDB::Table");
    int expected = SnaplifeService.values().length;
    for (List<?> specs : Topology.SERVICE_TABLES.values()) {
      expected += specs.size();
    }
    assertThat(tables).hasSize(expected);
    for (Map<String, Object> table : tables) {
      assertThat(table.get("PointInTimeRecoverySpecification"))
          .isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
      assertThat(table.get("SSESpecification").toString())
          .contains("SSEType=KMS", "KMSMasterKeyId=" + keyArn());
    }
  }

  @Test
  void keysRotateAndStateOutlivesTheStack() {
    for (Map<String, Object> template : List.of(HOME, DESTINATION)) {
      for (Map<String, Object> key : ofType(template, "AWS::KMS::Key")) {
        assertThat(key).containsEntry("EnableKeyRotation", true);
      }
      resources(template)
          .forEach(
              (id, resource) -> {
                String type = (String) resource.get("Type");
                if (Set.of("AWS::KMS::Key", "AWS::S3::Bucket", "AWS::DynamoDB::Table")
                    .contains(type)) {
                  assertThat(resource).as(id).containsEntry("DeletionPolicy", "Retain");
                }
              });
    }
  }

  @Test
  void onlyOperatorsPutOperatorEventsAndOnlyEachServiceItsOwn() {
    String policies = ofType(HOME, "AWS::Events::EventBusPolicy").toString();
    assertThat(policies).contains("events:source=" + SnaplifeService.OPERATOR_SOURCE);
    for (SnaplifeService service : SnaplifeService.values()) {
      assertThat(policies)
          .contains("events:source=" + service.source())
          .contains(HomeStack.taskRole(service) + ", Arn");
    }
  }

  @Test
  void everyServiceDeploysScalesAndAlertsOnItsOwn() {
    for (SnaplifeService service : SnaplifeService.values()) {
      String id = HomeStack.logicalId(service);
      Map<String, Object> ecs = propertiesOf(HOME, id + "Service");
      assertThat(ecs).containsEntry("LaunchType", "FARGATE");
      String task = propertiesOf(HOME, id + "TaskDefinition").toString();
      assertThat(task)
          .contains(
              "HealthCheck",
              "actuator/health",
              "StopTimeout=120",
              "SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE")
          .contains("TaskRoleArn={Fn::GetAtt=[" + HomeStack.taskRole(service) + ", Arn]}");
      assertThat(propertiesOf(HOME, id + "BacklogScaling").toString())
          .contains("ApproximateNumberOfMessagesVisible", "RunningTaskCount", "backlog / tasks");
      assertThat(propertiesOf(HOME, id + "DeadLetterAlarm").toString())
          .contains(NAMES.deadLetterQueue(service), "AlertsTopic");
      assertThat(propertiesOf(HOME, id + "QueueAgeAlarm").toString())
          .contains("ApproximateAgeOfOldestMessage", NAMES.queue(service));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void noPolicyAllowsEveryActionOrAnyResourceThatCouldBeNamed() {
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> template : List.of(HOME, DESTINATION)) {
      forEachStatement(
          template,
          statement -> {
            if (!"Allow".equals(statement.get("Effect")) || statement.containsKey("Principal")) {
              return;
            }
            List<String> actions =
                statement.get("Action") instanceof String one
                    ? List.of(one)
                    : (List<String>) statement.get("Action");
            for (String action : actions) {
              if (action.contains("*")) {
                problems.add("wildcard action " + action);
              }
              if ("*".equals(statement.get("Resource")) && !UNSCOPABLE.contains(action)) {
                problems.add(action + " on every resource");
              }
            }
          });
    }
    assertThat(problems).isEmpty();
  }

  private static Object keyArn() {
    return Map.of("Fn::GetAtt", List.of("Key", "Arn"));
  }

  /** Every statement of the IAM policies of roles and managed policies. */
  @SuppressWarnings("unchecked")
  private static void forEachStatement(
      Map<String, Object> template, java.util.function.Consumer<Map<String, Object>> action) {
    resources(template)
        .forEach(
            (id, resource) -> {
              Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
              if (resource.get("Type").equals("AWS::IAM::Role")) {
                for (Object policy : (List<Object>) properties.get("Policies")) {
                  Map<String, Object> document =
                      (Map<String, Object>) ((Map<String, Object>) policy).get("PolicyDocument");
                  ((List<Map<String, Object>>) document.get("Statement")).forEach(action);
                }
              }
            });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
    return (Map<String, Map<String, Object>>) template.get("Resources");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> ofType(Map<String, Object> template, String type) {
    return resources(template).values().stream()
        .filter(r -> r.get("Type").equals(type))
        .map(r -> (Map<String, Object>) r.get("Properties"))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> propertiesOf(Map<String, Object> template, String id) {
    Map<String, Object> resource = resources(template).get(id);
    assertThat(resource).as(id).isNotNull();
    return (Map<String, Object>) resource.get("Properties");
  }

  private static Map<String, Object> propertiesWhere(
      Map<String, Object> template, String type, String name) {
    Predicate<Map<String, Object>> named = p -> name.equals(p.get("Name"));
    return ofType(template, type).stream()
        .filter(named)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " named " + name));
  }
}
