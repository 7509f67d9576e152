package dev.snaplife.archive.adapter.out.dump;

import dev.snaplife.archive.domain.DatabaseCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A MariaDB/MySQL option file holding a login, so the password never appears on a command line.
 * Created readable by this user only from the start: no moment exists in which others could read
 * it.
 */
final class OptionFile {

  private OptionFile() {}

  static Path write(Path directory, DatabaseCredentials login) {
    Path file;
    try {
      Files.createDirectories(
          directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      file =
          Files.createTempFile(
              directory,
              "mysql-",
              ".cnf",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create an option file in " + directory, e);
    }
    String text =
        "[client]\n"
            + "user="
            + quoted(login.username())
            + "\npassword="
            + quoted(login.password())
            + "\nhost="
            + quoted(login.host())
            + "\nport="
            + login.port()
            + "\n";
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      delete(file);
      throw new UncheckedIOException("cannot write the option file " + file, e);
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the option file " + file, e);
    }
  }

  /** Double quotes keep '#' and spaces; the option file reader undoes these escapes. */
  static String quoted(String value) {
    return "\""
        + value
            .replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        + "\"";
  }
}
