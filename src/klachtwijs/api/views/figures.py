"""GET /api/v1/figures/{year}/?region=: the annual report's counts, for BI tools."""

import dataclasses

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from klachtwijs.api.errors import AUTH_ERRORS, error
from klachtwijs.api.serializers.figures import FiguresQuerySerializer, FiguresSerializer
from klachtwijs.api.views.base import ApiMixin
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Region
from klachtwijs.reports.figures import Scope, year_figures

BAD_YEAR = "Kies een jaar van 2000 tot en met 2100."
NO_REGION = "Deze GGD-regio bestaat niet."
YEAR = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": 2000, "maximum": 2100},
    OpenApiParameter.PATH,
    description="kalenderjaar van ontvangst",
)


class FiguresView(ApiMixin, APIView):
    @extend_schema(
        tags=["cijfers"],
        parameters=[YEAR, FiguresQuerySerializer],
        responses={
            200: FiguresSerializer,
            400: error(400, "Jaar of regio klopt niet."),
            **AUTH_ERRORS,
        },
        summary="Cijfers voor het jaarverslag",
    )
    def get(self, request, year: str):
        """Aantallen van één jaar (en regio); geen persoonsgegevens. Ook voor het klantpanel."""
        access.require(request.user, "client_panel")
        if not (year.isdigit() and 2000 <= int(year) <= 2100):
            raise ValidationError({"year": [BAD_YEAR]})
        query = FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        region_id = query.validated_data.get("region")
        if region_id is not None and not Region.objects.filter(pk=region_id).exists():
            raise ValidationError({"region": [NO_REGION]})
        figures = year_figures(Scope(year=int(year), region_id=region_id))
        data = dataclasses.asdict(figures) | {
            "region": region_id,
            "in_time_share": figures.in_time_share,
        }
        return Response(FiguresSerializer(data).data)
