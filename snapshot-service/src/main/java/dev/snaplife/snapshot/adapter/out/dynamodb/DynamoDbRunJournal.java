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
    List<String> ids = new ArrayList<>();
    for (int n = 0; n < chunks; n++) {
      ids.add(chunk(runId, n));
    }
    Map<String, List<SnapshotRef>> byId = new HashMap<>();
    for (Map<String, AttributeValue> item : table.getAll(ids)) {
      byId.put(item.get("id").s(), json.readValue(gunzip(item.get("refs").b()), REFS));
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
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    int chunks = 0;
    for (int from = 0; from < planned.size(); from += PER_CHUNK, chunks++) {
      List<SnapshotRef> part = planned.subList(from, Math.min(planned.size(), from + PER_CHUNK));
      Map<String, AttributeValue> item = new HashMap<>(key(chunk(runId, chunks)));
      item.put("refs", AttributeValue.fromB(gzip(json.writeValueAsBytes(part))));
      item.put("expiresAt", expiresAt);
      items.add(item);
    }
    table.putAll(items);
    Map<String, AttributeValue> head = new HashMap<>(key(head(runId)));
    head.put("chunks", AttributeValue.fromN(Integer.toString(chunks)));
    head.put("expiresAt", expiresAt);
    table.dynamo().putItem(b -> b.tableName(table.name()).item(head));
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
