package dev.snaplife.contracts.event;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot export to S3 finished and, when configured, its Glue catalogue was crawled.
 *
 * @param location the export's S3 prefix: the export task's folder
 * @param exportOnly the databases, schemas or tables exported, when filtered
 * @param glueTables the catalogue's tables over this export's files, for Athena
 * @param rule the export rule that selected the snapshot
 */
public record ExportCompleted(
    SnapshotRef snapshot,
    String exportTaskIdentifier,
    S3Location location,
    String kmsKeyId,
    String iamRoleArn,
    @Nullable List<String> exportOnly,
    @Nullable String glueDatabase,
    @Nullable String glueCrawler,
    @Nullable Long totalExtractedDataGiB,
    @Nullable List<String> glueTables,
    @Nullable String rule)
    implements SnaplifeEvent {}
