from .accounts import User
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
from .organisations import Invitation, Membership, Organisation

__all__ = [
    "EVIDENCE_MAX_LENGTH",
    "Answer",
    "Assessment",
    "Extent",
    "Invitation",
    "Membership",
    "Organisation",
    "Perspective",
    "PrincipleResult",
    "Respondent",
    "Section",
    "User",
]
