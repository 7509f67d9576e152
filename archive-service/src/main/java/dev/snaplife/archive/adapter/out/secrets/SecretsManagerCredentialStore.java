package dev.snaplife.archive.adapter.out.secrets;

import dev.snaplife.archive.application.port.CredentialStore;
import dev.snaplife.archive.domain.DatabaseCredentials;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads database logins stored as Secrets Manager's "credentials for an RDS database" secrets (JSON
 * with username, password, host, port, dbname), as seed 001 stores them. Nothing read here is
 * logged, and the errors never quote the secret's value.
 */
public final class SecretsManagerCredentialStore implements CredentialStore {

  private final SecretsManagerClient secrets;
  private final ObjectMapper json;

  public SecretsManagerCredentialStore(SecretsManagerClient secrets, ObjectMapper json) {
    this.secrets = secrets;
    this.json = json;
  }

  @Override
  public Secret read(String secretId) {
    GetSecretValueResponse response;
    try {
      response = secrets.getSecretValue(b -> b.secretId(secretId));
    } catch (ResourceNotFoundException e) {
      throw new SecretUnavailableException("there is no secret " + secretId);
    }
    if (response.secretString() == null) {
      throw new SecretUnavailableException(
          "the secret " + secretId + " holds binary data, not an RDS login");
    }
    JsonNode value;
    try {
      value = json.readTree(response.secretString());
    } catch (JacksonException e) {
      // The parser's message could quote the value: say only where the problem is.
      throw new SecretUnavailableException("the secret " + secretId + " is not a JSON document");
    }
    String username = text(value, "username", secretId);
    String password = text(value, "password", secretId);
    String host = text(value, "host", secretId);
    int port = value.path("port").asInt(0);
    if (port <= 0 || port > 65535) {
      throw new SecretUnavailableException(
          "the secret " + secretId + " has no valid port (a number from 1 to 65535)");
    }
    String dbname = value.hasNonNull("dbname") ? value.get("dbname").asString() : null;
    return new Secret(
        response.arn(), new DatabaseCredentials(host, port, username, password, dbname));
  }

  private static String text(JsonNode value, String field, String secretId) {
    if (!value.hasNonNull(field) || value.get(field).asString().isBlank()) {
      throw new SecretUnavailableException("the secret " + secretId + " has no " + field);
    }
    return value.get(field).asString();
  }
}
