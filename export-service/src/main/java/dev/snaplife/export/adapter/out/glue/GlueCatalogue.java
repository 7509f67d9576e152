package dev.snaplife.export.adapter.out.glue;

import dev.snaplife.export.application.port.Catalogue;
import dev.snaplife.export.application.port.Refused;
import dev.snaplife.export.domain.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.Crawler;
import software.amazon.awssdk.services.glue.model.CrawlerRunningException;
import software.amazon.awssdk.services.glue.model.DeleteBehavior;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.S3Target;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.UpdateBehavior;

/** Glue databases, crawlers and tables through the SDK, in the account and region asked for. */
public final class GlueCatalogue implements Catalogue {

  private final Function<Location, GlueClient> glue;

  public GlueCatalogue(Function<Location, GlueClient> glue) {
    this.glue = glue;
  }

  @Override
  public void ensureDatabase(Location at, String database, String description) {
    try {
      glue.apply(at)
          .createDatabase(b -> b.databaseInput(d -> d.name(database).description(description)));
    } catch (AlreadyExistsException exists) {
      // Made by an earlier export of the database: one call either way.
    } catch (AwsServiceException e) {
      throw refused(e, "Glue database " + database);
    }
  }

  @Override
  public CrawlerState ensureCrawler(Location at, CrawlerSpec spec) {
    GlueClient client = glue.apply(at);
    List<S3Target> targets =
        spec.s3Targets().stream().map(p -> S3Target.builder().path(p).build()).toList();
    try {
      Crawler existing;
      try {
        existing = client.getCrawler(b -> b.name(spec.name())).crawler();
      } catch (EntityNotFoundException missing) {
        try {
          client.createCrawler(
              b ->
                  b.name(spec.name())
                      .role(spec.roleArn())
                      .databaseName(spec.database())
                      .description("Snaplife: the exports of one database, for Athena")
                      .targets(t -> t.s3Targets(targets))
                      // Tables of expired exports go with them; a changed schema updates them.
                      .schemaChangePolicy(
                          p ->
                              p.deleteBehavior(DeleteBehavior.DELETE_FROM_DATABASE)
                                  .updateBehavior(UpdateBehavior.UPDATE_IN_DATABASE)));
          return new CrawlerState(false, null, null, null);
        } catch (AlreadyExistsException raced) {
          existing = client.getCrawler(b -> b.name(spec.name())).crawler();
        }
      }
      List<String> current =
          existing.targets() == null
              ? List.of()
              : existing.targets().s3Targets().stream().map(S3Target::path).toList();
      CrawlerState state = stateOf(existing);
      if (state.running()
          || (current.equals(spec.s3Targets())
              && spec.roleArn().equals(existing.role())
              && spec.database().equals(existing.databaseName()))) {
        return state;
      }
      client.updateCrawler(
          b ->
              b.name(spec.name())
                  .role(spec.roleArn())
                  .databaseName(spec.database())
                  .targets(t -> t.s3Targets(targets)));
      return state;
    } catch (CrawlerRunningException running) {
      return new CrawlerState(true, null, null, null);
    } catch (AwsServiceException e) {
      throw refused(e, "Glue crawler " + spec.name());
    }
  }

  @Override
  public boolean startCrawl(Location at, String crawler) {
    try {
      glue.apply(at).startCrawler(b -> b.name(crawler));
      return true;
    } catch (CrawlerRunningException running) {
      return false;
    } catch (AwsServiceException e) {
      throw refused(e, "Glue crawler " + crawler);
    }
  }

  @Override
  public CrawlerState state(Location at, String crawler) {
    Crawler c;
    try {
      c = glue.apply(at).getCrawler(b -> b.name(crawler)).crawler();
    } catch (AwsServiceException e) {
      throw refused(e, "Glue crawler " + crawler);
    }
    return stateOf(c);
  }

  private static CrawlerState stateOf(Crawler c) {
    var last = c.lastCrawl();
    return new CrawlerState(
        running(c),
        last == null || last.startTime() == null ? null : last.startTime().toString(),
        last == null || last.status() == null ? null : last.statusAsString(),
        last == null ? null : last.errorMessage());
  }

  private static boolean running(Crawler c) {
    String state = c.stateAsString();
    return "RUNNING".equals(state) || "STOPPING".equals(state);
  }

  @Override
  public List<String> tablesUnder(Location at, String database, String s3Folder) {
    List<String> names = new ArrayList<>();
    try {
      for (var page : glue.apply(at).getTablesPaginator(b -> b.databaseName(database))) {
        for (Table t : page.tableList()) {
          String location = t.storageDescriptor() == null ? null : t.storageDescriptor().location();
          if (location != null && location.startsWith(s3Folder)) {
            names.add(t.name());
          }
        }
      }
    } catch (AwsServiceException e) {
      throw refused(e, "Glue database " + database);
    }
    return names.stream().sorted().toList();
  }

  /** Throttling and 5xx are retried by redelivery; anything else is a refusal with Glue's code. */
  private static RuntimeException refused(AwsServiceException e, String what) {
    if (e.isThrottlingException() || e.statusCode() >= 500) {
      return e;
    }
    String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    String message =
        e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
    return new Refused(code, what + ": " + code + ": " + message, false);
  }
}
