package dev.snaplife.archive.adapter.out.dump;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.TableRows;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DumpRowCounterTest {

  /** The shape mariadb-dump 10.11 writes, with the data a counter could trip over. */
  private static final String DUMP =
      """
      /*M!999999\\- enable the sandbox mode */\s
      -- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
      /*!40101 SET NAMES utf8mb4 */;

      --
      -- Table structure for table `empty`
      --

      DROP TABLE IF EXISTS `empty`;
      CREATE TABLE `empty` (
        `id` int(11) DEFAULT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

      LOCK TABLES `empty` WRITE;
      /*!40000 ALTER TABLE `empty` DISABLE KEYS */;
      /*!40000 ALTER TABLE `empty` ENABLE KEYS */;
      UNLOCK TABLES;

      DROP TABLE IF EXISTS `odd``name`;
      CREATE TABLE `odd``name` (
        `id` int(11) NOT NULL,
        `s` text DEFAULT 'INSERT INTO `x` VALUES (1)',
        PRIMARY KEY (`id`)
      ) ENGINE=InnoDB;

      LOCK TABLES `odd``name` WRITE;
      INSERT INTO `odd``name` VALUES
      (1,'),('),
      (2,'it\\'s'),
      (3,'it''s'),
      (4,'back\\\\'),
      (5,'\\\\'),
      (6,NULL),
      (7,'line\\nINSERT INTO `odd``name` VALUES (99);\\n(8,'),
      (8,"double \\" and '' and )(");
      INSERT INTO `odd``name` VALUES (9,'ünïcödé');
      UNLOCK TABLES;

      CREATE TABLE `t` (
        `id` int(11) NOT NULL,
        `b` blob DEFAULT NULL
      );
      INSERT INTO `t` (`id`, `b`) VALUES (1,0x00275C292C28),(2,NULL),(3,0x);
      INSERT IGNORE INTO `t` VALUES (4,0xFF);
      REPLACE INTO `t` VALUES (5,0x29);

      --
      -- Temporary table structure for view `v`
      --
      /*!50001 CREATE VIEW `v` AS SELECT
       1 AS `id` */;

      DELIMITER ;;
      /*!50003 CREATE*/ /*!50003 TRIGGER `trg` AFTER INSERT ON `t` FOR EACH ROW
      INSERT INTO `audit` VALUES (NEW.id) */;;
      DELIMITER ;
      INSERT INTO `t` VALUES (6,NULL);

      -- Dump completed on 2026-11-22 10:10:12
      """;

  private static final List<TableRows> EXPECTED =
      List.of(new TableRows("empty", 0), new TableRows("odd`name", 9), new TableRows("t", 6));

  @Test
  void countsTheTuplesOfEachTablesInsertsAndTheTablesWithoutAny() {
    assertThat(countInChunks(bytes(DUMP), 1 << 16, new Random(0))).isEqualTo(EXPECTED);
  }

  @Test
  void countsTheSameWhenFedOneByteAtATime() {
    DumpRowCounter counter = new DumpRowCounter();
    for (byte b : bytes(DUMP)) {
      counter.accept(b);
    }

    assertThat(counter.tables()).isEqualTo(EXPECTED);
  }

  @Test
  void countsTheSameWhenFedInRandomChunks() {
    Random random = new Random(42);
    for (int run = 0; run < 200; run++) {
      assertThat(countInChunks(bytes(DUMP), 1 + random.nextInt(40), random))
          .as("run %d", run)
          .isEqualTo(EXPECTED);
    }
  }

  @Test
  void countsAMultiRowInsertOnOneLine() {
    assertThat(count("INSERT INTO `a` VALUES (1,'x'),(2,'y'),(3,'z');\n"))
        .containsExactly(new TableRows("a", 3));
  }

  @Test
  void doesNotCountAStringThatLooksLikeARowBoundary() {
    assertThat(count("INSERT INTO `a` VALUES (1,'),('),(2,'a),(b'),(3,'\\'),(\\'');\n"))
        .containsExactly(new TableRows("a", 3));
  }

  @Test
  void endsAStringOnlyAtAnUnescapedUndoubledQuote() {
    assertThat(count("INSERT INTO `a` VALUES (1,''''),(2,'\\\\'),(3,'\\\\\\''),(4,'a''),(''b');\n"))
        .containsExactly(new TableRows("a", 4));
  }

  @Test
  void countsNullsAndHexLiterals() {
    assertThat(count("INSERT INTO `a` VALUES (NULL,NULL),(0x28292C,0x),(NULL,0x27);\n"))
        .containsExactly(new TableRows("a", 3));
  }

  @Test
  void countsAnInsertOfAnotherStatementAfterTheFirstEnds() {
    assertThat(
            count(
                "INSERT INTO `a` VALUES (1);\nINSERT INTO `b` VALUES (1),(2);\n"
                    + "INSERT INTO `a` VALUES (2);\n"))
        .containsExactly(new TableRows("a", 2), new TableRows("b", 2));
  }

  @Test
  void countsACreatedTableWithoutInsertsAsEmpty() {
    assertThat(
            count("CREATE TABLE `a` (\n  `id` int\n);\nCREATE TABLE IF NOT EXISTS `b` (x int);\n"))
        .containsExactly(new TableRows("a", 0), new TableRows("b", 0));
  }

  @Test
  void ignoresStatementsThatDoNotStartALine() {
    assertThat(count("-- INSERT INTO `a` VALUES (1);\n/*!50001 CREATE TABLE `v` (x int) */;\n"))
        .isEmpty();
  }

  @Test
  void ignoresInsertsInsideATriggerBody() {
    assertThat(
            count(
                "DELIMITER ;;\nINSERT INTO `log` VALUES (NEW.id) */;;\nDELIMITER ;\n"
                    + "INSERT INTO `a` VALUES (1);\n"))
        .containsExactly(new TableRows("a", 1));
  }

  private static List<TableRows> count(String dump) {
    return countInChunks(bytes(dump), Integer.MAX_VALUE, new Random(0));
  }

  private static List<TableRows> countInChunks(byte[] dump, int maxChunk, Random random) {
    DumpRowCounter counter = new DumpRowCounter();
    int offset = 0;
    while (offset < dump.length) {
      int length = Math.min(dump.length - offset, 1 + random.nextInt(Math.min(maxChunk, 1 << 20)));
      counter.accept(dump, offset, length);
      offset += length;
    }
    return counter.tables();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
