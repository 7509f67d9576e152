package dev.snaplife.snapshot.adapter.out.dynamodb;

import static dev.snaplife.snapshot.adapter.out.dynamodb.StateTable.s;

import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.snapshot.application.port.RunJournal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's planned deletions, kept a month (longer than any retry of the run). A DynamoDB item holds
 * at most 400 KB and a run may plan thousands of deletions, so they are written as gzipped chunks
 * ({@code run/<id>/<n>}, {@value #PER_CHUNK} references each) in batches, then a head item ({@code
 * run/<id>}) saying how many chunks there are: a reader sees the journal only once it is whole.
 */
public final class DynamoDbRunJournal implements RunJournal {

  static final Duration KEEP = Duration.ofDays(30);

  /** About 400 bytes of JSON each, a tenth of that gzipped: a chunk stays far under 400 KB. */
  static final int PER_CHUNK = 500;

  private static final int BATCH_WRITE_LIMIT = 25;
  private static final int BATCH_GET_LIMIT = 100;
  private static final int MAX_UNPROCESSED_ROUNDS = 8;
  private static final TypeReference<List<SnapshotRef>> REFS = new TypeReference<>() {};

  private final StateTable table;
  private final JsonMapper json;
  private final Clock clock;

  public DynamoDbRunJournal(StateTable table, JsonMapper json, Clock clock) {
    this.table = table;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public List<SnapshotRef> plannedDeletions(UUID runId) {
    Map<String, AttributeValue> head =
        table
            .dynamo()
            .getItem(b -> b.tableName(table.name()).key(key(head(runId))).consistentRead(true))
            .item();
    if (head == null || !head.containsKey("chunks")) {
      return List.of();
    }
    int chunks = Integer.parseInt(head.get("chunks").n());
    Map<String, List<SnapshotRef>> byId = new HashMap<>();
    for (int from = 0; from < chunks; from += BATCH_GET_LIMIT) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (int n = from; n < Math.min(chunks, from + BATCH_GET_LIMIT); n++) {
        keys.add(key(chunk(runId, n)));
      }
      Map<String, KeysAndAttributes> request =
          Map.of(table.name(), KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
      for (int round = 0; !request.isEmpty(); round++) {
        pauseBeforeUnprocessed(round);
        Map<String, KeysAndAttributes> asked = request;
        var response = table.dynamo().batchGetItem(b -> b.requestItems(asked));
        for (Map<String, AttributeValue> item :
            response.responses().getOrDefault(table.name(), List.of())) {
          byId.put(item.get("id").s(), json.readValue(gunzip(item.get("refs").b()), REFS));
        }
        request = response.unprocessedKeys();
      }
    }
    List<SnapshotRef> planned = new ArrayList<>();
    for (int n = 0; n < chunks; n++) {
      List<SnapshotRef> part = byId.get(chunk(runId, n));
      if (part == null) {
        throw new IllegalStateException("run journal " + head(runId) + " lacks chunk " + n);
      }
      planned.addAll(part);
    }
    return planned;
  }

  @Override
  public void recordDeletions(UUID runId, List<SnapshotRef> planned) {
    AttributeValue expiresAt = StateTable.expiresAt(clock.instant(), KEEP);
    List<WriteRequest> writes = new ArrayList<>();
    int chunks = 0;
    for (int from = 0; from < planned.size(); from += PER_CHUNK, chunks++) {
      List<SnapshotRef> part = planned.subList(from, Math.min(planned.size(), from + PER_CHUNK));
      Map<String, AttributeValue> item = new HashMap<>(key(chunk(runId, chunks)));
      item.put("refs", AttributeValue.fromB(gzip(json.writeValueAsBytes(part))));
      item.put("expiresAt", expiresAt);
      writes.add(
          WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }
    for (int from = 0; from < writes.size(); from += BATCH_WRITE_LIMIT) {
      Map<String, List<WriteRequest>> request =
          Map.of(
              table.name(),
              writes.subList(from, Math.min(writes.size(), from + BATCH_WRITE_LIMIT)));
      for (int round = 0; !request.isEmpty(); round++) {
        pauseBeforeUnprocessed(round);
        Map<String, List<WriteRequest>> asked = request;
        request = table.dynamo().batchWriteItem(b -> b.requestItems(asked)).unprocessedItems();
      }
    }
    Map<String, AttributeValue> head = new HashMap<>(key(head(runId)));
    head.put("chunks", AttributeValue.fromN(Integer.toString(chunks)));
    head.put("expiresAt", expiresAt);
    table.dynamo().putItem(b -> b.tableName(table.name()).item(head));
  }

  /**
   * DynamoDB hands back what it could not take now (throttled partitions) without an error, so the
   * SDK does not retry it: back off as the SDK would, and give up (the run's delivery is retried)
   * if it persists.
   */
  private static void pauseBeforeUnprocessed(int round) {
    if (round == 0) {
      return;
    }
    if (round > MAX_UNPROCESSED_ROUNDS) {
      throw new IllegalStateException(
          "DynamoDB left items of the run journal unprocessed "
              + MAX_UNPROCESSED_ROUNDS
              + " times");
    }
    try {
      Thread.sleep(Math.min(5_000L, 50L << round));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the run journal", e);
    }
  }

  private static String head(UUID runId) {
    return "run/" + runId;
  }

  private static String chunk(UUID runId, int n) {
    return "run/" + runId + "/" + n;
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of("id", s(id));
  }

  private static SdkBytes gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 8 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SdkBytes.fromByteArray(out.toByteArray());
  }

  private static byte[] gunzip(SdkBytes bytes) {
    try (GZIPInputStream zip = new GZIPInputStream(bytes.asInputStream())) {
      return zip.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
