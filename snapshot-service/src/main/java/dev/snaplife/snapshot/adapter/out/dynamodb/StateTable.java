package dev.snaplife.snapshot.adapter.out.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The snapshot service's own table ({@code <env>-snapshot-service-state}, keyed by a string {@code
 * id}, TTL on {@code expiresAt}). Its items, by the prefix of their id: {@code run/<run id>} and
 * {@code run/<run id>/<n>} (a run's journal), {@code reported/<snapshot ARN>} (snapshots RDS's
 * event reported), {@code rpo-watch} (the recovery-point watch), {@code policies} (the catalogue).
 */
public record StateTable(DynamoDbClient dynamo, String name) {

  private static final int BATCH_GET_LIMIT = 100;
  private static final int BATCH_WRITE_LIMIT = 25;
  private static final int MAX_UNPROCESSED_ROUNDS = 1;

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue expiresAt(Instant now, Duration keep) {
    return AttributeValue.fromN(Long.toString(now.plus(keep).getEpochSecond()));
  }

  /** The items with these ids that exist, read consistently, {@value #BATCH_GET_LIMIT} a call. */
  List<Map<String, AttributeValue>> getAll(List<String> ids) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += BATCH_GET_LIMIT) {
      List<Map<String, AttributeValue>> keys =
          ids.subList(from, Math.min(ids.size(), from + BATCH_GET_LIMIT)).stream()
              .map(id -> Map.of("id", s(id)))
              .toList();
      Map<String, KeysAndAttributes> request =
          Map.of(name, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
      for (int round = 0; !request.isEmpty(); round++) {
        checkUnprocessed(round);
        Map<String, KeysAndAttributes> asked = request;
        BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(asked));
        items.addAll(response.responses().getOrDefault(name, List.of()));
        request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
      }
    }
    return items;
  }

  /** Writes these items, {@value #BATCH_WRITE_LIMIT} a call. */
  void putAll(List<Map<String, AttributeValue>> items) {
    List<WriteRequest> writes =
        items.stream()
            .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()))
            .map(WriteRequest.Builder::build)
            .toList();
    for (int from = 0; from < writes.size(); from += BATCH_WRITE_LIMIT) {
      Map<String, List<WriteRequest>> request =
          Map.of(name, writes.subList(from, Math.min(writes.size(), from + BATCH_WRITE_LIMIT)));
      for (int round = 0; !request.isEmpty(); round++) {
        checkUnprocessed(round);
        Map<String, List<WriteRequest>> asked = request;
        var response = dynamo.batchWriteItem(b -> b.requestItems(asked));
        request = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
      }
    }
  }

  /**
   * DynamoDB hands back what it could not take now (throttled partitions) without an error, so the
   * SDK does not retry it. The remainder is asked for once more at once; if DynamoDB still leaves
   * some, the call fails as transient and the message's redelivery backs off before the whole
   * (idempotent) read or write runs again, so no thread waits here.
   */
  private void checkUnprocessed(int round) {
    if (round > MAX_UNPROCESSED_ROUNDS) {
      throw new IllegalStateException(
          "DynamoDB still left items of table "
              + name
              + " unprocessed after a second request: retried after the message's backoff");
    }
  }
}
