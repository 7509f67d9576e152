package dev.snaplife.archive.domain;

/** How an archive's bytes are compressed on their way to S3. */
public enum Compression {
  GZIP(".gz"),
  NONE("");

  private final String extension;

  Compression(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }
}
