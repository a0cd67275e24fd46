"""The back office under /staff/ (namespace `staff`): lists and dossiers live in two modules."""

from klachtwijs.feedback import urls_dossier, urls_lists

urlpatterns = urls_lists.urlpatterns + urls_dossier.urlpatterns
