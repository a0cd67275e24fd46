"""The one URL fetcher for every PDF we render (letters, the annual report): WeasyPrint may load
data: URIs and files inside the media and static folders, nothing else — no http(s), no other
local file (issue 15). A text typed by the organisation (Markdown may hold an image) can then
neither make the server call out nor put a local file into a document."""

from pathlib import Path

from django.conf import settings


def allowed_folders() -> list[Path]:
    folders = [
        settings.MEDIA_ROOT,
        settings.STATIC_ROOT,
        *getattr(settings, "STATICFILES_DIRS", []),
    ]
    return [Path(folder).resolve() for folder in folders if folder]


def restricted_url_fetcher():
    """A WeasyPrint URL fetcher (pass it as `url_fetcher=`); WeasyPrint is imported on first use
    only. A refused URL raises, and WeasyPrint leaves that image or style out."""
    from weasyprint.urls import URLFetcher

    class _RestrictedFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if any(path.is_relative_to(folder) for folder in allowed_folders()):
                    return super().fetch(url, headers)
            raise ValueError(f"PDFs may not load {url!r}")

    return _RestrictedFetcher()
