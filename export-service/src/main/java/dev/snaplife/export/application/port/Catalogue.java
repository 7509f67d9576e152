package dev.snaplife.export.application.port;

import dev.snaplife.export.domain.Location;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The Glue Data Catalog that Athena reads: a database and a crawler per source database. */
public interface Catalogue {

  void ensureDatabase(Location at, String database, String description);

  /**
   * Creates the crawler, or sets its role, database and S3 targets to these.
   *
   * @return the crawler's state; a running crawler cannot be changed, and was not
   */
  CrawlerState ensureCrawler(Location at, CrawlerSpec spec);

  /** Starts a crawl; false when the crawler is running already. */
  boolean startCrawl(Location at, String crawler);

  CrawlerState state(Location at, String crawler);

  /** The database's tables whose files are under the S3 folder. */
  List<String> tablesUnder(Location at, String database, String s3Folder);

  /**
   * @param s3Targets {@code s3://bucket/folder/} of every export the crawler catalogues
   */
  record CrawlerSpec(String name, String roleArn, String database, List<String> s3Targets) {}

  /**
   * @param running RUNNING or STOPPING
   * @param lastCrawlStartedAt the last crawl's start, as Glue reports it (an opaque token)
   * @param lastCrawlStatus SUCCEEDED, CANCELLED or FAILED
   */
  record CrawlerState(
      boolean running,
      @Nullable String lastCrawlStartedAt,
      @Nullable String lastCrawlStatus,
      @Nullable String lastCrawlError) {}
}
