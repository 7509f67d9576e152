package dev.snaplife.archive.adapter.out.dump;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * A tool's output as the caller reads it: notes whether it was read to its end, and shows every
 * byte to the row counter, if any, on the way.
 */
final class DumpOutput extends FilterInputStream {

  private final @Nullable DumpRowCounter counter;
  private volatile boolean ended;

  DumpOutput(InputStream output, @Nullable DumpRowCounter counter) {
    super(output);
    this.counter = counter;
  }

  boolean ended() {
    return ended;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b == -1) {
      ended = true;
    } else if (counter != null) {
      counter.accept((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    int n = super.read(bytes, offset, length);
    if (n == -1) {
      ended = true;
    } else if (counter != null) {
      counter.accept(bytes, offset, n);
    }
    return n;
  }

  /** Reads what it skips: the counter must see it. */
  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
    long skipped = 0;
    while (skipped < n) {
      int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (read == -1) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int limit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("a dump's output cannot be reset");
  }
}
