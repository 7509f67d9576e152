package dev.snaplife.cli.operator;

import dev.snaplife.cli.SnaplifeCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code snaplife archive}: archive-service's archive policies, by hand. */
@Command(
    name = "archive",
    mixinStandardHelpOptions = true,
    subcommands = {ArchiveRunCommand.class},
    description = {
      "Archive policies by hand: request a run of one now, as its EventBridge Scheduler schedule would.",
      "",
      "archive-service dumps each database the policy selects (pg_dump / mariadb-dump) to S3 Glacier and journals it; the notifier reports each archive written or failed. Scheduled archive policies are listed by 'snaplife schedules' (archive-<policy>)."
    },
    footer = {"", "Typical use:", "  snaplife archive run monthly-dumps --database prod-orders"})
public final class ArchiveCommand {

  @ParentCommand private SnaplifeCli root;

  SnaplifeCli root() {
    return root;
  }
}
