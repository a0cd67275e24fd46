"""The Django admin as a door like the others (issue #12): the same sign-in with TOTP as the
staff pages, and `organisation/access.py` decides who enters and which sections they see.

Django's own checks (`is_staff`, `is_superuser`, model permissions) grant nothing here: every
permission method of every ModelAdmin asks `access.can(user, section)`. A ModelAdmin that does
not say its section (a third-party app's) is shown to nobody.
"""

from collections import Counter
from functools import update_wrapper

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import router
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from klachtwijs.organisation import access


def verified(user) -> bool:
    """Signed in with password and TOTP (django-otp's middleware adds `is_verified`)."""
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_verified", bool)())


class SectionMixin:
    """Put first in a ModelAdmin's bases: the role's `section` (an `access.ACTIONS` key) decides
    viewing, adding, changing and deleting. Narrow it further by overriding a method and calling
    super(); never widen it with Django's model permissions."""

    section: str | None = None

    def in_section(self, request: HttpRequest) -> bool:
        user = request.user
        return (
            self.section is not None
            and verified(user)
            and access.can(user, "admin")
            and access.can(user, self.section)
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.in_section(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.in_section(request)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return self.in_section(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.in_section(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.in_section(request)

    def get_deleted_objects(self, objs, request):
        """What deleting `objs` would do, for the confirmation page.

        Rows outside the admin (a dossier, its timeline, the employee a meldcode dossier is
        about) are never deleted or changed from here: if deleting would touch them, Django's
        `perms_needed` refuses it. And they are counted, never named (a dossier's reference is
        not for this door)."""
        _deleted, model_count, perms_needed, _protected = super().get_deleted_objects(objs, request)
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        touched = {model for model in collector.model_objs if not model._meta.auto_created}
        touched |= {field.model for field, _value in collector.field_updates}
        perms_needed |= {
            str(model._meta.verbose_name_plural)
            for model in touched
            if model is not self.model and not self.admin_site.is_registered(model)
        }
        counts = Counter(capfirst(row._meta.verbose_name_plural) for row in collector.protected)
        protected = [f"{name}: {count}" for name, count in sorted(counts.items())]
        return [str(obj) for obj in objs], model_count, perms_needed, protected


class SectionAdmin(SectionMixin, admin.ModelAdmin):
    """A ModelAdmin in one section of the admin."""


class KlachtwijsAdminSite(admin.AdminSite):
    """Enter only signed in with TOTP, and only when `access` lets the role in."""

    site_header = _("Klachtwijs beheer")
    site_title = "Klachtwijs"
    index_title = _("Beheer")

    def has_permission(self, request: HttpRequest) -> bool:
        return verified(request.user) and access.can(request.user, "admin")

    def admin_view(self, view, cacheable: bool = False):
        """A signed-in, verified user whose role may not use the admin gets 403 (as on the
        staff pages), not another sign-in page."""
        guarded = super().admin_view(view, cacheable)

        def inner(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if verified(request.user) and not access.can(request.user, "admin"):
                raise PermissionDenied
            return guarded(request, *args, **kwargs)

        return update_wrapper(inner, view)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """No password-only sign-in here: the staff sign-in asks password and TOTP code."""
        if verified(request.user) and not access.can(request.user, "admin"):
            raise PermissionDenied
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(target, settings.LOGIN_URL)

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        """A ModelAdmin without a section (another app's) is registered shown to nobody."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, SectionMixin):
            name, attrs = admin_class.__name__, {"__module__": admin_class.__module__}
            admin_class = type(name, (SectionMixin, admin_class), attrs)
        super().register(model_or_iterable, admin_class, **options)
