from django.urls import path

from klachtwijs.register import views

app_name = "import"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("koppelen/", views.mapping, name="mapping"),
    path("controle/", views.preview, name="preview"),
    path("sjabloon.xlsx", views.template_download, {"extension": "xlsx"}, name="template_xlsx"),
    path("sjabloon.csv", views.template_download, {"extension": "csv"}, name="template_csv"),
]
