package dev.snaplife.deploy;

import static dev.snaplife.deploy.template.Fn.equalsTo;
import static dev.snaplife.deploy.template.Fn.getAtt;
import static dev.snaplife.deploy.template.Fn.not;
import static dev.snaplife.deploy.template.Fn.obj;
import static dev.snaplife.deploy.template.Fn.ref;
import static dev.snaplife.deploy.template.Fn.sub;

import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.contracts.routing.Topology;
import dev.snaplife.deploy.template.PolicyDocument;
import dev.snaplife.deploy.template.Template;
import java.util.List;
import java.util.Map;

/**
 * The stack of one destination (another region of the home account, or a region of another account)
 * where copies are made: the environment's rotating key there, the rules forwarding RDS's copy and
 * export events to the home account's default bus, and, in another account, the role
 * replication-service assumes to copy and expire there.
 */
public final class DestinationStack {

  private static final String KEY = "Key";

  private final ResourceNames names;
  private final Topology topology;

  public DestinationStack(ResourceNames names) {
    this.names = names;
    this.topology = new Topology(names);
  }

  /** The role replication-service assumes in a destination account. */
  public static String replicationRole(ResourceNames names) {
    return names.environment() + "-replication";
  }

  public Template template() {
    Template t =
        new Template(
            "Snaplife environment "
                + names.environment()
                + ", one destination of copies (a region, an account): generated from the routing"
                + " table by dev.snaplife.deploy.DeployCommand; do not edit by hand.");
    t.parameter(
        "HomeAccountId",
        obj(
            "Type",
            "String",
            "AllowedPattern",
            "\\d{12}",
            "Description",
            "Account the Snaplife services run in"));
    t.parameter(
        "HomeRegion", obj("Type", "String", "Description", "Region the Snaplife services run in"));
    t.condition("OtherAccount", not(equalsTo(ref("HomeAccountId"), ref("AWS::AccountId"))));
    key(t);
    forwarding(t);
    replicationRole(t);
    t.output("KeyArn", "Copies are encrypted with this key", getAtt(KEY, "Arn"));
    return t;
  }

  private void key(Template t) {
    t.retainedResource(
        KEY,
        "AWS::KMS::Key",
        obj(
            "Description",
            "Snaplife " + names.environment() + ": snapshot copies",
            "EnableKeyRotation",
            true,
            "RotationPeriodInDays",
            365,
            "KeyPolicy",
            HomeStack.keyPolicy().toMap()));
    t.resource(
        "KeyAlias",
        "AWS::KMS::Alias",
        obj("AliasName", names.kmsKeyAlias(), "TargetKeyId", ref(KEY)));
  }

  /** RDS emits a copy's and an export's events where they happen; the home services act on them. */
  private void forwarding(Template t) {
    Object homeBus =
        sub("arn:${AWS::Partition}:events:${HomeRegion}:${HomeAccountId}:event-bus/default");
    t.role(
        "ForwardingRole",
        sub(names.environment() + "-forward-to-home-${AWS::Region}"),
        "EventBridge forwarding RDS's copy and export events to the home bus",
        HomeStack.trust("events.amazonaws.com"),
        "put-on-home-bus",
        new PolicyDocument().allow("HomeBus", List.of("events:PutEvents"), homeBus));
    int n = 0;
    for (Topology.RuleSpec rule : topology.forwardingRules()) {
      t.resource(
          "ForwardingRule" + (n++ == 0 ? "" : String.valueOf(n)),
          "AWS::Events::Rule",
          obj(
              "Name",
              rule.name(),
              "Description",
              "Forwards RDS's events to the home bus",
              "EventBusName",
              rule.eventBus(),
              "EventPattern",
              Template.json(rule.eventPattern()),
              "State",
              "ENABLED",
              "Targets",
              List.of(
                  obj("Id", "home", "Arn", homeBus, "RoleArn", getAtt("ForwardingRole", "Arn")))));
    }
  }

  /**
   * In another account: what replication-service does there, assumed by its task role only. Copies
   * of the home account's shared snapshots, tagged as they are made, and deletion of those tags'
   * copies only.
   */
  private void replicationRole(Template t) {
    String tag = ServiceRoles.OWNERSHIP_TAG;
    Object local = sub("arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:snapshot:*");
    Object localCluster =
        sub("arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster-snapshot:*");
    Object shared = sub("arn:${AWS::Partition}:rds:${HomeRegion}:${HomeAccountId}:snapshot:*");
    Object sharedCluster =
        sub("arn:${AWS::Partition}:rds:${HomeRegion}:${HomeAccountId}:cluster-snapshot:*");
    PolicyDocument policy =
        new PolicyDocument()
            .allow(
                "ReadSnapshots",
                List.of("rds:DescribeDBClusterSnapshots", "rds:DescribeDBSnapshots"),
                List.of(local, localCluster, shared, sharedCluster))
            .allow("ReadQuotas", List.of("rds:DescribeAccountAttributes"), "*")
            .allow(
                "CopySharedSnapshots",
                List.of("rds:CopyDBClusterSnapshot", "rds:CopyDBSnapshot"),
                List.of(local, localCluster, shared, sharedCluster))
            .allow(
                "TagNewCopies",
                List.of("rds:AddTagsToResource"),
                List.of(local, localCluster),
                obj("StringEquals", obj("aws:RequestTag/" + tag, names.environment())))
            .allow(
                "DeleteOwnCopies",
                List.of("rds:DeleteDBSnapshot"),
                local,
                obj("StringEquals", obj("rds:snapshot-tag/" + tag, names.environment())))
            .allow(
                "DeleteOwnClusterCopies",
                List.of("rds:DeleteDBClusterSnapshot"),
                localCluster,
                obj("StringEquals", obj("rds:cluster-snapshot-tag/" + tag, names.environment())))
            .allow(
                "Reencrypt",
                List.of("kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey"),
                List.of(
                    getAtt(KEY, "Arn"),
                    sub("arn:${AWS::Partition}:kms:${HomeRegion}:${HomeAccountId}:key/*")))
            .deny(
                "KeepOwnershipTags",
                List.of("rds:RemoveTagsFromResource"),
                "*",
                ServiceRoles.touchesOwnershipTag());
    Map<String, Object> role =
        t.role(
            "ReplicationRole",
            replicationRole(names),
            "Snaplife's replication-service copying into this account",
            new PolicyDocument()
                .statement(
                    "AssumedByReplicationService",
                    "Allow",
                    obj(
                        "AWS",
                        sub(
                            "arn:${AWS::Partition}:iam::${HomeAccountId}:role/"
                                + names.environment()
                                + "-"
                                + SnaplifeService.REPLICATION.serviceName())),
                    List.of("sts:AssumeRole"),
                    null,
                    null)
                .toMap(),
            "copy-into-this-account",
            policy);
    role.put("Condition", "OtherAccount");
  }
}
