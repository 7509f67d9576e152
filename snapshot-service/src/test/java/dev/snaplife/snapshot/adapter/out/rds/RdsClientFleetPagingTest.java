package dev.snaplife.snapshot.adapter.out.rds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.DatabaseKind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The emulator's describes do not page like RDS (DescribeDBInstances aside), so the paging is
 * checked here against an API that pages exactly as RDS documents: MaxRecords, then Marker.
 */
class RdsClientFleetPagingTest {

  /** Serves the given items in pages of the requested size, recording each request. */
  static final class PagingRds implements RdsClient {
    final List<DBInstance> instances;
    final List<DBSnapshot> snapshots;
    final List<Object> requests = new ArrayList<>();

    PagingRds(int instanceCount, int snapshotCount) {
      instances =
          IntStream.range(0, instanceCount)
              .mapToObj(
                  i ->
                      DBInstance.builder()
                          .dbInstanceIdentifier("db-" + i)
                          .dbInstanceArn("arn:aws:rds:us-east-1:123456789012:db:db-" + i)
                          .engine("postgres")
                          .dbInstanceStatus("available")
                          .tagList(Tag.builder().key("team").value("t" + i % 3).build())
                          .build())
              .toList();
      snapshots =
          IntStream.range(0, snapshotCount)
              .mapToObj(
                  i ->
                      DBSnapshot.builder()
                          .dbSnapshotIdentifier("snap-" + i)
                          .dbSnapshotArn("arn:aws:rds:us-east-1:123456789012:snapshot:snap-" + i)
                          .dbInstanceIdentifier("db-" + i % instanceCount)
                          .status("available")
                          .snapshotType("manual")
                          .engine("postgres")
                          .build())
              .toList();
    }

    private static <T> List<T> page(List<T> all, Integer max, String marker) {
      int from = marker == null ? 0 : Integer.parseInt(marker);
      return all.subList(from, Math.min(all.size(), from + (max == null ? 100 : max)));
    }

    private static String next(int size, Integer max, String marker) {
      int from = marker == null ? 0 : Integer.parseInt(marker);
      int to = from + (max == null ? 100 : max);
      return to < size ? String.valueOf(to) : null;
    }

    @Override
    public DescribeDbInstancesResponse describeDBInstances(DescribeDbInstancesRequest request) {
      requests.add(request);
      return DescribeDbInstancesResponse.builder()
          .dbInstances(page(instances, request.maxRecords(), request.marker()))
          .marker(next(instances.size(), request.maxRecords(), request.marker()))
          .build();
    }

    @Override
    public DescribeDbSnapshotsResponse describeDBSnapshots(DescribeDbSnapshotsRequest request) {
      requests.add(request);
      List<DBSnapshot> matching = snapshots;
      for (Filter filter : request.filters()) {
        if (filter.name().equals("db-snapshot-id")) {
          matching =
              matching.stream()
                  .filter(s -> filter.values().contains(s.dbSnapshotIdentifier()))
                  .toList();
        }
      }
      return DescribeDbSnapshotsResponse.builder()
          .dbSnapshots(page(matching, request.maxRecords(), request.marker()))
          .marker(next(matching.size(), request.maxRecords(), request.marker()))
          .build();
    }

    @Override
    public String serviceName() {
      return "rds";
    }

    @Override
    public void close() {}
  }

  @Test
  void readsEveryPageOfAHundredAndTheTagsWithThem() {
    PagingRds rds = new PagingRds(250, 0);

    var databases = fleet(rds).databases(DatabaseKind.DB_INSTANCE);

    assertThat(databases).hasSize(250);
    assertThat(databases.get(249).tags()).containsEntry("team", "t0");
    assertThat(rds.requests).hasSize(3);
  }

  @Test
  void readsSnapshotsInPagesOfAHundred() {
    PagingRds rds = new PagingRds(10, 1001);

    var snapshots = fleet(rds).snapshots(DatabaseKind.DB_INSTANCE);

    assertThat(snapshots).hasSize(1001);
    assertThat(snapshots.stream().map(s -> s.identifier()).distinct()).hasSize(1001);
    assertThat(rds.requests).hasSize(11);
  }

  private static RdsClientFleet fleet(RdsClient rds) {
    return new RdsClientFleet(
        rds,
        new dev.snaplife.snapshot.application.port.RdsFleet.Location("123456789012", "us-east-1"));
  }

  @Test
  void describesNamedSnapshotsInOneFilteredCallPerHundredWhateverTheAccountHolds() {
    PagingRds rds = new PagingRds(10, 5000);
    List<String> wanted = IntStream.range(0, 250).mapToObj(i -> "snap-" + (i * 7)).toList();

    var found = fleet(rds).snapshots(DatabaseKind.DB_INSTANCE, wanted);

    assertThat(found).extracting(s -> s.identifier()).containsExactlyInAnyOrderElementsOf(wanted);
    assertThat(rds.requests).hasSize(3);
    assertThat(rds.requests)
        .allSatisfy(
            r ->
                assertThat(((DescribeDbSnapshotsRequest) r).filters().get(0).values())
                    .hasSizeLessThanOrEqualTo(100));
  }

  @Test
  void anEmptyFleetCostsOneCall() {
    PagingRds rds = new PagingRds(0, 0);

    assertThat(fleet(rds).databases(DatabaseKind.DB_INSTANCE)).isEmpty();
    assertThat(rds.requests).hasSize(1);
  }
}
