package dev.snaplife.contracts.event;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot export to S3 finished and, when configured, its Glue catalogue was crawled.
 *
 * @param location the export's S3 prefix
 * @param exportOnly the databases, schemas or tables exported, when filtered
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
    @Nullable Long totalExtractedDataGiB)
    implements SnaplifeEvent {}
