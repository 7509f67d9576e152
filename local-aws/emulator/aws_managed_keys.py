"""AWS-managed KMS keys, as AWS has them: the keys behind the reserved aliases alias/aws/<service>
are the service's, RDS encrypts with its own by default, and what it encrypts cannot be shared.

kms-aws-managed-keys: moto creates the key behind a reserved alias (alias/aws/rds, alias/aws/s3
... moto's list) on first use, as AWS does, but reported it as the account's own, KeyManager
"CUSTOMER", described "Default key". Such a key now reads KeyManager "AWS", described as AWS
describes it ("Default key that protects my RDS database volumes when no other key is defined";
services whose wording is not known here get "my <service> resources"), in DescribeKey by alias
name, alias ARN, key id or key ARN, hence in any describe of a ListKeys entry; keys created with
CreateKey stay "CUSTOMER". One key per alias, account and region, even when first used by
concurrent requests.

RDS: a DB instance created with StorageEncrypted and no KmsKeyId, and a DB cluster likewise, got
moto's placeholder KmsKeyId "default_kms_key_id"; they now get the ARN of their account's and
region's aws/rds key, as on AWS, and so do their snapshots (manual and automated) and restores.
A cluster without StorageEncrypted got the placeholder too: it and its snapshots now have no
KmsKeyId, as an unencrypted instance already had none. A KmsKeyId given at creation that names
a key existing in KMS (key id, key ARN, alias name or alias ARN) is recorded as that key's ARN,
as AWS does; one that names none is kept as given (moto checks none there).

AWS refuses to share a snapshot encrypted with an AWS-managed key: ModifyDBSnapshotAttribute and
ModifyDBClusterSnapshotAttribute, AttributeName "restore", with any ValuesToAdd (account ids or
"all"), on a manual snapshot whose key is AWS-managed fail with InvalidParameterValue, HTTP 400:
"Snapshot <id> is encrypted with the AWS-managed key aws/rds and cannot be shared. Copy it with a
customer managed key and share the copy." (the wording is the launcher's). ValuesToRemove alone is
accepted, and so is sharing an unencrypted snapshot or one on a customer managed key, e.g. a copy
made with CopyDBSnapshot or CopyDBClusterSnapshot and a customer KmsKeyId (a copy without one
keeps its source's key).
"""

import inspect
import threading

from moto.kms import models as kms_models
from moto.kms.utils import RESERVED_ALIASES
from moto.rds import models as rds_models
from moto.rds.exceptions import InvalidParameterValue

NAME = "kms-aws-managed-keys"

AWS_ALIAS_PREFIX = "alias/aws/"
RDS_ALIAS = "alias/aws/rds"
# What moto records as the KmsKeyId of an encrypted resource created without one.
MOTO_PLACEHOLDER = "default_kms_key_id"
# What the key protects, in AWS's descriptions of its managed keys; others read "<service>
# resources".
PROTECTS = {"rds": "RDS database volumes", "s3": "S3 objects", "ebs": "EBS volumes"}

_DEFAULT_KEYS = threading.Lock()


def _aws_managed_alias(key):
    """The key's reserved alias ("alias/aws/rds") if it is AWS-managed, else None."""
    if key.key_manager != "AWS":
        return None
    return next((name for name in key.aliases if name.startswith(AWS_ALIAS_PREFIX)), None)


def _managed_default_keys():
    """The key moto generates behind a reserved alias is AWS's; one per alias, even when two
    requests use the alias first at once (moto checks and creates without a lock)."""
    generate = kms_models.KmsBackend._generate_default_keys
    key_id_from_alias = kms_models.KmsBackend.get_key_id_from_alias

    def _generate_default_keys(self, alias_name):
        key_id = generate(self, alias_name)
        if key_id is not None:
            key = self.keys[key_id]
            key.key_manager = "AWS"
            service = alias_name[len(AWS_ALIAS_PREFIX) :]
            protects = PROTECTS.get(service, f"{service} resources")
            key.description = (
                f"Default key that protects my {protects} when no other key is defined"
            )
        return key_id

    def get_key_id_from_alias(self, alias_name):
        if alias_name not in RESERVED_ALIASES:
            return key_id_from_alias(self, alias_name)
        with _DEFAULT_KEYS:
            return key_id_from_alias(self, alias_name)

    kms_models.KmsBackend._generate_default_keys = _generate_default_keys
    kms_models.KmsBackend.get_key_id_from_alias = get_key_id_from_alias


def _kms_backend(identifier, account, region):
    """The KMS backend an identifier's key lives in: its ARN's account and region, else the given
    ones; None when moto has not created it (nor is one created)."""
    if identifier.startswith("arn:"):
        parts = identifier.split(":", 5)
        if len(parts) < 6:
            return None
        region, account = parts[3], parts[4]
    regions = dict.get(kms_models.kms_backends, account)
    return dict.get(regions, region) if regions is not None else None


def find_key(identifier, account, region):
    """The KMS key a KmsKeyId names (key id, key ARN, alias name or alias ARN), looked up in its
    ARN's account and region or the given ones; None when there is no such key. A reserved
    alias's key is created on first use, as AWS does."""
    if not identifier:
        return None
    backend = _kms_backend(identifier, account, region)
    if backend is None:
        return None
    key_id = backend.get_alias_name(identifier)
    if key_id.startswith("alias/"):
        key_id = backend.get_key_id_from_alias(key_id)
        if key_id is None:
            return None
    return backend.keys.get(backend.get_key_id(key_id))


def _rds_key_arn(resource, given):
    """The KmsKeyId an encrypted RDS resource records: the given key's ARN (as given when KMS
    has no such key), else the aws/rds key's of the resource's account and region."""
    account, region = resource.backend.account_id, resource.backend.region_name
    if given and given != MOTO_PLACEHOLDER:
        key = find_key(given, account, region)
        return key.arn if key is not None else given
    return resource.backend.kms.describe_key(RDS_ALIAS).arn


def _default_rds_keys():
    """Replaces moto's placeholder KmsKeyId where DB instances and clusters are constructed (by
    create, restore, read replica and CloudFormation alike), before their automated backup."""
    instance_init = rds_models.DBInstance.__init__
    cluster_init = rds_models.DBCluster.__init__

    def instance(self, *args, **kwargs):
        instance_init(self, *args, **kwargs)
        # A clustered instance's key is its cluster's (and the cluster not yet set here).
        if self.db_cluster_identifier is None and self.storage_encrypted:
            self.kms_key_id = _rds_key_arn(self, self.kms_key_id)

    def cluster(self, *args, **kwargs):
        cluster_init(self, *args, **kwargs)
        if self.storage_encrypted:
            self.kms_key_id = _rds_key_arn(self, self.kms_key_id)
        elif self.kms_key_id == MOTO_PLACEHOLDER:
            self.kms_key_id = None

    rds_models.DBInstance.__init__ = instance
    rds_models.DBCluster.__init__ = cluster


def _refuse_sharing(method_name, identifier_param, find_snapshot):
    """Wraps a backend ModifyDB*SnapshotAttribute: adding to "restore" fails on a manual snapshot
    encrypted with an AWS-managed key. Other calls, and other snapshots, go to moto as before."""
    original = getattr(rds_models.RDSBackend, method_name)
    signature = inspect.signature(original)

    def modify(self, *args, **kwargs):
        call = signature.bind(self, *args, **kwargs)
        call.apply_defaults()
        identifier = call.arguments[identifier_param]
        if call.arguments["attribute_name"] == "restore" and call.arguments["values_to_add"]:
            snapshot = find_snapshot(self, identifier)
            key = None
            if snapshot.snapshot_type == "manual" and snapshot.encrypted:
                key = find_key(snapshot.kms_key_id, self.account_id, self.region_name)
            alias = _aws_managed_alias(key) if key is not None else None
            if alias is not None:
                raise InvalidParameterValue(
                    f"Snapshot {identifier} is encrypted with the AWS-managed key "
                    f"{alias.removeprefix('alias/')} and cannot be shared. Copy it with a "
                    "customer managed key and share the copy."
                )
        return original(self, *args, **kwargs)

    modify.__name__ = method_name
    setattr(rds_models.RDSBackend, method_name, modify)


def install():
    _managed_default_keys()
    _default_rds_keys()
    _refuse_sharing(
        "modify_db_snapshot_attribute",
        "db_snapshot_identifier",
        lambda backend, identifier: backend.describe_db_snapshots(
            db_instance_identifier=None, db_snapshot_identifier=identifier
        )[0],
    )
    _refuse_sharing(
        "modify_db_cluster_snapshot_attribute",
        "db_cluster_snapshot_identifier",
        lambda backend, identifier: backend.describe_db_cluster_snapshots(
            db_cluster_identifier=None, db_snapshot_identifier=identifier
        )[0],
    )
