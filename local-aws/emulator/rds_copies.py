"""RDS snapshot copies as AWS makes them: they take time, cross-region ones are limited in number,
and a snapshot shared from another account can be copied by its ARN.

rds-copy-progress: a DB snapshot made by CopyDBSnapshot and a DB cluster snapshot made by
CopyDBClusterSnapshot read Status "copying", PercentProgress rising from 0 to 100, until their
transition's time has passed, then "available" (never "creating": rds-snapshot-progress's
transition, model "rds::snapshot", applies to creates only). The delay is the moto
state-manager transition of model "rds::snapshot-copy", default {"progression": "time",
"seconds": 3}, changed through POST /moto-api/state-manager/set-transition; any other
progression makes copies available at once. A copy records its transition, start time and
"copying" on itself (snaplife_moto.PROGRESS), which rds-snapshot-progress's status reads. The
source must be "available": a source still creating or copying fails the copy with
InvalidDBSnapshotState (DB snapshots) or InvalidDBClusterSnapshotStateFault (cluster snapshots),
HTTP 400. A cross-account or cross-region DB snapshot copy reports SourceDBSnapshotIdentifier
(the source's ARN) and SourceRegion; a cluster snapshot copy reports SourceDBClusterSnapshotArn.

rds-copy-limit: at most 5 cross-region copies (the source ARN's region is not the region the
copy is called in) may be "copying" at once per destination region per account, counted per
snapshot type: DB snapshot copies and DB cluster snapshot copies each have their own limit (a
choice; AWS documents the limit per destination region per account). One more fails with
SnapshotQuotaExceeded, HTTP 400: "Cannot have more than 5 concurrent cross-region copies in
progress to region eu-west-1." A copy stops counting once it is available. Same-region copies
never count. (5 is the limit older editions of the RDS user guide give; the current one says
20 for DB snapshots: set it to taste.) GET /moto-api/snaplife/rds-copy-limit answers {"concurrentCrossRegionCopies": 5};
POST with that body sets it (0 or more) and answers the same. The setting is the launcher's,
for every account, and outlives POST /moto-api/reset.

rds-cross-account-copy: moto looks a source ARN up in the caller's own account only, so a
snapshot shared from another account was DBSnapshotNotFound. SourceDBSnapshotIdentifier and
SourceDBClusterSnapshotIdentifier now also take the ARN of a snapshot in another account, in
the caller's region or another one; it is found in that account's and region's backend, and
only when it is a manual snapshot whose "restore" attribute (ModifyDBSnapshotAttribute,
ModifyDBClusterSnapshotAttribute) holds the caller's account id or "all". Otherwise the copy
fails as AWS's does with DBSnapshotNotFound or DBClusterSnapshotNotFoundFault, HTTP 404; a
shared source that is not available fails as above. Same-account cross-region copies by ARN
already worked in moto. The copy is made by moto in the caller's account and region, so it gets
the requested KmsKeyId (validated in the caller's account and region, recorded as the key's ARN,
Encrypted true) and counts toward the caller's manual snapshot quota (rds-quotas) and, across
regions, toward rds-copy-limit. Tags are moto's, which its authors checked against AWS: the
requested Tags when there are some, else with CopyTags the source's tags; AWS never merges them.
"""

from datetime import datetime, timezone

from moto.moto_api import state_manager
from moto.rds import models as rds_models
from moto.rds.exceptions import RDSClientError
from moto.rds.utils import split_arn

from extension_support import integer_setting, register

PROGRESS_NAME = "rds-copy-progress"
LIMIT_NAME = "rds-copy-limit"
CROSS_ACCOUNT_NAME = "rds-cross-account-copy"
NAMES = [PROGRESS_NAME, LIMIT_NAME, CROSS_ACCOUNT_NAME]

COPY_MODEL = "rds::snapshot-copy"
DEFAULT_COPY_TRANSITION = {"progression": "time", "seconds": 3}
LIMIT_KEY = "concurrentCrossRegionCopies"
DEFAULT_LIMIT = 5
LIMIT = {LIMIT_KEY: DEFAULT_LIMIT}

# On a copy: the region its source was in.
SOURCE_REGION = "_snaplife_copy_source_region"


class _Kind:
    """What differs between DB snapshot and DB cluster snapshot copies."""

    def __init__(self, snapshots, get_source, source_param, invalid_state):
        self.snapshots = snapshots  # the backend attribute holding them
        self.get_source = get_source  # the backend method resolving a source identifier
        self.source_param = source_param  # the backend copy method's source keyword
        self.invalid_state = invalid_state  # the error of a source that is not available


DB = _Kind(
    "database_snapshots",
    "get_db_snapshot",
    "source_db_snapshot_identifier",
    "InvalidDBSnapshotStateFault",  # the shape; answered with AWS's code InvalidDBSnapshotState
)
CLUSTER = _Kind(
    "cluster_snapshots",
    "get_db_cluster_snapshot",
    "source_db_cluster_snapshot_identifier",
    "InvalidDBClusterSnapshotStateFault",
)


def _arn_parts(identifier):
    """(region, account, resource type, name) of an ARN, or None for a plain identifier."""
    if not identifier.startswith("arn:"):
        return None
    try:
        return split_arn(identifier)
    except ValueError:
        return None


def _existing_backend(account, region):
    """moto's RDS backend of that account and region if it exists (none is created)."""
    regions = dict.get(rds_models.rds_backends, account)
    return dict.get(regions, region) if regions is not None else None


def _shared_with(snapshot, account):
    restore = snapshot.attributes.get("restore") or []
    return account in restore or "all" in restore


def _cross_account_sources():
    """RDSBackend.get_snapshot (used by the copies alone) also finds, by ARN, a snapshot of
    another account that is manual and shared with the caller's account."""
    original = rds_models.RDSBackend.get_snapshot

    def get_snapshot(self, identifier, resource_type, not_found_exception):
        parts = _arn_parts(identifier)
        if parts is None or parts[1] == self.account_id:
            return original(self, identifier, resource_type, not_found_exception)
        region, account, type_in_arn, name = parts
        backend = _existing_backend(account, region)
        snapshot = (
            backend.resource_map[resource_type].get(name) if backend is not None else None
        )
        if (
            snapshot is None
            or type_in_arn != resource_type.resource_type
            or snapshot.snapshot_type != "manual"
            or not _shared_with(snapshot, self.account_id)
        ):
            raise not_found_exception(identifier)
        return snapshot

    rds_models.RDSBackend.get_snapshot = get_snapshot


def _copying_from_other_regions(backend, kind):
    return sum(
        1
        for snapshot in list(getattr(backend, kind.snapshots).values())
        if snapshot.__dict__.get(SOURCE_REGION, backend.region_name) != backend.region_name
        and snapshot.status == "copying"
    )


def _tracked_copy(kind, backend_method, progress_attribute):
    """Wraps a backend copy method: the source must be available, a cross-region copy must fit
    in the limit, and the copy progresses by COPY_MODEL's transition (recorded in
    progress_attribute, which rds-snapshot-progress's status reads)."""

    def copy(self, *args, **kwargs):
        identifier = kwargs[kind.source_param] if kind.source_param in kwargs else args[0]
        if kind is DB and identifier.startswith("arn:aws:rds:"):
            self.extract_snapshot_name_from_arn(identifier)  # moto's check of the ARN's type
        source = getattr(self, kind.get_source)(identifier)
        if source.status != "available":
            raise RDSClientError(
                kind.invalid_state,
                f"Snapshot {source.arn} is {source.status}; "
                "the source of a copy must be available.",
            )
        parts = _arn_parts(identifier)
        source_region = parts[0] if parts else self.region_name
        cross_region = source_region != self.region_name
        if cross_region:
            limit = LIMIT[LIMIT_KEY]
            if _copying_from_other_regions(self, kind) >= limit:
                raise RDSClientError(
                    "SnapshotQuotaExceeded",
                    f"Cannot have more than {limit} concurrent cross-region copies in "
                    f"progress to region {self.region_name}.",
                )
        target = backend_method(self, *args, **kwargs)
        target.__dict__[progress_attribute] = (COPY_MODEL, datetime.now(timezone.utc), "copying")
        target.__dict__[SOURCE_REGION] = source_region
        if kind is DB:
            if cross_region or source.account_id != self.account_id:
                target.source_region = source_region
                target.source_db_snapshot_identifier = source.arn
        else:
            target.source_db_cluster_snapshot_arn = source.arn
        return target

    copy.__name__ = backend_method.__name__
    return copy


def copy_limit(request):
    return integer_setting(request, LIMIT, LIMIT_KEY)


def install(progress_attribute):
    """After snaplife_moto's rds-snapshot-progress, whose status reads a copy's progress from
    progress_attribute, and rds-quotas, which a copy passes after this module's checks."""
    state_manager.register_default_transition(COPY_MODEL, DEFAULT_COPY_TRANSITION)
    _cross_account_sources()
    for kind, name in ((DB, "copy_db_snapshot"), (CLUSTER, "copy_db_cluster_snapshot")):
        setattr(
            rds_models.RDSBackend,
            name,
            _tracked_copy(kind, getattr(rds_models.RDSBackend, name), progress_attribute),
        )
    register("/rds-copy-limit", copy_limit)
