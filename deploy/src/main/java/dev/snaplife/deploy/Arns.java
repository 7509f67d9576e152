package dev.snaplife.deploy;

import static dev.snaplife.deploy.template.Fn.arn;
import static dev.snaplife.deploy.template.Fn.getAtt;
import static dev.snaplife.deploy.template.Fn.localArn;
import static dev.snaplife.deploy.template.Fn.sub;

import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.util.List;
import java.util.Map;

/**
 * The ARNs the home template's policies name, from the environment's deterministic resource names:
 * written as {@code Fn::Sub} strings rather than references, so a policy can name a resource of a
 * type the template creates later, or in another region.
 */
final class Arns {

  /** The logical id of the environment's key. */
  static final String KEY = "Key";

  private final ResourceNames names;

  Arns(ResourceNames names) {
    this.names = names;
  }

  Object key() {
    return getAtt(KEY, "Arn");
  }

  /** The environment's key in the copy region (made by the destination template there). */
  Object keysInCopyRegion() {
    return arn("kms", "${CopyRegion}", "${AWS::AccountId}", "key/*");
  }

  Object queue(SnaplifeService service) {
    return localArn("sqs", names.queue(service));
  }

  Object deadLetterQueue(SnaplifeService service) {
    return localArn("sqs", names.deadLetterQueue(service));
  }

  Object table(String table) {
    return localArn("dynamodb", "table/" + table);
  }

  Object bus() {
    return localArn("events", "event-bus/" + names.eventBus());
  }

  Object topic(String topic) {
    return localArn("sns", topic);
  }

  /** Exports of copies go to the bucket of the copy's region. */
  Object exportsBucketsOfEveryRegion() {
    return sub("arn:${AWS::Partition}:s3:::" + names.exportsBucket("${AWS::AccountId}", "*"));
  }

  Object objectsIn(Object bucketArn) {
    return Map.of("Fn::Join", List.of("", List.of(bucketArn, "/*")));
  }

  Object archivesBucket() {
    return sub(
        "arn:${AWS::Partition}:s3:::"
            + names.archivesBucket("${AWS::AccountId}", "${AWS::Region}"));
  }

  Object role(String name) {
    return sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/" + name);
  }

  Object schedules() {
    return localArn("scheduler", "schedule/" + names.scheduleGroup() + "/*");
  }

  /** An RDS resource of this account in the home region ({@code db:*}, {@code snapshot:*}…). */
  Object rds(String resource) {
    return localArn("rds", resource);
  }

  /** An RDS resource of this account in the copy region. */
  Object rdsInCopyRegion(String resource) {
    return arn("rds", "${CopyRegion}", "${AWS::AccountId}", resource);
  }

  Object glue(String resource) {
    return localArn("glue", resource);
  }

  Object secrets(String prefix) {
    return localArn("secretsmanager", "secret:" + prefix + "*");
  }
}
