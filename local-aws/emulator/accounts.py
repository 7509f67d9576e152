"""A 12-digit numeric access key id selects the account with that number.

moto 5.2.5 takes the account from MOTO_ACCOUNT_ID, then the x-moto-account-id header, then an
access key that moto's IAM issued (its regex only reads 20-character keys), else 123456789012:
any other access key, numeric or not, lands in the default account. Tests that want a fresh,
empty account each (the LocalStack convention) sign with aws_access_key_id="000000000042"; with
this extension moto keeps that account's resources apart and reports it in ARNs, queue URLs and
STS GetCallerIdentity. The key is read from the SigV4 Authorization header or a presigned URL's
X-Amz-Credential. Non-numeric keys such as "test" and keys issued by moto's IAM behave as
before, and the environment variable and the header keep their priority.
"""

import os
import re

from moto.core.responses import BaseResponse

NAME = "account-from-access-key"
_NUMERIC_KEY = re.compile(r"Credential=(\d{12})/")
_NUMERIC_ACCOUNT = re.compile(r"\d{12}")


def numeric_access_key(headers, querystring):
    match = _NUMERIC_KEY.search(headers.get("Authorization") or "")
    if match:
        return match.group(1)
    credential = (querystring.get("X-Amz-Credential") or [""])[0].split("/")[0]
    return credential if _NUMERIC_ACCOUNT.fullmatch(credential) else None


def install():
    original = BaseResponse.get_current_account

    def get_current_account(self):
        if "MOTO_ACCOUNT_ID" not in os.environ and "x-moto-account-id" not in self.headers:
            account = numeric_access_key(self.headers, getattr(self, "querystring", {}) or {})
            if account:
                return account
        return original(self)

    BaseResponse.get_current_account = get_current_account
