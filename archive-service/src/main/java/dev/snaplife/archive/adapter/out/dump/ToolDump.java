package dev.snaplife.archive.adapter.out.dump;

import dev.snaplife.archive.application.port.DumpTools.RunningDump;
import dev.snaplife.archive.application.port.DumpTools.ToolFailedException;
import dev.snaplife.contracts.event.TableRows;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dump tool running, with what it holds open for its sake (a snapshot's transaction, an option
 * file), released when it exits or is closed.
 */
final class ToolDump implements RunningDump {

  private static final Logger log = LoggerFactory.getLogger(ToolDump.class);

  private final ToolProcess tool;
  private final DumpOutput output;
  private final Supplier<List<TableRows>> tables;
  private final List<AutoCloseable> heldOpen;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean released = new AtomicBoolean();
  private @Nullable List<TableRows> finished;

  ToolDump(
      ToolProcess tool,
      DumpOutput output,
      Supplier<List<TableRows>> tables,
      List<AutoCloseable> heldOpen) {
    this.tool = tool;
    this.output = output;
    this.tables = tables;
    this.heldOpen = List.copyOf(heldOpen);
  }

  @Override
  public InputStream output() {
    return output;
  }

  /** The tool's process, for tests that look at it or kill it. */
  ProcessHandle process() {
    return tool.handle();
  }

  @Override
  public synchronized List<TableRows> finish() {
    if (finished != null) {
      return finished;
    }
    if (closed.get()) {
      throw new IllegalStateException(tool.name() + "'s dump was closed before it finished");
    }
    if (!output.ended()) {
      throw new IllegalStateException(
          "read " + tool.name() + "'s output to its end before finishing the dump");
    }
    int exit;
    try {
      exit = tool.waitFor();
    } finally {
      release();
    }
    if (exit != 0) {
      boolean refused = tool.refusedLogin();
      throw new ToolFailedException(
          tool.failure(exit), refused ? "AuthenticationFailed" : "DumpFailed", !refused);
    }
    finished = tables.get();
    return finished;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      tool.close();
      release();
    }
  }

  private void release() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    for (AutoCloseable resource : heldOpen) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("releasing {}'s resources failed", tool.name(), e);
      }
    }
  }
}
