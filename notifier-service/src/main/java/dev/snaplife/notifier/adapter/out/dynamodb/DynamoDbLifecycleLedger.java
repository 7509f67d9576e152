package dev.snaplife.notifier.adapter.out.dynamodb;

import static dev.snaplife.contracts.ledger.LedgerTable.*;

import dev.snaplife.contracts.ledger.LedgerTable;
import dev.snaplife.contracts.ledger.LifecycleEntry;
import dev.snaplife.notifier.application.port.LifecycleLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The ledger in the notifier's own table ({@link LedgerTable}): the entry and the index items of
 * its database and snapshot in one {@code BatchWriteItem}, whose keys all derive from the event, so
 * a redelivery rewrites the same three items. Items are kept for {@code retention}.
 */
public final class DynamoDbLifecycleLedger implements LifecycleLedger {

  /** Unprocessed items are written again this many times before the handler fails (and retries). */
  private static final int ATTEMPTS = 5;

  private final DynamoDbClient dynamo;
  private final String table;
  private final Duration retention;

  public DynamoDbLifecycleLedger(DynamoDbClient dynamo, String table, Duration retention) {
    this.dynamo = dynamo;
    this.table = table;
    this.retention = retention;
  }

  @Override
  public void record(LifecycleEntry entry) {
    String expires = Long.toString(entry.occurredAt().plus(retention).getEpochSecond());
    String lifecycle = entry.lifecycleId().toString();
    List<WriteRequest> writes = new ArrayList<>();
    writes.add(put(entryItem(entry, expires)));
    writes.add(put(indexItem(databaseKey(entry.database()), entry, expires)));
    if (entry.snapshot() != null) {
      writes.add(put(indexItem(snapshotKey(entry.snapshot()), entry, expires)));
    }
    Map<String, List<WriteRequest>> pending = Map.of(table, writes);
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      if (attempt > ATTEMPTS) {
        throw new IllegalStateException(
            "the ledger table " + table + " kept refusing the entry of lifecycle " + lifecycle);
      }
      Map<String, List<WriteRequest>> request = pending;
      BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
      pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
    }
  }

  private static Map<String, AttributeValue> entryItem(LifecycleEntry entry, String expires) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, s(lifecycleKey(entry.lifecycleId())));
    item.put(SK, s(entryKey(entry.occurredAt(), entry.eventId())));
    item.put(LIFECYCLE_ID, s(entry.lifecycleId().toString()));
    item.put(EVENT_ID, s(entry.eventId().toString()));
    item.put(EVENT_TYPE, s(entry.eventType()));
    item.put(OCCURRED_AT, s(entry.occurredAt().toString()));
    item.put(STAGE, s(entry.stage().name()));
    item.put(SUBJECT, s(entry.subject()));
    item.put(STATE, s(entry.state().name()));
    item.put(DATABASE, s(entry.database()));
    item.put(DETAIL, s(entry.detail()));
    item.put(EXPIRES_AT, AttributeValue.fromN(expires));
    putIfPresent(item, SNAPSHOT, entry.snapshot());
    putIfPresent(item, LOCATION, entry.location());
    putIfPresent(item, FAILURE, entry.failure());
    putIfPresent(item, NOTIFIED, entry.notified());
    if (entry.retryable() != null) {
      item.put(RETRYABLE, AttributeValue.fromBool(entry.retryable()));
    }
    return item;
  }

  private static Map<String, AttributeValue> indexItem(
      String key, LifecycleEntry entry, String expires) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, s(key));
    item.put(SK, s(entry.lifecycleId().toString()));
    item.put(LIFECYCLE_ID, s(entry.lifecycleId().toString()));
    item.put(DATABASE, s(entry.database()));
    item.put(SEEN_AT, s(entry.occurredAt().toString()));
    item.put(EXPIRES_AT, AttributeValue.fromN(expires));
    putIfPresent(item, SNAPSHOT, entry.snapshot());
    return item;
  }

  private static WriteRequest put(Map<String, AttributeValue> item) {
    return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
  }

  private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, s(value));
    }
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
