package dev.snaplife.archive.adapter.out.dump;

import dev.snaplife.contracts.event.TableRows;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the rows of each table in a mariadb-dump / mysqldump SQL stream as it passes, fed in
 * chunks of any size: the tuples of its {@code INSERT INTO `t` VALUES (...),(...);} statements,
 * with every table a {@code CREATE TABLE `t`} line names (so an empty table counts 0).
 *
 * <p>Statements are recognised only at the start of a line and outside string literals, so data
 * that looks like SQL is not counted. Trigger and routine bodies between {@code DELIMITER ;;} and
 * {@code DELIMITER ;} are skipped: they may hold INSERT statements of their own.
 */
final class DumpRowCounter {

  private static final byte[] VALUES = ascii("VALUES");
  private static final byte[] DELIMITER = ascii("DELIMITER ");
  private static final List<byte[]> INSERTS =
      List.of(ascii("INSERT INTO `"), ascii("INSERT IGNORE INTO `"), ascii("REPLACE INTO `"));
  private static final List<byte[]> CREATES =
      List.of(ascii("CREATE TABLE `"), ascii("CREATE TABLE IF NOT EXISTS `"));
  private static final int MAX_HEAD = 64;
  private static final int MAX_NAME = 1024;

  private enum State {
    /** At the start of a line, collecting its first bytes. */
    HEAD,
    SKIP_LINE,
    NAME,
    /** A backtick in a name: its end, or the first of a doubled one. */
    NAME_BACKTICK,
    BEFORE_VALUES,
    COLUMN_NAME,
    ROWS,
    STRING,
    STRING_ESCAPE,
    /** A quote in a string: its end, or the first of a doubled one. */
    STRING_QUOTE
  }

  private final Map<String, Long> rows = new TreeMap<>();
  private final byte[] head = new byte[MAX_HEAD];
  private final ByteArrayOutputStream name = new ByteArrayOutputStream();
  private State state = State.HEAD;
  private int headLength;
  private boolean inserting;
  private boolean delimited;
  private String table = "";
  private int valuesMatched;
  private int depth;
  private byte quote;

  void accept(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      accept(bytes[i]);
    }
  }

  void accept(byte b) {
    while (!step(b)) {
      // the byte ended a token and is read again in the state that follows
    }
  }

  /** The tables seen so far, by name, with their rows. */
  List<TableRows> tables() {
    List<TableRows> tables = new ArrayList<>();
    rows.forEach((name, count) -> tables.add(new TableRows(name, count)));
    return List.copyOf(tables);
  }

  /** Returns false when the byte must be read again in the new state. */
  private boolean step(byte b) {
    switch (state) {
      case HEAD -> head(b);
      case SKIP_LINE -> {
        if (b == '\n') {
          startLine();
        }
      }
      case NAME -> {
        if (b == '`') {
          state = State.NAME_BACKTICK;
        } else if (name.size() < MAX_NAME) {
          name.write(b);
        }
      }
      case NAME_BACKTICK -> {
        if (b == '`') {
          name.write(b);
          state = State.NAME;
        } else {
          named();
          return false;
        }
      }
      case BEFORE_VALUES -> beforeValues(b);
      case COLUMN_NAME -> {
        if (b == '`') {
          state = State.BEFORE_VALUES;
        }
      }
      case ROWS -> rows(b);
      case STRING -> {
        if (b == '\\') {
          state = State.STRING_ESCAPE;
        } else if (b == quote) {
          state = State.STRING_QUOTE;
        }
      }
      case STRING_ESCAPE -> state = State.STRING;
      case STRING_QUOTE -> {
        if (b == quote) {
          state = State.STRING;
        } else {
          state = State.ROWS;
          return false;
        }
      }
    }
    return true;
  }

  private void head(byte b) {
    if (b == '\n') {
      if (startsWith(DELIMITER)) {
        String rest =
            new String(
                head, DELIMITER.length, headLength - DELIMITER.length, StandardCharsets.UTF_8);
        delimited = !rest.strip().equals(";");
      }
      startLine();
      return;
    }
    if (headLength == MAX_HEAD) {
      state = State.SKIP_LINE;
      return;
    }
    head[headLength++] = b;
    if (couldBe(DELIMITER) || startsWith(DELIMITER)) {
      return;
    }
    if (delimited) {
      state = State.SKIP_LINE;
      return;
    }
    for (byte[] prefix : INSERTS) {
      if (matches(prefix)) {
        startName(true);
        return;
      }
    }
    for (byte[] prefix : CREATES) {
      if (matches(prefix)) {
        startName(false);
        return;
      }
    }
    for (List<byte[]> prefixes : List.of(INSERTS, CREATES)) {
      for (byte[] prefix : prefixes) {
        if (couldBe(prefix)) {
          return;
        }
      }
    }
    state = State.SKIP_LINE;
  }

  private void startLine() {
    headLength = 0;
    state = State.HEAD;
  }

  private void startName(boolean insert) {
    inserting = insert;
    name.reset();
    state = State.NAME;
  }

  private void named() {
    String named = name.toString(StandardCharsets.UTF_8);
    rows.putIfAbsent(named, 0L);
    if (inserting) {
      table = named;
      valuesMatched = 0;
      state = State.BEFORE_VALUES;
    } else {
      state = State.SKIP_LINE;
    }
  }

  private void beforeValues(byte b) {
    if (b == '`') {
      state = State.COLUMN_NAME;
      valuesMatched = 0;
      return;
    }
    if (b == ';') {
      state = State.SKIP_LINE;
      return;
    }
    byte upper = (byte) Character.toUpperCase((char) (b & 0xff));
    if (upper == VALUES[valuesMatched]) {
      valuesMatched++;
      if (valuesMatched == VALUES.length) {
        depth = 0;
        state = State.ROWS;
      }
    } else {
      valuesMatched = upper == VALUES[0] ? 1 : 0;
    }
  }

  private void rows(byte b) {
    if (depth == 0) {
      if (b == '(') {
        depth = 1;
        rows.merge(table, 1L, Long::sum);
      } else if (b == ';') {
        state = State.SKIP_LINE;
      }
      return;
    }
    switch (b) {
      case '\'', '"' -> {
        quote = b;
        state = State.STRING;
      }
      case '(' -> depth++;
      case ')' -> depth--;
      default -> {}
    }
  }

  private boolean matches(byte[] prefix) {
    return headLength == prefix.length && startsWith(prefix);
  }

  private boolean couldBe(byte[] prefix) {
    return headLength < prefix.length && Arrays.equals(head, 0, headLength, prefix, 0, headLength);
  }

  private boolean startsWith(byte[] prefix) {
    return headLength >= prefix.length
        && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
