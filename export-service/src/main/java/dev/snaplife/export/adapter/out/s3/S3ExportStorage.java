package dev.snaplife.export.adapter.out.s3;

import dev.snaplife.export.application.port.ExportStorage;
import dev.snaplife.export.domain.Location;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Export folders in S3: listed and deleted a page (up to 1,000 keys) at a time. */
public final class S3ExportStorage implements ExportStorage {

  private final Function<Location, S3Client> s3;

  public S3ExportStorage(Function<Location, S3Client> s3) {
    this.s3 = s3;
  }

  @Override
  public int deleteFolder(Location at, String bucket, String folder) {
    if (folder.isEmpty() || !folder.endsWith("/")) {
      throw new IllegalArgumentException("not a folder: '" + folder + "'");
    }
    S3Client client = s3.apply(at);
    int deleted = 0;
    for (var page : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder))) {
      List<ObjectIdentifier> keys =
          page.contents().stream()
              .map(S3Object::key)
              .map(k -> ObjectIdentifier.builder().key(k).build())
              .toList();
      if (keys.isEmpty()) {
        continue;
      }
      var response =
          client.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
      if (response.hasErrors() && !response.errors().isEmpty()) {
        var first = response.errors().get(0);
        throw new IllegalStateException(
            "S3 kept "
                + response.errors().size()
                + " objects of s3://"
                + bucket
                + "/"
                + folder
                + ", first "
                + first.key()
                + ": "
                + first.code()
                + " (tried again at the next upkeep)");
      }
      deleted += keys.size();
    }
    return deleted;
  }
}
