"""What every API view shares: who may call, JSON in and out, errors in one shape."""

from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer

from klachtwijs.api.authentication import IsStaffOrSystem, TokenAuthentication
from klachtwijs.api.errors import StrictJSONParser, api_exception_handler


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


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
