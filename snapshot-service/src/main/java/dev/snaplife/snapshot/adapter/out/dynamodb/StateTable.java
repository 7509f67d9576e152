package dev.snaplife.snapshot.adapter.out.dynamodb;

import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The snapshot service's own table ({@code <env>-snapshot-service-state}, keyed by a string {@code
 * id}, TTL on {@code expiresAt}). Its items, by the prefix of their id: {@code run/<run id>} and
 * {@code run/<run id>/<n>} (a run's journal), {@code reported/<snapshot ARN>} (snapshots RDS's
 * event reported), {@code rpo-watch} (the recovery-point watch), {@code policies} (the catalogue).
 */
public record StateTable(DynamoDbClient dynamo, String name) {

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue expiresAt(Instant now, Duration keep) {
    return AttributeValue.fromN(Long.toString(now.plus(keep).getEpochSecond()));
  }
}
