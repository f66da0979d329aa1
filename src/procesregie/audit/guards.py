"""Which append-only triggers must exist (created by migrations 0002 to 0004), and which are missing or disabled.

Since 0004, `audit_accesslogentry_no_delete` allows removing entries at or below their chain's pruning anchor
(docs/decisions/0018); the `audit_pruninganchor_*` triggers keep the anchors moving forward only."""

GUARD_TRIGGERS = {
    "sqlite": (
        "audit_accesslogentry_no_update",
        "audit_accesslogentry_no_delete",
        "audit_chainhead_no_delete",
        "audit_chainhead_forward_only",
        "audit_chainhead_own_chain",
        "audit_pruninganchor_no_delete",
        "audit_pruninganchor_starts_empty",
        "audit_pruninganchor_forward_only",
    ),
    "postgresql": (
        "audit_accesslogentry_no_update",
        "audit_accesslogentry_no_delete",
        "audit_accesslogentry_no_truncate",
        "audit_chainhead_no_delete",
        "audit_chainhead_no_truncate",
        "audit_chainhead_forward_only",
        "audit_chainhead_own_chain",
        "audit_pruninganchor_no_delete",
        "audit_pruninganchor_no_truncate",
        "audit_pruninganchor_starts_empty",
        "audit_pruninganchor_forward_only",
    ),
}

_ACTIVE_TRIGGERS_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    # tgenabled 'D': disabled with ALTER TABLE ... DISABLE TRIGGER.
    "postgresql": (
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
        "AND tgrelid IN ('audit_accesslogentry'::regclass, 'audit_chainhead'::regclass, "
        "'audit_pruninganchor'::regclass)"
    ),
}


def missing_guards(connection) -> list[str]:
    """The names of the guard triggers that are absent or disabled on `connection`."""
    with connection.cursor() as cursor:
        cursor.execute(_ACTIVE_TRIGGERS_SQL[connection.vendor])
        active = {name for (name,) in cursor.fetchall()}
    return [name for name in GUARD_TRIGGERS[connection.vendor] if name not in active]
