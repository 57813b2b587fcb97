"""Local development: debug on, a throwaway secret, any local hostname."""

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret"  # noqa: F405, S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or ["localhost", "127.0.0.1", ".localhost", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
