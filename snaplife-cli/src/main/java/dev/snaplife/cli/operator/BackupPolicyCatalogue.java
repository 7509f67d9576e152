package dev.snaplife.cli.operator;

import dev.snaplife.cli.AwsCalls;
import dev.snaplife.cli.AwsUnavailableException;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backup policies snapshot-service runs, as it published them at its last start: the item
 * {@code policies} of its {@code state} table, a JSON list of entries with a {@code name}.
 */
public final class BackupPolicyCatalogue {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final DynamoDbClient dynamo;
  private final AwsCalls aws;

  public BackupPolicyCatalogue(DynamoDbClient dynamo, AwsCalls aws) {
    this.dynamo = dynamo;
    this.aws = aws;
  }

  public String table() {
    return aws.names().serviceTable(SnaplifeService.SNAPSHOT, "state");
  }

  /**
   * The policies' names; empty when the service never published them here (never started in this
   * environment, or its table is missing): nothing to check a request against then.
   */
  public Optional<List<String>> policies() {
    Map<String, AttributeValue> item;
    try {
      item =
          aws.call(
              "GetItem",
              "table " + table(),
              () ->
                  dynamo
                      .getItem(
                          b ->
                              b.tableName(table())
                                  .key(Map.of("id", AttributeValue.fromS("policies"))))
                      .item());
    } catch (AwsUnavailableException e) {
      if (e.getCause() instanceof AwsServiceException refused && AwsCalls.isNotFound(refused)) {
        return Optional.empty();
      }
      throw e;
    }
    if (item == null || !item.containsKey("policies")) {
      return Optional.empty();
    }
    List<String> policies = new ArrayList<>();
    JSON.readTree(item.get("policies").s()).forEach(p -> policies.add(p.path("name").asString()));
    return Optional.of(policies);
  }
}
