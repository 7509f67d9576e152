package dev.snaplife.contracts.event;

/**
 * An S3 object or prefix.
 *
 * @param key an object key, or a prefix ending in '/' for exports
 */
public record S3Location(String bucket, String key) {

  public String uri() {
    return "s3://" + bucket + "/" + key;
  }
}
