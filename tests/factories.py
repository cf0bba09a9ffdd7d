"""Small plain factories: real rows through the models' own methods."""

from django.utils import timezone

from assessment.models import Membership, Organisation, User

PASSWORD = "a-long-test-password-42"


def make_user(email: str, name: str = "", **fields) -> User:
    """An account whose address is confirmed, unless `email_confirmed_at=None` is given."""
    fields.setdefault("email_confirmed_at", timezone.now())
    return User.objects.create_user(email, PASSWORD, name=name or email.split("@")[0], **fields)


def make_organisation(name: str, admin: User, **fields) -> Organisation:
    fields = {
        "kind": Organisation.Kind.CHARITY,
        "area": "Riverside",
        "size": Organisation.Size.SMALL,
        **fields,
    }
    return Organisation(name=name, **fields).create_with_admin(admin)


def add_member(organisation: Organisation, user: User, role=Membership.Role.MEMBER) -> Membership:
    return Membership.objects.create(organisation=organisation, user=user, role=role)


def membership_of(organisation: Organisation, user: User) -> Membership | None:
    """The person's membership of the organisation, or None if they are not a member."""
    return Membership.objects.filter(organisation=organisation, user=user).first()
