package dev.snaplife.platform.testservice;

import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The timer the routing table sends archive-service; the test service only counts its firings. */
@Component
public class UpkeepTimer implements CommandHandler<JsonNode> {

  public final AtomicInteger fired = new AtomicInteger();

  @Override
  public String command() {
    return Routing.ARCHIVE_UPKEEP.name();
  }

  @Override
  public Class<JsonNode> payloadType() {
    return JsonNode.class;
  }

  @Override
  public void handle(Command<JsonNode> timer) {
    fired.incrementAndGet();
  }
}
