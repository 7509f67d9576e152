package dev.snaplife.cli.operator;

import dev.snaplife.cli.SnaplifeCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code snaplife backup}: snapshot-service's backup policies, by hand. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    subcommands = {BackupRunCommand.class},
    description = {
      "Backup policies by hand: request a run of one now, as its EventBridge Scheduler schedule would.",
      "",
      "snapshot-service takes the policy's snapshots, expires the old ones, and the notifier sends the run's digest to the info topic. Each policy's schedule is listed by 'snaplife schedules' (backup-<policy>)."
    },
    footer = {
      "",
      "Typical use:",
      "  snaplife backup run production-daily --dry-run   # what would it take and delete?",
      "  snaplife backup run production-daily             # then run it",
      "  snaplife schedules                               # when it runs by itself"
    })
public final class BackupCommand {

  @ParentCommand private SnaplifeCli root;

  SnaplifeCli root() {
    return root;
  }
}
