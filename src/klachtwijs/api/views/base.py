"""What every API view shares: who may call, JSON in and out, errors in one shape."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer

from klachtwijs.api.authentication import IsStaffOrSystem, TokenAuthentication
from klachtwijs.api.errors import StrictJSONParser, api_exception_handler
from klachtwijs.core.pagination import CappedPaginator

BAD_NUMBER = _("Vul een heel getal groter dan 0 in.")


class Pagination(PageNumberPagination):
    """Page numbers, with the count capped as in the back office (core/pagination.py).

    `count` is exact up to 1,000 rows; beyond that it says 1,000 and `count_capped` is true,
    so a list of a million dossiers does not scan the table on every page.
    """

    django_paginator_class = CappedPaginator
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        """`page` and `page_size` are what the schema says, positive whole numbers, or a 400
        (DRF would quietly use page 1 or 25 rows for `?page=&page_size=abc`)."""
        for name in (self.page_query_param, self.page_size_query_param):
            value = request.query_params.get(name)
            if value is not None and not (value.isascii() and value.isdigit() and int(value)):
                raise ValidationError({name: [BAD_NUMBER]})
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "Waar als er meer rijen zijn dan `count` (telling stopt bij 1000).",
        }
        paginated["required"] = [*paginated.get("required", []), "count_capped"]
        return paginated


class ApiMixin:
    """Mixed into every view of /api/v1/ (the project's REST_FRAMEWORK stays default)."""

    # The token scheme comes first, so an anonymous call gets 401 with WWW-Authenticate.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsStaffOrSystem]
    renderer_classes = [JSONRenderer]
    parser_classes = [StrictJSONParser]
    pagination_class = Pagination
    # Ids of at most 18 digits: each fits a 64-bit integer column. Longer ones are not found.
    lookup_value_regex = r"[0-9]{1,18}"

    def get_exception_handler(self):
        return api_exception_handler
