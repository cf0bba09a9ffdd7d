from .accounts import User
from .organisations import Invitation, Membership, Organisation

__all__ = ["Invitation", "Membership", "Organisation", "User"]
