"""People: an account is an email address, a name and a password."""

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    Permission,
    PermissionsMixin,
)
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property


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
