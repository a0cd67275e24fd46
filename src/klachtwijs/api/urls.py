"""/api/: the schema, Swagger UI and version 1 of the API."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from klachtwijs.api.views import docs, feedback, figures, not_found, public, reference

app_name = "api"

router = SimpleRouter()
router.register("klantreacties", feedback.FeedbackViewSet, basename="feedback")
router.register("situations", reference.SituationViewSet, basename="situation")
router.register("locations", reference.LocationViewSet, basename="location")
router.register("regions", reference.RegionViewSet, basename="region")
router.register("services", reference.ServiceViewSet, basename="service")
router.register("categories", reference.CategoryViewSet, basename="category")

v1 = [
    path("public/klantreacties/", public.PublicFeedbackView.as_view(), name="public-feedback"),
    path("figures/<str:year>/", figures.FiguresView.as_view(), name="figures"),
    *router.urls,
]

urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.SwaggerView.as_view(), name="docs"),
    path("v1/", include(v1)),
    re_path(r"^[\s\S]*/$", not_found.NotFoundView.as_view()),  # also odd characters
]
