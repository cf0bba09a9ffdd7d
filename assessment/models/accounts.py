"""People: an account is an email address, a name and a password."""

from datetime import timedelta

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    Permission,
    PermissionsMixin,
)
from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

# How long the link that confirms an email address works (templates/emails/confirm_email.*
# and templates/registration/confirm_email*.html say "3 days").
CONFIRMATION_LIFETIME = timedelta(days=3)
_CONFIRMATION_SALT = "coprod.confirm-email"


class ConfirmationError(Exception):
    """A link to confirm an email address that cannot be used: `problem` is expired or unknown."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        # Email addresses are stored lower-case, so sign-in ignores case.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    name = models.CharField("full name", max_length=150)
    is_staff = models.BooleanField(
        "working group staff",
        default=False,
        help_text="Can sign in to the back office (the Django admin).",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set once the person opened the link we emailed to the address: until then, nobody can
    # use the account to accept what was sent to that address (a leaked invitation link).
    email_confirmed_at = models.DateTimeField("email address confirmed", null=True, blank=True)
    # On unless the person turns it off: it goes only to members who lead open actions, at
    # most once a week, about their own organisation's plan (see assessment/digests.py).
    action_digest = models.BooleanField("weekly email about your actions", default=True)
    action_digest_sent_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def has_confirmed_email(self) -> bool:
        return self.email_confirmed_at is not None

    def email_confirmation_token(self) -> str:
        """A signed token naming this account and its address: it needs no table, expires
        (CONFIRMATION_LIFETIME), and any change to it breaks the signature."""
        return signing.dumps({"user": self.pk, "email": self.email}, salt=_CONFIRMATION_SALT)

    @classmethod
    def from_confirmation_token(cls, token: str) -> "User":
        """The account a confirmation link was made for; ConfirmationError if it expired, was
        changed, or names an address the account no longer has."""
        try:
            data = signing.loads(token, salt=_CONFIRMATION_SALT, max_age=CONFIRMATION_LIFETIME)
        except signing.SignatureExpired:
            raise ConfirmationError("expired") from None
        except signing.BadSignature:
            raise ConfirmationError("unknown") from None
        user = cls.objects.filter(
            pk=data.get("user"), email=data.get("email"), is_active=True
        ).first()
        if user is None:
            raise ConfirmationError("unknown")
        return user

    def confirm_email(self) -> None:
        User.objects.filter(pk=self.pk, email_confirmed_at__isnull=True).update(
            email_confirmed_at=timezone.now()
        )
        self.refresh_from_db(fields=["email_confirmed_at"])

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    @cached_property
    def in_working_group(self) -> bool:
        """Whether the person has the working group's permission, given to them, through a
        group, or as an active superuser: what `has_perm` says, in one query instead of two
        (every page's header asks)."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return Permission.objects.filter(
            Q(user=self) | Q(group__user=self),
            content_type__app_label="assessment",
            codename="view_working_group",
        ).exists()
