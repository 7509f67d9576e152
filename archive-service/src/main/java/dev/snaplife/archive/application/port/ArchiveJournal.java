package dev.snaplife.archive.application.port;

import dev.snaplife.archive.domain.ArchiveRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The DynamoDB journal of every archive, and its due lists: which archives expire, or are due a
 * re-verification, on each day. Retention reads the journal, never an S3 listing.
 */
public interface ArchiveJournal {

  Optional<ArchiveRecord> find(String archiveId);

  /** Writes the entry as it now stands. */
  void save(ArchiveRecord record);

  /** Puts the archive on the due list of a day (idempotent). */
  void due(Due kind, LocalDate day, String archiveId);

  /**
   * The days up to and including {@code today} whose due lists were not yet swept, oldest first,
   * each with its archive ids.
   */
  List<DueDay> unswept(Due kind, LocalDate today);

  /** Records that every archive due on the day was dealt with. */
  void swept(Due kind, LocalDate day);

  /** Records a verification's outcome on the entry. */
  void verified(String archiveId, Instant at, boolean restored);

  enum Due {
    EXPIRY,
    VERIFICATION
  }

  record DueDay(LocalDate day, List<String> archiveIds) {}
}
