package dev.snaplife.replication.adapter.out.kms;

import dev.snaplife.replication.application.port.Keys;
import dev.snaplife.replication.application.port.RdsSnapshots.StepRefused;
import dev.snaplife.replication.domain.Location;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Who manages a key, from KMS DescribeKey; remembered, since a key's manager never changes. An
 * inaccessible key is a refusal that names the key and the permission.
 */
public final class KmsKeys implements Keys {

  private final Function<Location, KmsClient> clients;
  private final Map<String, Boolean> awsManaged = new ConcurrentHashMap<>();

  public KmsKeys(Function<Location, KmsClient> clients) {
    this.clients = clients;
  }

  @Override
  public boolean awsManaged(Location location, String keyId) {
    Boolean known = awsManaged.get(keyId);
    if (known != null) {
      return known;
    }
    boolean managed;
    try {
      managed =
          clients.apply(location).describeKey(b -> b.keyId(keyId)).keyMetadata().keyManager()
              == KeyManagerType.AWS;
    } catch (KmsException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      if ("NotFoundException".equals(code) || "AccessDeniedException".equals(code)) {
        throw new StepRefused(
            "KmsKeyNotAccessible",
            "KMS key "
                + keyId
                + " cannot be described in "
                + location
                + " ("
                + code
                + "): the key was deleted, or this service's role lacks kms:DescribeKey on it",
            false);
      }
      throw e;
    }
    awsManaged.put(keyId, managed);
    return managed;
  }
}
