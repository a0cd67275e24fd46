"""Reference data (open to anyone: a website needs it to build its form) and situations."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.permissions import AllowAny

from klachtwijs.api import selectors
from klachtwijs.api.errors import LIST_ERRORS, READ_ERRORS, error
from klachtwijs.api.serializers.reference import (
    CategorySerializer,
    LocationSerializer,
    RegionSerializer,
    ServiceSerializer,
    SituationSerializer,
)
from klachtwijs.api.views.base import ApiMixin
from klachtwijs.feedback.models import Category
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Location, Region, Service

PUBLIC_LIST = {
    400: error(400, "`page` of `page_size` is geen heel getal groter dan 0."),
    404: error(404, "Deze pagina bestaat niet."),
}
PUBLIC_ONE = {404: error(404, "Niet gevonden.")}


class ReferenceViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    authentication_classes = []
    permission_classes = [AllowAny]


@extend_schema_view(
    list=extend_schema(responses={200: RegionSerializer(many=True), **PUBLIC_LIST}),
    retrieve=extend_schema(responses={200: RegionSerializer, **PUBLIC_ONE}),
)
@extend_schema(tags=["referentie"])
class RegionViewSet(ReferenceViewSet):
    """GGD-regio's."""

    queryset = Region.objects.order_by("name", "pk")
    serializer_class = RegionSerializer


@extend_schema_view(
    list=extend_schema(responses={200: ServiceSerializer(many=True), **PUBLIC_LIST}),
    retrieve=extend_schema(responses={200: ServiceSerializer, **PUBLIC_ONE}),
)
@extend_schema(tags=["referentie"])
class ServiceViewSet(ReferenceViewSet):
    """Diensten, elk met het wettelijk kader dat de regels bepaalt."""

    queryset = Service.objects.order_by("name", "pk")
    serializer_class = ServiceSerializer


@extend_schema_view(
    list=extend_schema(responses={200: LocationSerializer(many=True), **PUBLIC_LIST}),
    retrieve=extend_schema(responses={200: LocationSerializer, **PUBLIC_ONE}),
)
@extend_schema(tags=["referentie"])
class LocationViewSet(ReferenceViewSet):
    """Vestigingen, met de diensten die er gegeven worden."""

    queryset = Location.objects.prefetch_related("services").order_by("name", "pk")
    serializer_class = LocationSerializer


@extend_schema_view(
    list=extend_schema(responses={200: CategorySerializer(many=True), **PUBLIC_LIST}),
    retrieve=extend_schema(responses={200: CategorySerializer, **PUBLIC_ONE}),
)
@extend_schema(tags=["referentie"])
class CategoryViewSet(ReferenceViewSet):
    """Onderwerpen (categorieën) van klantreacties."""

    queryset = Category.objects.order_by("order", "name", "pk")
    serializer_class = CategorySerializer


@extend_schema_view(
    list=extend_schema(responses={200: SituationSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(responses={200: SituationSerializer, **READ_ERRORS}),
)
@extend_schema(tags=["klantreacties"])
class SituationViewSet(
    ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Klantreacties die over één situatie gaan; alleen de dossiers die u mag zien."""

    serializer_class = SituationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.Situation.objects.none()
        access.require(self.request.user, "dossier_list")
        return selectors.situations_visible(user=self.request.user)
