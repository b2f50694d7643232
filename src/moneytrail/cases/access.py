"""Need-to-know, declared as data: which role may do what, which agency kinds may do it,
and which cases an agency can see (its own, and those shared with it)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AgencyKind(StrEnum):
    """The kinds of agencies that take part in cases."""

    PROSECUTOR = "prosecutor"
    SECURITY = "security"
    FIU = "fiu"
    POLICE = "police"
    CUSTOMS = "customs"
    FOREIGN = "foreign"


class Role(StrEnum):
    """What a user does in their agency."""

    ANALYST = "analyst"
    INVESTIGATOR = "investigator"
    PROSECUTOR = "prosecutor"
    SUPERVISOR = "supervisor"
    BANK_LIAISON = "bank_liaison"
    AUDITOR = "auditor"
    FOREIGN_PARTNER = "foreign_partner"
    SYSTEM = "system"


class Action(StrEnum):
    """Every action a service performs, as named in the audit log."""

    CASE_CREATE = "case.create"
    CASE_READ = "case.read"
    CASE_SHARE = "case.share"
    CASE_CLOSE = "case.close"
    CASE_EXPORT = "case.export"
    EVIDENCE_ADD = "evidence.add"
    EVIDENCE_READ = "evidence.read"
    NOTE_ADD = "note.add"
    TASK_CREATE = "task.create"
    TASK_COMPLETE = "task.complete"
    OUTCOME_RECORD = "outcome.record"
    FREEZE_REQUEST = "freeze.request"
    FREEZE_SANCTION = "freeze.sanction"
    FREEZE_ACKNOWLEDGE = "freeze.acknowledge"
    FREEZE_EXECUTE = "freeze.execute"
    FREEZE_LIFT = "freeze.lift"
    FOREIGN_CREATE = "foreign.create"
    FOREIGN_SEND = "foreign.send"
    FOREIGN_RESPOND = "foreign.respond"
    FOREIGN_READ = "foreign.read"
    LEDGER_POST = "ledger.post"
    LEDGER_READ = "ledger.read"
    STATS_READ = "stats.read"
    AUDIT_READ = "audit.read"
    USER_ADMIN = "user.admin"
    LOGIN = "auth.login"
    SESSION = "auth.session"
    TOKEN = "auth.token"
    TOKEN_REVOKE = "auth.token_revoke"


A = Action
_READ = {A.CASE_READ, A.EVIDENCE_READ, A.FOREIGN_READ, A.LEDGER_READ, A.STATS_READ}
_WORK = {A.NOTE_ADD, A.EVIDENCE_ADD, A.TASK_COMPLETE}

POLICY: dict[Role, frozenset[Action]] = {
    Role.ANALYST: frozenset({*_READ, *_WORK, A.CASE_CREATE, A.CASE_EXPORT, A.FOREIGN_CREATE}),
    Role.INVESTIGATOR: frozenset(
        {*_READ, *_WORK, A.CASE_CREATE, A.CASE_SHARE, A.CASE_CLOSE, A.TASK_CREATE}
        | {A.OUTCOME_RECORD, A.FREEZE_REQUEST, A.FOREIGN_CREATE, A.LEDGER_POST, A.CASE_EXPORT}
    ),
    Role.PROSECUTOR: frozenset(
        {*_READ, A.NOTE_ADD, A.TASK_CREATE, A.TASK_COMPLETE, A.CASE_SHARE}
        | {A.FREEZE_SANCTION, A.FREEZE_LIFT, A.LEDGER_POST, A.CASE_EXPORT}
    ),
    Role.SUPERVISOR: frozenset(
        {*_READ, *_WORK, A.CASE_CREATE, A.CASE_SHARE, A.CASE_CLOSE, A.TASK_CREATE}
        | {A.OUTCOME_RECORD, A.AUDIT_READ, A.USER_ADMIN, A.TOKEN_REVOKE, A.CASE_EXPORT}
    ),
    Role.BANK_LIAISON: frozenset(
        {A.CASE_READ, A.FOREIGN_READ, A.NOTE_ADD, A.TASK_COMPLETE, A.FREEZE_ACKNOWLEDGE}
        | {A.FREEZE_EXECUTE, A.FOREIGN_SEND, A.FOREIGN_RESPOND, A.LEDGER_POST}
    ),
    Role.AUDITOR: frozenset({A.AUDIT_READ, A.STATS_READ}),
    Role.FOREIGN_PARTNER: frozenset(
        {A.CASE_READ, A.EVIDENCE_READ, A.NOTE_ADD, A.FOREIGN_READ, A.FOREIGN_RESPOND}
    ),
    Role.SYSTEM: frozenset({*_READ, A.EVIDENCE_ADD, A.NOTE_ADD}),
}
"""Role → the actions it allows. Authentication actions are open to everyone."""

AGENCY_LIMITS: dict[Action, frozenset[AgencyKind]] = {
    A.FREEZE_SANCTION: frozenset({AgencyKind.PROSECUTOR}),
    A.FREEZE_LIFT: frozenset({AgencyKind.PROSECUTOR}),
    A.FOREIGN_SEND: frozenset({AgencyKind.FIU}),
    A.FOREIGN_RESPOND: frozenset({AgencyKind.FIU, AgencyKind.FOREIGN}),
    A.CASE_CREATE: frozenset(set(AgencyKind) - {AgencyKind.FOREIGN}),
    A.LEDGER_POST: frozenset(set(AgencyKind) - {AgencyKind.FOREIGN}),
    A.CASE_EXPORT: frozenset(set(AgencyKind) - {AgencyKind.FOREIGN}),
}
"""Actions only some kinds of agency may take (sanctions are the prosecutor's office's)."""

OPEN_ACTIONS = frozenset({A.LOGIN, A.SESSION, A.TOKEN})

GLOBAL_ACTIONS = frozenset(
    {A.AUDIT_READ, A.STATS_READ, A.USER_ADMIN, A.CASE_CREATE, A.TOKEN_REVOKE}
)
"""Actions on no particular case: need-to-know does not apply, role and agency do."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The acting user or system, as the services see it."""

    user_id: int | None
    username: str
    agency_id: int | None
    agency_code: str
    agency_kind: AgencyKind | None
    role: Role | None

    @classmethod
    def anonymous(cls, username: str = "anonymous") -> Principal:
        """Someone not yet authenticated (a login attempt)."""
        return cls(None, username, None, "-", None, None)


def role_refusal(who: Principal, action: Action) -> str | None:
    """Why the role or agency kind forbids the action, or None when they allow it."""
    if action in OPEN_ACTIONS:
        return None
    if who.role is None or action not in POLICY[who.role]:
        return f"role {who.role or 'none'} may not {action.value}"
    kinds = AGENCY_LIMITS.get(action)
    if kinds is not None and who.agency_kind not in kinds:
        return f"agency kind {who.agency_kind or 'none'} may not {action.value}"
    return None


def case_refusal(who: Principal, owner_agency_id: int, shared_with: set[int]) -> str | None:
    """Why need-to-know hides the case, or None when the user's agency owns it or has it shared."""
    if who.agency_id is not None and (
        who.agency_id == owner_agency_id or who.agency_id in shared_with
    ):
        return None
    return f"case not shared with agency {who.agency_code}"
