"""The floor: the smallest Django project, served exactly like Klachtwijs in the benchmark."""

import os

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "bench-hello-not-secret")
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "hello.urls"
WSGI_APPLICATION = "hello.wsgi.application"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True
