"""The schema and Swagger UI. Swagger UI's files are vendored (static/api/swagger-ui/): no CDN."""

import json

from django.templatetags.static import static
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

SWAGGER_DIR = "api/swagger-ui"
# Swagger UI's configuration (https://swagger.io/docs/open-source-tools/swagger-ui/usage/configuration/),
# chosen so the page is axe-clean (issue 18): no deep links (their link inside each operation's
# summary button is a control inside a control, axe: nested-interactive); no syntax colouring
# (its colours lack contrast on the dark example boxes); no separate list of schemas (its
# expand buttons have no name; each operation still shows its schemas under "Schema").
SWAGGER_UI_SETTINGS = {
    "deepLinking": False,
    "syntaxHighlight": False,
    "defaultModelsExpandDepth": -1,
}


class SchemaView(SpectacularAPIView):
    """OpenAPI 3: YAML by default, JSON with `?format=json`."""

    custom_settings = {
        "TITLE": "Klachtwijs API",
        "DESCRIPTION": (
            "Klantreacties, hun dossier en de cijfers voor het jaarverslag. Systemen melden zich "
            "aan met een API-sleutel (`Authorization: Bearer …`) die de beheerder aanmaakt; "
            "medewerkers met hun sessie (met tweede stap). Fouten zijn JSON met `code`, "
            "`detail` en bij 400 `fields` (per veld)."
        ),
        "VERSION": "1.0.0",
        "SCHEMA_PATH_PREFIX": "/api/v1",
        "COMPONENT_SPLIT_REQUEST": True,
        "ENUM_NAME_OVERRIDES": {
            "StatusEnum": "klachtwijs.feedback.models.Status",
            "KindEnum": "klachtwijs.feedback.models.Kind",
            "ChannelEnum": "klachtwijs.feedback.models.Channel",
            "EventKindEnum": "klachtwijs.feedback.models.Event.Kind",
            "ContactChannelEnum": "klachtwijs.feedback.models.Event.ContactChannel",
            "ErrorCodeEnum": "klachtwijs.api.errors.ERROR_CODES",
            "ActionEnum": "klachtwijs.api.gate.ACTION_NAMES",
        },
    }

    @extend_schema(exclude=True)  # the schema does not describe itself
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI with its script in a separate request, so no inline script is needed."""

    url_name = "api:schema"
    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if isinstance(response.data, dict) and "settings" in response.data:  # the script
            response.data["settings"] = json.dumps(SWAGGER_UI_SETTINGS)
        elif isinstance(response.data, dict):  # the HTML page
            response.data["page_css"] = static(f"{SWAGGER_DIR}/page.css")
            response.data["labels_js"] = static(f"{SWAGGER_DIR}/labels.js")
        return response

    @staticmethod
    def _swagger_ui_resource(filename: str) -> str:
        return static(f"{SWAGGER_DIR}/{filename}")

    @staticmethod
    def _swagger_ui_favicon() -> str:
        return static(f"{SWAGGER_DIR}/favicon-32x32.png")
