package dev.snaplife.export.adapter.in.commands;

import dev.snaplife.export.application.CatalogueExports;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import org.springframework.stereotype.Component;

/** The delayed check of a crawl over a completed export. */
@Component
class FollowCrawlCommand implements CommandHandler<CatalogueExports.Follow> {

  private final CatalogueExports catalogue;

  FollowCrawlCommand(CatalogueExports catalogue) {
    this.catalogue = catalogue;
  }

  @Override
  public String command() {
    return CatalogueExports.FOLLOW;
  }

  @Override
  public Class<CatalogueExports.Follow> payloadType() {
    return CatalogueExports.Follow.class;
  }

  @Override
  public void handle(Command<CatalogueExports.Follow> command) {
    catalogue.check(command);
  }
}
