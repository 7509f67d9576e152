"""Conditions in resource policies, evaluated as AWS evaluates them where Snaplife relies on it.

policy-conditions: moto evaluates bucket policies (S3 checks them on every object request) but
treats a statement whose Condition it cannot verify as DENIED, whatever its effect, and supplies
no context keys. So the TLS-only statement every Snaplife bucket carries ("Deny s3:* when
aws:SecureTransport is false") denied every request, over any transport. On AWS a statement
whose condition does not hold does not apply (NEUTRAL), for Allow and Deny alike. The launcher
now evaluates conditions so, and supplies aws:SecureTransport "true": it stands for AWS's HTTPS
endpoints (clients reach it over plain HTTP only because it is local). A condition on a key the
request does not carry does not hold, as on AWS for the usual operators.
"""

from moto.iam import access_control

NAME = "policy-conditions"

SECURE_TRANSPORT = "aws:SecureTransport"


def _holds(condition, values):
    """Every operator's every key matches (moto's own check says "true" equals "false" for Bool,
    so Bool is evaluated here; the other operators by moto)."""
    for operator, keys in condition.items():
        if operator == "Bool":
            for key, expected in keys.items():
                wanted = expected if isinstance(expected, list) else [expected]
                actual = values.get(key)
                if actual is None or str(actual).lower() not in [str(w).lower() for w in wanted]:
                    return False
        elif not access_control.IAMPolicyStatement(
            {"Condition": {operator: keys}}
        )._check_conditions(values):
            return False
    return True


def install():
    statement = access_control.IAMPolicyStatement
    if getattr(statement, "_snaplife_conditions", False):
        return
    original = statement.is_action_permitted

    def is_action_permitted(
        self, action, resource="*", principal=None, incoming_condition_values=None
    ):
        values = {SECURE_TRANSPORT: "true", **(incoming_condition_values or {})}
        condition = self._statement.get("Condition")
        if condition and not _holds(condition, values):
            return access_control.PermissionResult.NEUTRAL
        return original(self, action, resource, principal, values)

    statement.is_action_permitted = is_action_permitted
    statement._snaplife_conditions = True
