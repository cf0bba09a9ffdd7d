from .accounts import User
from .actions import Action
from .assessments import (
    EVIDENCE_MAX_LENGTH,
    Answer,
    Assessment,
    Extent,
    Perspective,
    PrincipleResult,
    Respondent,
    Section,
)
from .audit import AuditEvent
from .organisations import Invitation, Membership, Organisation
from .reports import StoredReport
from .reviews import AgreedRung, PeerRating, PeerReview, PositionStatement
from .rounds import Round, RoundSummary
from .sending import EmailCount

__all__ = [
    "EVIDENCE_MAX_LENGTH",
    "Action",
    "AgreedRung",
    "Answer",
    "Assessment",
    "AuditEvent",
    "EmailCount",
    "Extent",
    "Invitation",
    "Membership",
    "Organisation",
    "PeerRating",
    "PeerReview",
    "Perspective",
    "PositionStatement",
    "PrincipleResult",
    "Respondent",
    "Round",
    "RoundSummary",
    "Section",
    "StoredReport",
    "User",
]
