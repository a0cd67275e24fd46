"""Any other address under /api/: a JSON 404 like the rest of the API, not an HTML page."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from klachtwijs.api.views.base import ApiMixin


@extend_schema(exclude=True)
class NotFoundView(ApiMixin, APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        raise NotFound("Dit adres bestaat niet in de API.")
